"""Whose records a user may see through the reporting tree.

The rule every `visible_to` builds on: a user sees their own records and those of
everyone below them — members of the teams they manage (and those teams' sub-teams)
and people who report to them directly. Teams are few (hundreds at most), so the tree
is walked in Python once per call and handed to SQL as an id list.
"""

from __future__ import annotations

from collections import defaultdict

from patron.org.models import Team, User


def managed_team_ids(user: User) -> set[int]:
    """Ids of the teams `user` manages and all teams below them."""
    children: dict[int | None, list[int]] = defaultdict(list)
    roots: list[int] = []
    for team_id, parent_id, manager_id in Team.objects.values_list("id", "parent_id", "manager_id"):
        children[parent_id].append(team_id)
        if manager_id == user.pk:
            roots.append(team_id)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        team_id = stack.pop()
        if team_id in found:
            continue
        found.add(team_id)
        stack.extend(children[team_id])
    return found


def subordinate_ids(user: User) -> set[int]:
    """Ids of users below `user`: members of managed teams and direct/indirect reports."""
    team_ids = managed_team_ids(user)
    reports: dict[int, list[int]] = defaultdict(list)
    below: set[int] = set()
    for user_id, manager_id, team_id in User.objects.values_list("id", "manager_id", "team_id"):
        if manager_id is not None:
            reports[manager_id].append(user_id)
        if team_id in team_ids:
            below.add(user_id)
    stack = [user.pk, *below]
    while stack:
        for report_id in reports[stack.pop()]:
            if report_id not in below:
                below.add(report_id)
                stack.append(report_id)
    below.discard(user.pk)
    return below


def visible_owner_ids(user: User) -> set[int]:
    """The user and everyone below them: owners whose records the user may see."""
    return {user.pk, *subordinate_ids(user)}


def is_signed_in(user: User) -> bool:
    """Anonymous and deactivated users see nothing at all."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def may_change_owned_by(user: User, owner_id: int | None) -> bool:
    """The write rule for owned records: executives change nothing; sales ops and admins
    change everything; everyone else changes what they or the people below them own."""
    if not is_signed_in(user) or user.is_read_only:
        return False
    if user.sees_everything:
        return True
    return owner_id is not None and owner_id in visible_owner_ids(user)

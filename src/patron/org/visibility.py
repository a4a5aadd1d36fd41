"""Whose records a user may see through the reporting tree.

The rule every `visible_to` builds on: a user sees their own records and those of
everyone below them — members of the teams they manage (and those teams' sub-teams)
and people who report to them directly. Teams are few (hundreds at most), so the tree
is walked in Python and handed to SQL as an id list; `visible_owner_ids`, which every
`visible_to` calls, walks it once per user object (that is, once per request).
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


# Where visible_owner_ids keeps its answer on the user object, with the pk it was
# computed for.
_CACHE_ATTRIBUTE = "_patron_visible_owner_ids"


def visible_owner_ids(user: User) -> frozenset[int]:
    """The user and everyone below them: owners whose records the user may see.

    Computed once per user object and kept on it: a request loads its user afresh, so
    every list, count and check in one request reuses one walk of the tree, and the
    next request sees any change made since. Code that changes teams or managers and
    then asks again about a user it already asked about (a test, a long command) must
    load that user again. The answer is frozen so no caller can change what the next
    one reads, and it is tied to the pk it was computed for, so an object that becomes
    another user does not keep it.
    """
    cached = user.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is not None and cached[0] == user.pk:
        return cached[1]
    owner_ids = frozenset({user.pk, *subordinate_ids(user)})
    user.__dict__[_CACHE_ATTRIBUTE] = (user.pk, owner_ids)
    return owner_ids


def is_signed_in(user: User) -> bool:
    """Anonymous and deactivated users see nothing at all."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def with_reporting_tree(actor: User) -> User:
    """The actor, with the owners below them walked once (`visible_owner_ids` keeps
    the answer on the user): a clean step's write policy then asks no query."""
    if is_signed_in(actor):
        visible_owner_ids(actor)
    return actor

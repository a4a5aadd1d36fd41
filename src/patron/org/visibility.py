"""Whose records a user may see through the reporting tree.

The rule every `visible_to` builds on: a user sees their own records and those of
everyone below them — members of the teams they manage (and those teams' sub-teams)
and people who report to them directly. Teams are few (hundreds at most), so the tree
is walked in Python and handed to SQL as an id list; `visible_owner_ids`, which every
`visible_to` calls, walks it once per user object (that is, once per request).

`reach_by_rule` walks the same tree for every user at once: it is what the `Reach`
table must hold (decision 0021), and the proof that the table and the rule agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from patron.org.models import Team, User


@dataclass(slots=True)
class OrgTree:
    """The reporting tree as loaded from the database: teams, who manages them, who
    sits in them and who reports to whom."""

    team_children: dict[int | None, list[int]] = field(default_factory=lambda: defaultdict(list))
    teams_managed: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    team_members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    reports: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    user_ids: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, *, with_users: bool = True) -> OrgTree:
        """The tree in one query per table (the users' only when asked: the teams a
        user manages need none)."""
        tree = cls()
        for team_id, parent_id, manager_id in Team.objects.values_list(
            "id", "parent_id", "manager_id"
        ):
            tree.team_children[parent_id].append(team_id)
            if manager_id is not None:
                tree.teams_managed[manager_id].append(team_id)
        if with_users:
            for user_id, manager_id, team_id in User.objects.values_list(
                "id", "manager_id", "team_id"
            ):
                tree.user_ids.append(user_id)
                if manager_id is not None:
                    tree.reports[manager_id].append(user_id)
                if team_id is not None:
                    tree.team_members[team_id].append(user_id)
        return tree

    def managed_team_ids(self, user_id: int) -> set[int]:
        """The teams `user_id` manages and every team below them."""
        found: set[int] = set()
        stack = list(self.teams_managed.get(user_id, ()))
        while stack:
            team_id = stack.pop()
            if team_id in found:
                continue
            found.add(team_id)
            stack.extend(self.team_children.get(team_id, ()))
        return found

    def below(self, user_id: int) -> set[int]:
        """Everyone below `user_id`: the members of the teams they manage (sub-teams
        included), and the people who report to them or to anyone so found, however
        indirectly."""
        below: set[int] = set()
        for team_id in self.managed_team_ids(user_id):
            below.update(self.team_members.get(team_id, ()))
        stack = [user_id, *below]
        while stack:
            for report_id in self.reports.get(stack.pop(), ()):
                if report_id not in below:
                    below.add(report_id)
                    stack.append(report_id)
        below.discard(user_id)
        return below


def managed_team_ids(user: User) -> set[int]:
    """Ids of the teams `user` manages and all teams below them."""
    return OrgTree.load(with_users=False).managed_team_ids(user.pk)


def subordinate_ids(user: User) -> set[int]:
    """Ids of users below `user`: members of managed teams and direct/indirect reports."""
    return OrgTree.load().below(user.pk)


def reach_by_rule(tree: OrgTree | None = None) -> dict[int, frozenset[int]]:
    """For every user, the owners whose records they see by the rule: themselves and
    everyone below them. Only managers have anyone below, so the walk costs one pass
    per manager, not per user."""
    tree = tree or OrgTree.load()
    leaders = set(tree.teams_managed) | set(tree.reports)
    return {
        user_id: frozenset({user_id, *tree.below(user_id)})
        if user_id in leaders
        else frozenset({user_id})
        for user_id in tree.user_ids
    }


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

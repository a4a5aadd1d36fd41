"""Operations on teams: a tree of teams, each with a manager who sees its whole subtree.

Configurers (`Capability.CONFIGURE`) shape the tree. Its shape decides who sees whose
records (`org.visibility`), so every change keeps it a tree with active managers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from patron.core.audit import record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import require_version
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.access import lock_tree, refresh_reach
from patron.org.capabilities import Capability
from patron.org.cleaning.teams import (
    TeamInput,
    clean_team,
    require_team_name,
    team_context,
    unknown_team,
)
from patron.org.errors import OrgErrorCode
from patron.org.models import Team, User
from patron.org.policy import active_user, require_capability
from patron.org.services.checks import (
    load_for_change,
    require_no_cycle,
    require_unique,
    write_changes,
)

__all__ = ["create_team", "delete_team", "update_team"]


def _name(value: str, *, exclude_pk: int | None = None) -> str:
    """Teams are picked by name in every filter, so two teams never share one."""
    name = require_team_name(value)
    require_unique(Team, field="name", value=name, exclude_pk=exclude_pk, case_insensitive=True)
    return name


def _parent(team: Team | None, parent_id: int | None) -> Team | None:
    """An existing team that is not the team itself nor one of its sub-teams."""
    if parent_id is None:
        return None
    parent = Team.objects.filter(pk=parent_id).first()
    if parent is None:
        raise unknown_team("parent")
    if team is not None:
        parents = dict(Team.objects.values_list("id", "parent_id"))
        require_no_cycle(parent.pk, team.pk, parents.get, "parent")
    return parent


def _manager(manager_id: int | None) -> User | None:
    return None if manager_id is None else active_user(manager_id, field="manager")


@service
def create_team(
    *, actor: User, name: str, parent_id: int | None = None, manager_id: int | None = None
) -> Team:
    """Create a team, under a parent team or at the top, with an active manager or none
    yet."""
    lock_tree(exclusive=True)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    # The checks are `clean_team`'s, on a context built for this one row (an import
    # builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_team(
            TeamInput(name=name, parent_id=parent_id, manager_id=manager_id),
            team_context(actor, names=[name], parent_ids=[parent_id], manager_ids=[manager_id]),
        )
    )
    team = Team(**vars(values))
    team.created_by = actor
    team.save()
    record_created(team, actor=actor)
    refresh_reach()
    return team


@service
def update_team(
    *,
    actor: User,
    team_id: int,
    version: int,
    name: str | Unset = UNSET,
    parent_id: int | Unset | None = UNSET,
    manager_id: int | Unset | None = UNSET,
) -> Team:
    """Rename a team, move it under another parent, or give it another manager.

    A team cannot move under itself or one of its sub-teams (the same rule as an
    account's parent): the tree would loop and its roll-ups never end.
    """
    lock_tree(exclusive=True)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    require_capability(actor, Capability.CONFIGURE)
    team = load_for_change(Team, team_id)
    require_version(team, version)
    before = snapshot(team)
    if not isinstance(name, Unset):
        team.name = _name(name, exclude_pk=team.pk)
    if not isinstance(parent_id, Unset):
        team.parent = _parent(team, parent_id)
    if not isinstance(manager_id, Unset):
        team.manager = _manager(manager_id)
    write_changes(team, actor=actor, before=before, version=version)
    refresh_reach()  # a new parent or manager: who sees the members' records changes now
    return team


@service
def delete_team(*, actor: User, team_id: int, version: int) -> None:
    """Delete a team nobody belongs to and no team sits under: people and sub-teams
    are moved first, so nobody silently loses the manager who sees their records."""
    lock_tree(exclusive=True)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    require_capability(actor, Capability.CONFIGURE)
    team = load_for_change(Team, team_id)
    require_version(team, version)
    if team.members.exists() or team.children.exists():
        raise RuleViolation(
            None,
            OrgErrorCode.TEAM_NOT_EMPTY,
            _("Move this team's members and sub-teams elsewhere before deleting it."),
        )
    record_deleted(team, actor=actor)
    team.delete()
    refresh_reach()

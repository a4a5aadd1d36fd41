"""Operations on teams: a tree of teams, each with a manager who sees its whole subtree.

Configurers (`Capability.CONFIGURE`) shape the tree. Its shape decides who sees whose
records (`org.visibility`), so every change keeps it a tree with active managers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from patron.core.audit import record_created, record_deleted, snapshot
from patron.core.errors import RuleViolation
from patron.core.models import require_version
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_text
from patron.org.capabilities import Capability
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
    name = require_text(value, field="name", limit=120, required=True)
    require_unique(Team, field="name", value=name, exclude_pk=exclude_pk, case_insensitive=True)
    return name


def _parent(team: Team | None, parent_id: int | None) -> Team | None:
    """An existing team that is not the team itself nor one of its sub-teams."""
    if parent_id is None:
        return None
    parent = Team.objects.filter(pk=parent_id).first()
    if parent is None:
        raise RuleViolation("parent", OrgErrorCode.UNKNOWN_TEAM, _("There is no such team."))
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
    require_capability(actor, Capability.CONFIGURE)
    team = Team(name=_name(name), parent=_parent(None, parent_id), manager=_manager(manager_id))
    team.created_by = actor
    team.save()
    record_created(team, actor=actor)
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
    return team


@service
def delete_team(*, actor: User, team_id: int, version: int) -> None:
    """Delete a team nobody belongs to and no team sits under: people and sub-teams
    are moved first, so nobody silently loses the manager who sees their records."""
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

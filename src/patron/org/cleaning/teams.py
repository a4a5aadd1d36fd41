"""The clean step of a new team (see `core.cleaning` and decision 0020): the raw values
and a context loaded beforehand in, the checked team or every wrong field out, with no
query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.errors import RuleViolation
from patron.core.validation import require_text
from patron.org.capabilities import Capability
from patron.org.cleaning.shared import Taken, taken_values
from patron.org.errors import OrgErrorCode
from patron.org.models import Team, User
from patron.org.policy import active_user_among, active_users_by_id, require_capability

TEAM_NAME_LIMIT = 120  # the column's length


@dataclass(frozen=True)
class TeamInput:
    """A new team as typed or imported."""

    name: str
    parent_id: int | None = None
    manager_id: int | None = None


@dataclass(frozen=True)
class TeamContext:
    """What cleaning new teams needs from the database: the actor, the team names the
    batch names that are taken, the named parent teams and the active users named as
    managers, by id.

    A new team has no sub-team yet, so no parent can make the tree loop: the parents
    themselves are all a new team's check needs, not their ancestors.
    """

    actor: User
    names: Taken
    parents: Mapping[int, Team]
    managers: Mapping[int, User]


@dataclass(frozen=True)
class TeamValues:
    """A new team ready to be written."""

    name: str
    parent: Team | None
    manager: User | None


def team_context(
    actor: User,
    *,
    names: Iterable[str | None] = (),
    parent_ids: Iterable[int | None] = (),
    manager_ids: Iterable[int | None] = (),
) -> TeamContext:
    """The context for cleaning new teams naming these names, parents and managers: one
    query per kind (taken names, parents, managers), whatever the number of rows."""
    wanted_parents = ids_of(parent_ids)
    return TeamContext(
        actor=actor,
        names=taken_values(Team, field="name", values=names, case_insensitive=True),
        parents=Team.objects.in_bulk(wanted_parents) if wanted_parents else {},
        managers=active_users_by_id(manager_ids),
    )


def clean_team(raw: TeamInput, context: TeamContext) -> Cleaned[TeamValues]:
    """Every check of a new team (the rules are `create_team`'s), each wrong field
    reported, in the order the service checks them."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    name = errors.check(
        lambda: context.names.require_free(require_team_name(raw.name), field="name"), ""
    )
    parent = check_named(errors, "parent", lambda: _parent(raw.parent_id, context))
    manager = check_named(errors, "manager", lambda: _manager(raw.manager_id, context))
    if errors.errors:
        return Cleaned(errors=errors.errors)
    return Cleaned(TeamValues(name=name, parent=parent, manager=manager))


def require_team_name(value: str) -> str:
    """A team's name, trimmed; teams are picked by name in every filter, so whether
    another team has it is asked apart (of the database, or of a context)."""
    return require_text(value, field="name", limit=TEAM_NAME_LIMIT, required=True)


def unknown_team(field: str) -> RuleViolation:
    """The refusal of a team id that names no team."""
    return RuleViolation(field, OrgErrorCode.UNKNOWN_TEAM, _("There is no such team."))


def _parent(parent_id: int | None, context: TeamContext) -> Team | None:
    if parent_id is None:
        return None
    parent = context.parents.get(parent_id)
    if parent is None:
        raise unknown_team("parent")
    return parent


def _manager(manager_id: int | None, context: TeamContext) -> User | None:
    if manager_id is None:
        return None
    return active_user_among(context.managers, manager_id, field="manager")

"""The clean steps of a new territory and of a new territory rule (see `core.cleaning`
and decision 0020): the raw values and a context loaded beforehand in, the checked
record or every wrong field out, with no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.errors import NotVisible, RuleViolation
from patron.core.validation import require_country, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.cleaning.shared import Taken, taken_values
from patron.org.errors import OrgErrorCode
from patron.org.models import Territory, User
from patron.org.policy import active_user_among, active_users_by_id, require_capability

# The columns' lengths.
TERRITORY_NAME_LIMIT = 120
TERRITORY_CODE_LIMIT = 32
# The columns' lengths of a rule's free-text conditions.
RULE_TEXT_LIMITS = {"region": 120, "industry": 64, "segment": 32}


@dataclass(frozen=True)
class TerritoryInput:
    """A new territory as typed or imported."""

    name: str
    code: str
    parent_id: int | None = None
    owner_id: int | None = None
    member_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class TerritoryContext:
    """What cleaning new territories needs from the database: the actor, the codes the
    batch names that are taken, the named parent territories, and the active users
    named as owners or members, by id.

    A new territory has nothing below it yet, so no parent can make the tree loop: the
    parents themselves are all a new territory's check needs, not their ancestors.
    """

    actor: User
    codes: Taken
    parents: Mapping[int, Territory]
    users: Mapping[int, User]


@dataclass(frozen=True)
class TerritoryValues:
    """A new territory ready to be written, with its members' ids (each once, in id
    order, as its creation event lists them)."""

    name: str
    code: str
    parent: Territory | None
    owner: User | None
    member_ids: list[int]


def territory_context(
    actor: User,
    *,
    codes: Iterable[str | None] = (),
    parent_ids: Iterable[int | None] = (),
    owner_ids: Iterable[int | None] = (),
    member_ids: Iterable[int] = (),
) -> TerritoryContext:
    """The context for cleaning new territories naming these codes, parents, owners
    and members (every row's members together): one query per kind (taken codes,
    parents, users), whatever the number of rows."""
    wanted_parents = ids_of(parent_ids)
    return TerritoryContext(
        actor=actor,
        codes=taken_values(Territory, field="code", values=codes),
        parents=Territory.objects.in_bulk(wanted_parents) if wanted_parents else {},
        users=active_users_by_id([*owner_ids, *member_ids]),
    )


def clean_territory(raw: TerritoryInput, context: TerritoryContext) -> Cleaned[TerritoryValues]:
    """Every check of a new territory (the rules are `create_territory`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    members = check_named(errors, "members", lambda: _members(raw.member_ids, context))
    name = errors.check(lambda: require_territory_name(raw.name), "")
    code = errors.check(
        lambda: context.codes.require_free(require_territory_code(raw.code), field="code"), ""
    )
    parent = check_named(errors, "parent", lambda: _parent(raw.parent_id, context))
    owner = check_named(errors, "owner", lambda: _user(raw.owner_id, context, "owner"))
    if errors.errors or members is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        TerritoryValues(name=name, code=code, parent=parent, owner=owner, member_ids=members)
    )


def require_territory_name(value: str) -> str:
    return require_text(value, field="name", limit=TERRITORY_NAME_LIMIT, required=True)


def require_territory_code(value: str) -> str:
    """A territory's code, trimmed; imports and exports name territories by code, so
    whether another territory has it is asked apart (of the database, or of a context)."""
    return require_text(value, field="code", limit=TERRITORY_CODE_LIMIT, required=True)


def unknown_territory(field: str) -> RuleViolation:
    """The refusal of a territory id that names no territory."""
    return RuleViolation(field, OrgErrorCode.UNKNOWN_TERRITORY, _("There is no such territory."))


def _parent(parent_id: int | None, context: TerritoryContext) -> Territory | None:
    if parent_id is None:
        return None
    parent = context.parents.get(parent_id)
    if parent is None:
        raise unknown_territory("parent")
    return parent


def _user(user_id: int | None, context: TerritoryContext, field: str) -> User | None:
    return None if user_id is None else active_user_among(context.users, user_id, field=field)


def _members(member_ids: Iterable[int], context: TerritoryContext) -> list[int]:
    """Active users, each once, in id order (the event lists them so)."""
    return sorted({active_user_among(context.users, pk, field="members").pk for pk in member_ids})


@dataclass(frozen=True)
class RuleConditions:
    """A territory rule's conditions and priority, as typed (raw) or checked."""

    priority: int = 100
    country: str = ""
    region: str = ""
    industry: str = ""
    segment: str = ""
    min_employees: int | None = None
    max_employees: int | None = None


@dataclass(frozen=True, kw_only=True)
class TerritoryRuleInput(RuleConditions):
    """A new territory rule as typed or imported: its territory and its conditions."""

    territory_id: int


@dataclass(frozen=True)
class TerritoryRuleContext:
    """What cleaning new territory rules needs from the database: the actor and the
    named territories, by id."""

    actor: User
    territories: Mapping[int, Territory]


@dataclass(frozen=True)
class TerritoryRuleValues:
    """A new territory rule ready to be written."""

    territory: Territory
    conditions: RuleConditions


def territory_rule_context(
    actor: User, *, territory_ids: Iterable[int | None] = ()
) -> TerritoryRuleContext:
    """The context for cleaning new rules of these territories: one query, whatever the
    number of rows."""
    wanted = ids_of(territory_ids)
    return TerritoryRuleContext(
        actor=actor, territories=Territory.objects.in_bulk(wanted) if wanted else {}
    )


def clean_territory_rule(
    raw: TerritoryRuleInput, context: TerritoryRuleContext
) -> Cleaned[TerritoryRuleValues]:
    """Every check of a new territory rule (the rules are `create_territory_rule`'s),
    each wrong field reported, in the order the service checks them: may configure,
    the territory exists, then the conditions."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    territory = context.territories.get(raw.territory_id)
    if territory is None:
        refusal = NotVisible(str(Territory._meta.verbose_name))
        errors.errors.append(FieldError("territory", refusal.code, refusal.message))
    conditions = _rule_conditions(raw, errors)
    if errors.errors or territory is None or conditions is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(TerritoryRuleValues(territory=territory, conditions=conditions))


def clean_rule_conditions(raw: RuleConditions) -> Cleaned[RuleConditions]:
    """A rule's conditions checked together (the employee range needs both ends), or
    every error (also the check of `update_territory_rule`)."""
    errors = ErrorCollector()
    conditions = _rule_conditions(raw, errors)
    return Cleaned(conditions, errors.errors)


def _rule_conditions(raw: RuleConditions, errors: ErrorCollector) -> RuleConditions | None:
    before = len(errors.errors)
    country = errors.check(lambda: require_country(raw.country), "")
    priority = errors.check(
        lambda: require_int_range(raw.priority, field="priority", required=True), 0
    )
    low = errors.check(lambda: require_int_range(raw.min_employees, field="min_employees"), None)
    high = errors.check(lambda: require_int_range(raw.max_employees, field="max_employees"), None)
    region, industry, segment = (
        errors.check(partial(require_text, text, field=name, limit=RULE_TEXT_LIMITS[name]), "")
        for name, text in (
            ("region", raw.region),
            ("industry", raw.industry),
            ("segment", raw.segment),
        )
    )
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.errors.append(
            FieldError(
                "max_employees",
                OrgErrorCode.EMPLOYEE_RANGE,
                _("The maximum cannot be below the minimum."),
            )
        )
    if len(errors.errors) > before:
        return None
    return RuleConditions(
        priority=priority,
        country=country,
        region=region,
        industry=industry,
        segment=segment,
        min_employees=low,
        max_employees=high,
    )

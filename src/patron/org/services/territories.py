"""Operations on territories (a tree with an owner and members) and their assignment
rules.

Configurers (`Capability.CONFIGURE`) draw the territories. A rule's industry and
segment are matched against an account's values, but the org layer sits below
accounts and cannot know their choices: any text up to the column's length is taken,
and a value no account uses simply matches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from patron.core.audit import record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.models import require_version
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.capabilities import Capability
from patron.org.cleaning.territories import (
    RuleConditions,
    TerritoryInput,
    TerritoryRuleInput,
    clean_rule_conditions,
    clean_territory,
    clean_territory_rule,
    require_territory_code,
    require_territory_name,
    territory_context,
    territory_rule_context,
    unknown_territory,
)
from patron.org.models import Territory, TerritoryRule, User
from patron.org.policy import active_user, require_capability
from patron.org.services.checks import (
    load_for_change,
    record_created_with,
    require_no_cycle,
    require_unique,
    write_changes,
)

__all__ = [
    "create_territory",
    "create_territory_rule",
    "delete_territory_rule",
    "update_territory",
    "update_territory_rule",
]


def _code(value: str, *, exclude_pk: int | None = None) -> str:
    """Imports and exports name territories by code, so a code names one territory."""
    code = require_territory_code(value)
    require_unique(Territory, field="code", value=code, exclude_pk=exclude_pk)
    return code


def _parent(territory: Territory | None, parent_id: int | None) -> Territory | None:
    """An existing territory that is not the territory itself nor one below it: KPIs
    roll territories up their tree."""
    if parent_id is None:
        return None
    parent = Territory.objects.filter(pk=parent_id).first()
    if parent is None:
        raise unknown_territory("parent")
    if territory is not None:
        parents = dict(Territory.objects.values_list("id", "parent_id"))
        require_no_cycle(parent.pk, territory.pk, parents.get, "parent")
    return parent


def _owner(owner_id: int | None) -> User | None:
    return None if owner_id is None else active_user(owner_id, field="owner")


def _members(member_ids: Iterable[int]) -> list[int]:
    """Active users, each once, in id order (the event lists them so)."""
    return sorted({active_user(member_id, field="members").pk for member_id in member_ids})


@service
def create_territory(
    *,
    actor: User,
    name: str,
    code: str,
    parent_id: int | None = None,
    owner_id: int | None = None,
    member_ids: Iterable[int] = (),
) -> Territory:
    """Create a territory under a parent (or at the top), with an owner and members.
    Its members are recorded on its creation event."""
    # The checks are `clean_territory`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    raw = TerritoryInput(
        name=name, code=code, parent_id=parent_id, owner_id=owner_id, member_ids=tuple(member_ids)
    )
    values = raise_first(
        clean_territory(
            raw,
            territory_context(
                actor,
                codes=[code],
                parent_ids=[parent_id],
                owner_ids=[owner_id],
                member_ids=raw.member_ids,
            ),
        )
    )
    members = values.member_ids
    territory = Territory(
        name=values.name,
        code=values.code,
        parent=values.parent,
        owner=values.owner,
        created_by=actor,
    )
    territory.save()
    territory.members.set(members)
    record_created_with(territory, actor=actor, extra={"members": [None, members]})
    return territory


@service
def update_territory(
    *,
    actor: User,
    territory_id: int,
    version: int,
    name: str | Unset = UNSET,
    code: str | Unset = UNSET,
    parent_id: int | Unset | None = UNSET,
    owner_id: int | Unset | None = UNSET,
    member_ids: Iterable[int] | Unset = UNSET,
) -> Territory:
    """Change a territory's name, code, place in the tree, owner or members.

    New members are recorded on the event as the full list after the change, so the
    trail shows who belonged from then on.
    """
    require_capability(actor, Capability.CONFIGURE)
    territory = load_for_change(Territory, territory_id)
    require_version(territory, version)
    before = snapshot(territory)
    if not isinstance(name, Unset):
        territory.name = require_territory_name(name)
    if not isinstance(code, Unset):
        territory.code = _code(code, exclude_pk=territory.pk)
    if not isinstance(parent_id, Unset):
        territory.parent = _parent(territory, parent_id)
    if not isinstance(owner_id, Unset):
        territory.owner = _owner(owner_id)
    extra = {}
    if not isinstance(member_ids, Unset):
        members = _members(member_ids)
        old = sorted(territory.members.values_list("pk", flat=True))
        if members != old:
            territory.members.set(members)
            extra = {"members": [old, members]}
    write_changes(territory, actor=actor, before=before, version=version, extra=extra)
    return territory


@service
def create_territory_rule(
    *,
    actor: User,
    territory_id: int,
    priority: int = 100,
    country: str = "",
    region: str = "",
    industry: str = "",
    segment: str = "",
    min_employees: int | None = None,
    max_employees: int | None = None,
) -> TerritoryRule:
    """Add a rule to a territory: an account matching every condition given belongs to
    it (rules are tried by ascending priority, the first match wins)."""
    # The checks are `clean_territory_rule`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_territory_rule(
            TerritoryRuleInput(
                territory_id=territory_id,
                priority=priority,
                country=country,
                region=region,
                industry=industry,
                segment=segment,
                min_employees=min_employees,
                max_employees=max_employees,
            ),
            territory_rule_context(actor, territory_ids=[territory_id]),
        )
    )
    rule = TerritoryRule.objects.create(
        territory=values.territory, created_by=actor, **vars(values.conditions)
    )
    record_created(rule, actor=actor)
    return rule


@service
def update_territory_rule(
    *,
    actor: User,
    rule_id: int,
    version: int,
    priority: int | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    industry: str | Unset = UNSET,
    segment: str | Unset = UNSET,
    min_employees: int | Unset | None = UNSET,
    max_employees: int | Unset | None = UNSET,
) -> TerritoryRule:
    """Change a rule's conditions or priority (only those given); the employee range
    is checked with the ends the rule will have."""
    require_capability(actor, Capability.CONFIGURE)
    rule = load_for_change(TerritoryRule, rule_id)
    require_version(rule, version)
    given = {
        name: value
        for name, value in {
            "priority": priority,
            "country": country,
            "region": region,
            "industry": industry,
            "segment": segment,
            "min_employees": min_employees,
            "max_employees": max_employees,
        }.items()
        if not isinstance(value, Unset)
    }
    current = {name: getattr(rule, name) for name in _RULE_FIELDS}
    values = vars(clean_rule_conditions(RuleConditions(**{**current, **given})).value_or_raise())
    before = snapshot(rule)
    for name in given:
        setattr(rule, name, values[name])
    write_changes(rule, actor=actor, before=before, version=version)
    return rule


_RULE_FIELDS = (
    "priority",
    "country",
    "region",
    "industry",
    "segment",
    "min_employees",
    "max_employees",
)


@service
def delete_territory_rule(*, actor: User, rule_id: int, version: int) -> None:
    """Remove a rule. Accounts already in the territory stay there; the rule only
    decides where accounts go from now on."""
    require_capability(actor, Capability.CONFIGURE)
    rule = load_for_change(TerritoryRule, rule_id)
    require_version(rule, version)
    record_deleted(rule, actor=actor)
    rule.delete()

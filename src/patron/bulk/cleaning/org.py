"""Stored users, teams, territories with their rules, and exchange rates read back
through their creates' clean steps.

- A user is read without a password: the stored hash cannot be turned back into one,
  so the password rules are not asked (the create takes a user without one).
- Only an administrator makes an administrator: an administrator's row is cleaned as
  the company's first administrator, who was made with the company, not by a create,
  and is not read — nor is a superuser, whom no create makes.
- A currency's rate from a day is held by the rate itself: the database keeps one
  rate per currency and day (`fx_one_rate_per_day`), so the rule is not asked here.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

from patron.bulk.cleaning.shared import held_by_others, users_then, with_users
from patron.core.cleaning import Cleaned
from patron.core.models import ExchangeRate
from patron.org.capabilities import Capability, roles_with
from patron.org.cleaning.exchange_rates import (
    ExchangeRateInput,
    clean_exchange_rate,
    exchange_rate_context,
)
from patron.org.cleaning.teams import TeamInput, clean_team, team_context
from patron.org.cleaning.territories import (
    TerritoryInput,
    TerritoryRuleInput,
    clean_territory,
    clean_territory_rule,
    territory_context,
    territory_rule_context,
)
from patron.org.cleaning.users import UserInput, clean_user, user_context
from patron.org.models import Team, Territory, TerritoryRule, User

ADMINISTRATORS = roles_with(Capability.ADMINISTER)


def first_administrator() -> User | None:
    """The company's first administrator (the lowest id), whom no create made."""
    return User.objects.filter(role__in=ADMINISTRATORS).order_by("pk").first()


def created_users() -> QuerySet[User]:
    """The users `create_user` could have made: all but superusers and the company's
    first administrator."""
    first = first_administrator()
    users = User.objects.exclude(is_superuser=True)
    return users if first is None else users.exclude(pk=first.pk)


def users(actor: User, rows: Sequence[User]) -> Iterator[tuple[int, Cleaned[Any]]]:
    first = first_administrator()
    administrator = None if first is None else users_then([first.pk])[first.pk]
    manager_ids = [row.manager_id for row in rows]
    context = user_context(actor, team_ids=[row.team_id for row in rows], manager_ids=manager_ids)
    context = dataclasses.replace(
        with_users(context, "managers", manager_ids),
        usernames=held_by_others(
            User, "username", [row.username for row in rows], case_insensitive=True
        ),
    )
    for row in rows:
        raw = UserInput(
            username=row.username,
            role=row.role,
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            team_id=row.team_id,
            manager_id=row.manager_id,
            title=row.title,
            language=row.language,
            time_zone=row.time_zone,
            hired_on=row.hired_on,
        )
        maker = administrator if row.role in ADMINISTRATORS and administrator else actor
        yield row.pk, clean_user(raw, dataclasses.replace(context, actor=maker))


def teams(actor: User, rows: Sequence[Team]) -> Iterator[tuple[int, Cleaned[Any]]]:
    manager_ids = [row.manager_id for row in rows]
    context = team_context(
        actor, parent_ids=[row.parent_id for row in rows], manager_ids=manager_ids
    )
    context = dataclasses.replace(
        with_users(context, "managers", manager_ids),
        names=held_by_others(Team, "name", [row.name for row in rows], case_insensitive=True),
    )
    for row in rows:
        raw = TeamInput(name=row.name, parent_id=row.parent_id, manager_id=row.manager_id)
        yield row.pk, clean_team(raw, context)


def territories(actor: User, rows: Sequence[Territory]) -> Iterator[tuple[int, Cleaned[Any]]]:
    members: dict[int, list[int]] = defaultdict(list)
    links = Territory.members.through.objects.filter(territory_id__in=[row.pk for row in rows])
    for territory_id, user_id in links.values_list("territory_id", "user_id"):
        members[territory_id].append(user_id)
    user_ids = [row.owner_id for row in rows] + [pk for ids in members.values() for pk in ids]
    context = territory_context(
        actor,
        parent_ids=[row.parent_id for row in rows],
        owner_ids=[row.owner_id for row in rows],
        member_ids=[pk for ids in members.values() for pk in ids],
    )
    context = dataclasses.replace(
        with_users(context, "users", user_ids),
        codes=held_by_others(Territory, "code", [row.code for row in rows]),
    )
    for row in rows:
        raw = TerritoryInput(
            name=row.name,
            code=row.code,
            parent_id=row.parent_id,
            owner_id=row.owner_id,
            member_ids=tuple(members.get(row.pk, ())),
        )
        yield row.pk, clean_territory(raw, context)


def territory_rules(
    actor: User, rows: Sequence[TerritoryRule]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = territory_rule_context(actor, territory_ids=[row.territory_id for row in rows])
    for row in rows:
        raw = TerritoryRuleInput(
            territory_id=row.territory_id,
            priority=row.priority,
            country=row.country,
            region=row.region,
            industry=row.industry,
            segment=row.segment,
            min_employees=row.min_employees,
            max_employees=row.max_employees,
        )
        yield row.pk, clean_territory_rule(raw, context)


def exchange_rates(actor: User, rows: Sequence[ExchangeRate]) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = exchange_rate_context(actor)
    for row in rows:
        raw = ExchangeRateInput(currency=row.currency, valid_from=row.valid_from, rate=row.rate)
        yield row.pk, clean_exchange_rate(raw, context)

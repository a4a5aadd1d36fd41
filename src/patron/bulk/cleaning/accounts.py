"""Stored accounts and contacts read back through their creates' clean steps.

- An account churned later was a customer (since `customer_since`) or, without that
  date, a prospect: churn has its own operation, never a create.
- A competitor's name is held by the competitor itself: only another competitor with
  the same name (ignoring case) refuses it.
- A competitor at an account and a member of an account team are held by the row
  itself: the database keeps each pair once (`account_competitor_once`,
  `account_team_member_once`), so the rule is not asked here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from patron.accounts.choices import Lifecycle
from patron.accounts.cleaning.accounts import AccountInput, account_context, clean_account
from patron.accounts.cleaning.competitors import (
    AccountCompetitorInput,
    CompetitorInput,
    account_competitor_context,
    clean_account_competitor,
    clean_competitor,
    competitor_context,
    name_key,
)
from patron.accounts.cleaning.contacts import ContactInput, clean_contact, contact_context
from patron.accounts.cleaning.team import (
    AccountTeamMemberInput,
    account_team_member_context,
    clean_account_team_member,
)
from patron.accounts.models import (
    Account,
    AccountCompetitor,
    AccountTeamMember,
    Competitor,
    Contact,
)
from patron.bulk.cleaning.shared import held_twice, with_users
from patron.core.cleaning import Cleaned
from patron.org.models import User


def accounts(actor: User, rows: Sequence[Account]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = account_context(
        actor,
        owner_ids=owner_ids,
        parent_ids=[row.parent_id for row in rows],
        territory_ids=[row.territory_id for row in rows],
    )
    context = with_users(context, "owners", owner_ids)
    for row in rows:
        lifecycle, since = row.lifecycle, row.customer_since
        if lifecycle == Lifecycle.CHURNED:
            lifecycle = Lifecycle.CUSTOMER if since is not None else Lifecycle.PROSPECT
        raw = AccountInput(
            name=row.name,
            industry=row.industry,
            segment=row.segment,
            employees=row.employees,
            website=row.website,
            phone=row.phone,
            country=row.country,
            region=row.region,
            city=row.city,
            tier=row.tier,
            owner_id=row.owner_id,
            parent_id=row.parent_id,
            territory_id=row.territory_id,
            lifecycle=lifecycle,
            customer_since=since,
        )
        yield row.pk, clean_account(raw, context)


def contacts(actor: User, rows: Sequence[Contact]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = contact_context(
        actor, account_ids=[row.account_id for row in rows], owner_ids=owner_ids
    )
    context = with_users(context, "owners", owner_ids)
    for row in rows:
        raw = ContactInput(
            first_name=row.first_name,
            last_name=row.last_name,
            title=row.title,
            email=row.email,
            phone=row.phone,
            buying_role=row.buying_role,
            influence=row.influence,
            relationship_strength=row.relationship_strength,
            is_primary=row.is_primary,
            touch_every_days=row.touch_every_days,
            email_opt_in=row.email_opt_in,
            phone_opt_in=row.phone_opt_in,
            account_id=row.account_id,
            owner_id=row.owner_id,
        )
        yield row.pk, clean_contact(raw, context)


def competitors(actor: User, rows: Sequence[Competitor]) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = dataclasses.replace(
        competitor_context(actor),
        taken_names=held_twice(
            Competitor, "name", [name_key(row.name) for row in rows], fold=str.upper
        ),
    )
    for row in rows:
        raw = CompetitorInput(
            name=row.name,
            website=row.website,
            strengths=row.strengths,
            weaknesses=row.weaknesses,
        )
        yield row.pk, clean_competitor(raw, context)


def account_competitors(
    actor: User, rows: Sequence[AccountCompetitor]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = account_competitor_context(
        actor,
        account_ids=[row.account_id for row in rows],
        competitor_ids=[row.competitor_id for row in rows],
    )
    context = dataclasses.replace(context, recorded=frozenset())
    for row in rows:
        raw = AccountCompetitorInput(
            account_id=row.account_id,
            competitor_id=row.competitor_id,
            is_incumbent=row.is_incumbent,
            note=row.note,
        )
        yield row.pk, clean_account_competitor(raw, context)


def account_team_members(
    actor: User, rows: Sequence[AccountTeamMember]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    user_ids = [row.user_id for row in rows]
    context = account_team_member_context(
        actor, account_ids=[row.account_id for row in rows], user_ids=user_ids
    )
    context = dataclasses.replace(with_users(context, "users", user_ids), members=frozenset())
    for row in rows:
        raw = AccountTeamMemberInput(account_id=row.account_id, user_id=row.user_id, role=row.role)
        yield row.pk, clean_account_team_member(raw, context)

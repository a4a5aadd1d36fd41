"""Stored rows read back through the clean steps of the create services.

The demo generator and an import write in bulk, past the services (decision 0019);
the clean steps (decision 0020) are where a create's rules live. This module proves a
load kept them: it reads the stored accounts, contacts, leads and deals in batches,
rebuilds each row's input *as the row was created*, builds one context per batch with
the services' own context builders, cleans every row and counts the refusals per
entity, keeping the first few (id, field, code) to report.

What a row may legitimately have become since its creation is undone before cleaning:

- an account churned later was a customer (since `customer_since`) or, without that
  date, a prospect; churn has its own operation, never a create;
- a deal's stage, amount, close date, forecast category and owner are taken from the
  first value its history records (a won deal's category "closed" and its closed stage
  came from winning it); a closed deal without history starts in the pipeline's first
  open stage, forecast as pipeline;
- an owner who has left since is still an owner the record could have been created
  for: the context's owners include the inactive owners the batch names (the rule
  "a new record's owner is active" is about today, not the day of creation);
- an external id is taken by the row itself: the "not taken" rule is kept by the
  database's unique constraints instead and is not checked here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Model, QuerySet

from patron.accounts.choices import Lifecycle
from patron.accounts.cleaning.accounts import AccountInput, account_context, clean_account
from patron.accounts.cleaning.contacts import ContactInput, clean_contact, contact_context
from patron.accounts.models import Account, Contact
from patron.core.cleaning import Cleaned
from patron.core.money import Money
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can
from patron.pipeline.choices import ForecastCategory, StageCategory
from patron.pipeline.cleaning.leads import LeadInput, clean_lead, lead_context
from patron.pipeline.cleaning.opportunities import (
    OpportunityInput,
    clean_opportunity,
    opportunity_context,
)
from patron.pipeline.models import Lead, Opportunity, OpportunityHistory, Stage

BATCH_SIZE = 2000
# How many refusals per entity are kept to report.
REPORTED = 5


@dataclass(frozen=True, slots=True)
class Refusal:
    """One stored row its create's clean step refuses: the row, the field, the code."""

    record_id: int
    field: str | None
    code: str


@dataclass(slots=True)
class CleanCount:
    """How many stored rows of one entity were cleaned and how many were refused."""

    entity: str
    rows: int = 0
    refused: int = 0
    first: list[Refusal] = field(default_factory=list)

    def add(self, record_id: int, cleaned: Cleaned[Any]) -> None:
        self.rows += 1
        if cleaned.errors:
            self.refused += 1
            if len(self.first) < REPORTED:
                error = cleaned.errors[0]
                self.first.append(Refusal(record_id, error.field, error.code))


def checking_actor() -> User | None:
    """An active user who sees everything and may own and change every sales record
    (sales ops or an administrator), the lowest id first; None when there is none."""
    for user in User.objects.filter(is_active=True).order_by("pk"):
        if all(
            can(user, capability)
            for capability in (
                Capability.SEE_EVERYTHING,
                Capability.CHANGE_RECORDS,
                Capability.SELL,
            )
        ):
            return user
    return None


def clean_step_counts(*, actor: User | None = None, limit: int | None = None) -> list[CleanCount]:
    """Every stored account, contact, lead and deal (the first `limit` of each when
    given) cleaned by its create's clean step; the counts per entity, in that order."""
    actor = actor or checking_actor()
    if actor is None:
        return []
    return [
        _count("accounts", Account, limit, lambda rows: _accounts(actor, rows)),
        _count("contacts", Contact, limit, lambda rows: _contacts(actor, rows)),
        _count("leads", Lead, limit, lambda rows: _leads(actor, rows)),
        _count("opportunities", Opportunity, limit, lambda rows: _opportunities(actor, rows)),
    ]


def _count(
    entity: str,
    model: type[Model],
    limit: int | None,
    clean: Callable[[list[Any]], Iterable[tuple[int, Cleaned[Any]]]],
) -> CleanCount:
    count = CleanCount(entity)
    for rows in _batches(model._default_manager.order_by("pk"), limit):
        for record_id, cleaned in clean(rows):
            count.add(record_id, cleaned)
    return count


def _batches(rows: QuerySet[Any], limit: int | None) -> Iterator[list[Any]]:
    last = 0
    left = limit
    while left is None or left > 0:
        size = BATCH_SIZE if left is None else min(BATCH_SIZE, left)
        batch = list(rows.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk
        if left is not None:
            left -= len(batch)


def _with_owners(context: Any, owner_ids: Iterable[int | None]) -> Any:
    """The context with the named owners who have left since among its owners."""
    wanted = {pk for pk in owner_ids if pk is not None} - set(context.owners)
    if not wanted:
        return context
    owners = {**context.owners, **User.objects.in_bulk(wanted)}
    return dataclasses.replace(context, owners=owners)


def _accounts(actor: User, rows: Sequence[Account]) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = account_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        parent_ids=[row.parent_id for row in rows],
        territory_ids=[row.territory_id for row in rows],
    )
    context = _with_owners(context, [row.owner_id for row in rows])
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


def _contacts(actor: User, rows: Sequence[Contact]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = contact_context(
        actor, account_ids=[row.account_id for row in rows], owner_ids=owner_ids
    )
    context = _with_owners(context, owner_ids)
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


def _leads(actor: User, rows: Sequence[Lead]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = lead_context(
        actor, owner_ids=owner_ids, campaign_ids=[row.campaign_id for row in rows]
    )
    context = _with_owners(context, owner_ids)
    for row in rows:
        raw = LeadInput(
            first_name=row.first_name,
            company=row.company,
            source=row.source,
            last_name=row.last_name,
            title=row.title,
            email=row.email,
            phone=row.phone,
            country=row.country,
            campaign_id=row.campaign_id,
            owner_id=row.owner_id,
        )
        yield row.pk, clean_lead(raw, context)


def _first_values(deal_ids: list[int]) -> dict[tuple[int, str], str]:
    """Each deal's value of each tracked field when it was created: the first change's
    old value (its new value when the first entry records the creation)."""
    first: dict[tuple[int, str], str] = {}
    entries = (
        OpportunityHistory.objects.filter(opportunity_id__in=deal_ids)
        .order_by("opportunity_id", "field", "changed_at", "pk")
        .values_list("opportunity_id", "field", "old_value", "new_value")
    )
    for deal_id, name, old, new in entries:
        first.setdefault((deal_id, name), old or new)
    return first


def _as_created(row: Opportunity, first: dict[tuple[int, str], str]) -> OpportunityInput:
    def value(name: str, current: Any, parse: Callable[[str], Any]) -> Any:
        text = first.get((row.pk, name))
        return parse(text) if text else current

    stage_id = value("stage", row.stage_id, int)
    if stage_id == row.stage_id and row.stage.category != StageCategory.OPEN:
        stage_id = None  # closed without history: created in the first open stage
    category = value("forecast_category", row.forecast_category, str)
    if category == ForecastCategory.CLOSED:
        category = ForecastCategory.PIPELINE
    amount_minor = value("amount", row.amount_minor, int)
    return OpportunityInput(
        account_id=row.account_id,
        name=row.name,
        close_date=value("close_date", row.close_date, date.fromisoformat),
        amount=Money.from_minor(amount_minor, row.currency),
        currency=row.currency,
        owner_id=value("owner", row.owner_id, int),
        type=row.type,
        pipeline_id=row.pipeline_id,
        stage_id=stage_id,
        opened_on=row.opened_on,
        forecast_category=category,
        next_step=row.next_step,
        description=row.description,
        is_recurring=row.is_recurring,
        contract_term_months=row.contract_term_months,
        lead_source=row.lead_source,
        campaign_id=row.campaign_id,
        primary_competitor_id=row.primary_competitor_id,
    )


def _opportunities(actor: User, rows: Sequence[Opportunity]) -> Iterator[tuple[int, Cleaned[Any]]]:
    first = _first_values([row.pk for row in rows])
    stages = Stage.objects.in_bulk({row.stage_id for row in rows})
    for row in rows:
        row.stage = stages[row.stage_id]
    inputs = [(row.pk, _as_created(row, first)) for row in rows]
    owner_ids = [raw.owner_id for _, raw in inputs]
    context = opportunity_context(
        actor,
        owner_ids=owner_ids,
        account_ids=[raw.account_id for _, raw in inputs],
        currencies=[raw.currency for _, raw in inputs],
        campaign_ids=[raw.campaign_id for _, raw in inputs],
        competitor_ids=[raw.primary_competitor_id for _, raw in inputs],
    )
    context = _with_owners(context, owner_ids)
    for pk, raw in inputs:
        yield pk, clean_opportunity(raw, context)

"""Stored leads and deals read back through their creates' clean steps.

- A deal's stage, amount, close date, forecast category and owner are taken from the
  first value its history records (a won deal's category "closed" and its closed
  stage came from winning it); a closed deal without history starts in the
  pipeline's first open stage, forecast as pipeline.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from patron.bulk.cleaning.shared import each_row, earlier, held_twice, money, with_users
from patron.core.cleaning import Cleaned
from patron.core.money import Money
from patron.org.models import User
from patron.pipeline.choices import ForecastCategory, StageCategory
from patron.pipeline.cleaning.campaigns import CampaignInput, campaign_context, clean_campaign
from patron.pipeline.cleaning.configuration import (
    PipelineInput,
    Siblings,
    StageInput,
    clean_pipeline,
    clean_stage,
    name_key,
    pipeline_context,
    stage_context,
)
from patron.pipeline.cleaning.deal_people import (
    OpportunityCompetitorInput,
    OpportunityContactRoleInput,
    clean_opportunity_competitor,
    clean_opportunity_contact_role,
    opportunity_competitor_context,
    opportunity_contact_role_context,
)
from patron.pipeline.cleaning.leads import LeadInput, clean_lead, lead_context
from patron.pipeline.cleaning.opportunities import (
    OpportunityInput,
    clean_opportunity,
    opportunity_context,
)
from patron.pipeline.models import (
    Campaign,
    Lead,
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityHistory,
    Pipeline,
    Stage,
)


def leads(actor: User, rows: Sequence[Lead]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = lead_context(
        actor, owner_ids=owner_ids, campaign_ids=[row.campaign_id for row in rows]
    )
    context = with_users(context, "owners", owner_ids)
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


def first_values(deal_ids: list[int]) -> dict[tuple[int, str], str]:
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


def opportunities(actor: User, rows: Sequence[Opportunity]) -> Iterator[tuple[int, Cleaned[Any]]]:
    first = first_values([row.pk for row in rows])
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
    context = with_users(context, "owners", owner_ids)
    for pk, raw in inputs:
        yield pk, clean_opportunity(raw, context)


def campaigns(actor: User, rows: Sequence[Campaign]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = campaign_context(
        actor, owner_ids=owner_ids, currencies=[row.currency for row in rows]
    )
    context = with_users(context, "owners", owner_ids)

    def campaign_input(row: Campaign) -> CampaignInput:
        return CampaignInput(
            name=row.name,
            channel=row.channel,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            cost=money(row.cost_minor, row.currency, field="cost"),
            currency=row.currency,
            owner_id=row.owner_id,
        )

    yield from each_row(rows, campaign_input, lambda _row, raw: clean_campaign(raw, context))


def pipelines(actor: User, rows: Sequence[Pipeline]) -> Iterator[tuple[int, Cleaned[Any]]]:
    teams: dict[int, list[int]] = defaultdict(list)
    links = Pipeline.default_for_teams.through.objects.filter(
        pipeline_id__in=[row.pk for row in rows]
    )
    for pipeline_id, team_id in links.values_list("pipeline_id", "team_id"):
        teams[pipeline_id].append(team_id)
    context = dataclasses.replace(
        pipeline_context(actor, team_ids=[pk for ids in teams.values() for pk in ids]),
        taken_names=held_twice(
            Pipeline, "name", [name_key(row.name) for row in rows], fold=str.upper
        ),
    )
    for row in rows:
        raw = PipelineInput(
            name=row.name,
            is_default=row.is_default,
            default_for_type=row.default_for_type,
            default_for_team_ids=tuple(teams.get(row.pk, ())),
        )
        yield row.pk, clean_pipeline(raw, context)


def stages(actor: User, rows: Sequence[Stage]) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = stage_context(actor, pipeline_ids=[row.pipeline_id for row in rows])
    stored = Stage.objects.filter(pipeline_id__in={row.pipeline_id for row in rows})
    before = earlier(
        (pipeline_id, pk, (name_key(name), order, category))
        for pipeline_id, pk, name, order, category in stored.values_list(
            "pipeline_id", "pk", "name", "order", "category"
        )
    )
    for row in rows:
        earlier_stages = before.get(row.pk, ())
        siblings = Siblings(
            names=frozenset(name for name, _order, _category in earlier_stages),
            orders=frozenset(order for _name, order, _category in earlier_stages),
            categories=frozenset(category for _name, _order, category in earlier_stages),
        )
        raw = StageInput(
            name=row.name,
            order=row.order,
            probability=row.probability,
            category=row.category,
            pipeline_id=row.pipeline_id,
            is_qualified=row.is_qualified,
        )
        yield (
            row.pk,
            clean_stage(raw, dataclasses.replace(context, siblings={row.pipeline_id: siblings})),
        )


def contact_roles(
    actor: User, rows: Sequence[OpportunityContactRole]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = opportunity_contact_role_context(
        actor,
        opportunity_ids=[row.opportunity_id for row in rows],
        contact_ids=[row.contact_id for row in rows],
    )
    context = dataclasses.replace(context, linked=frozenset())
    for row in rows:
        raw = OpportunityContactRoleInput(
            opportunity_id=row.opportunity_id,
            contact_id=row.contact_id,
            role=row.role,
            is_primary=row.is_primary,
        )
        yield row.pk, clean_opportunity_contact_role(raw, context)


def opportunity_competitors(
    actor: User, rows: Sequence[OpportunityCompetitor]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = opportunity_competitor_context(
        actor,
        opportunity_ids=[row.opportunity_id for row in rows],
        competitor_ids=[row.competitor_id for row in rows],
    )
    context = dataclasses.replace(context, linked=frozenset())
    for row in rows:
        raw = OpportunityCompetitorInput(
            opportunity_id=row.opportunity_id, competitor_id=row.competitor_id, note=row.note
        )
        yield row.pk, clean_opportunity_competitor(raw, context)

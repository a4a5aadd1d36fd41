"""Opportunities: creating one in the right pipeline and stage, editing its terms, and
giving it to another owner. Stage moves, wins, losses and reopening are in
`services/stages.py`; line items in `services/lines.py`.

Every change of a tracked field (stage, status, amount, close date, forecast category,
owner) writes its history row through `pipeline.history` in the same transaction.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from patron.accounts.selectors import visible_account
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.currency import to_base_minor
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import CompanySettings, company_today, update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import minor_units, require_choice, require_currency, require_text
from patron.org.models import User
from patron.org.policy import resolve_owner
from patron.pipeline.choices import (
    ForecastCategory,
    LeadSource,
    OpportunityStatus,
    OpportunityType,
    StageCategory,
)
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.history import record_changes, record_creation, tracked_values
from patron.pipeline.models import Opportunity, Pipeline, Stage
from patron.pipeline.services.checks import (
    campaign_or_none,
    competitor_or_none,
    opportunity_for_change,
    require_close_after_opening,
)

NAME_MAX_LENGTH = 200
NEXT_STEP_MAX_LENGTH = 255
EXTERNAL_ID_MAX_LENGTH = 64
# Fifty years: longer is a typing mistake, and the column is a small integer.
MAX_TERM_MONTHS = 600
# An open deal is forecast as pipeline, best case, commit or omitted; "closed" is what
# winning it makes it.
OPEN_FORECAST_CATEGORIES = frozenset(ForecastCategory.values) - {ForecastCategory.CLOSED}


@service
def create_opportunity(
    *,
    actor: User,
    account_id: int,
    name: str,
    close_date: date,
    amount: Money | None = None,
    currency: str | None = None,
    owner_id: int | None = None,
    type: str = OpportunityType.NEW_BUSINESS,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
    opened_on: date | None = None,
    forecast_category: str = ForecastCategory.PIPELINE,
    next_step: str = "",
    description: str = "",
    is_recurring: bool = False,
    contract_term_months: int | None = None,
    lead_source: str = "",
    campaign_id: int | None = None,
    primary_competitor_id: int | None = None,
    external_id: str | None = None,
) -> Opportunity:
    """Open a deal on an account the actor may see, owned by the actor unless they name
    someone whose records they may change.

    Placement: without a pipeline the deal goes to its owner's team's default pipeline,
    else the default pipeline of its type, else the company default; without a stage
    it starts in the pipeline's first open stage (won and lost stages are reached only
    by winning or losing). Its probability is its stage's.

    Money: the amount's currency is the deal's (without an amount, the given currency
    or the base currency), and it must have an exchange rate on the close date, where
    `amount_base_minor` is converted — the rate K1 books the deal at.

    `opened_on` is today in the company's time zone unless given (imports and
    back-dated deals keep their real opening date); the deal cannot close before it.
    """
    account = visible_account(actor, account_id)
    owner = resolve_owner(actor, owner_id)
    name = require_text(name, field="name", limit=NAME_MAX_LENGTH, required=True)
    next_step = require_text(next_step, field="next_step", limit=NEXT_STEP_MAX_LENGTH)
    description = description.strip()
    type = require_choice(type, field="type", choices=OpportunityType.values)
    _require_open_forecast_category(forecast_category)
    lead_source = require_choice(
        lead_source, field="lead_source", choices=LeadSource.values, blank=True
    )
    _require_term(contract_term_months)
    currency, amount_minor = _currency_and_amount(amount, currency)
    opened_on = opened_on or company_today()
    require_close_after_opening(close_date, opened_on, field="close_date")
    pipeline = _pipeline_for(pipeline_id, owner=owner, opportunity_type=type)
    stage = _starting_stage(pipeline, stage_id)
    campaign = campaign_or_none(campaign_id)
    competitor = competitor_or_none(primary_competitor_id, field="primary_competitor")
    external_id = _unique_external_id(external_id)

    deal = Opportunity.objects.create(
        name=name,
        external_id=external_id,
        account=account,
        owner=owner,
        type=type,
        pipeline=pipeline,
        stage=stage,
        status=OpportunityStatus.OPEN,
        currency=currency,
        amount_minor=amount_minor,
        amount_base_minor=to_base_minor(amount_minor, currency, close_date, field="currency"),
        is_recurring=is_recurring,
        contract_term_months=contract_term_months,
        opened_on=opened_on,
        close_date=close_date,
        forecast_category=forecast_category,
        next_step=next_step,
        description=description,
        lead_source=lead_source,
        campaign=campaign,
        primary_competitor=competitor,
        created_by=actor,
    )
    record_creation(deal, actor=actor)
    record_created(deal, actor=actor)
    return deal


@service
def update_opportunity(
    *,
    actor: User,
    opportunity_id: int,
    version: int,
    name: str | Unset = UNSET,
    description: str | Unset = UNSET,
    next_step: str | Unset = UNSET,
    amount: Money | Unset = UNSET,
    close_date: date | Unset = UNSET,
    forecast_category: str | Unset = UNSET,
    contract_term_months: int | Unset | None = UNSET,
    is_recurring: bool | Unset = UNSET,
) -> Opportunity:
    """Change the terms of a deal; arguments left out keep their value.

    The amount stays in the deal's currency (history keeps amounts in it, so a deal
    never changes currency). A closed deal keeps its amount, close date, forecast
    category and contract terms — they are what was booked; reopen it to change them.
    A deal with line items takes its amount and recurring flag from its lines. When the
    amount or the close date changes, the base amount is converted again at the rate
    of the (new) close date.
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    before = tracked_values(deal)
    audit_before = snapshot(deal)
    fields: list[str] = []
    if not isinstance(name, Unset):
        deal.name = require_text(name, field="name", limit=NAME_MAX_LENGTH, required=True)
        fields.append("name")
    if not isinstance(description, Unset):
        deal.description = description.strip()
        fields.append("description")
    if not isinstance(next_step, Unset):
        deal.next_step = require_text(next_step, field="next_step", limit=NEXT_STEP_MAX_LENGTH)
        fields.append("next_step")
    booked = {
        "amount": amount,
        "close_date": close_date,
        "forecast_category": forecast_category,
        "contract_term_months": contract_term_months,
        "is_recurring": is_recurring,
    }
    given = [field for field, value in booked.items() if not isinstance(value, Unset)]
    if given and deal.status != OpportunityStatus.OPEN:
        raise RuleViolation(
            given[0],
            PipelineErrorCode.ALREADY_CLOSED,
            _("This opportunity is closed; reopen it to change what was booked."),
        )
    has_lines = deal.lines.exists()
    if not isinstance(amount, Unset):
        _require_no_lines(has_lines, field="amount")
        deal.amount_minor = minor_units(amount, currency=deal.currency, field="amount")
        fields.append("amount_minor")
    if not isinstance(is_recurring, Unset):
        _require_no_lines(has_lines, field="is_recurring")
        deal.is_recurring = is_recurring
        fields.append("is_recurring")
    if not isinstance(close_date, Unset):
        require_close_after_opening(close_date, deal.opened_on, field="close_date")
        deal.close_date = close_date
        fields.append("close_date")
    if not isinstance(forecast_category, Unset):
        deal.forecast_category = _require_open_forecast_category(forecast_category)
        fields.append("forecast_category")
    if not isinstance(contract_term_months, Unset):
        deal.contract_term_months = _require_term(contract_term_months)
        fields.append("contract_term_months")
    if "amount_minor" in fields or "close_date" in fields:
        field = "close_date" if "close_date" in fields else "amount"
        deal.amount_base_minor = to_base_minor(
            deal.amount_minor, deal.currency, deal.close_date, field=field
        )
        fields.append("amount_base_minor")
    if snapshot(deal) == audit_before:
        # Nothing to write: the version stays, as no one's view of the deal is stale.
        return deal
    update_versioned(deal, expected_version=version, fields=fields)
    record_changes(deal, actor=actor, before=before)
    record_changed(deal, actor=actor, before=audit_before)
    return deal


@service
def reassign_opportunity(
    *, actor: User, opportunity_id: int, version: int, owner_id: int
) -> Opportunity:
    """Give a deal to another owner (open or closed: sales ops correct who booked it).

    The actor must be allowed to change deals of both the current and the new owner —
    a manager moves deals within their team, sales ops anywhere — so nobody pushes a
    deal onto a team they do not run. Giving it to its current owner changes nothing.
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    owner = resolve_owner(actor, owner_id)
    if owner.pk == deal.owner_id:
        return deal
    before = tracked_values(deal)
    audit_before = snapshot(deal)
    deal.owner = owner
    update_versioned(deal, expected_version=version, fields=["owner"])
    record_changes(deal, actor=actor, before=before)
    record_changed(deal, actor=actor, before=audit_before, action="reassign")
    return deal


def _currency_and_amount(amount: Money | None, currency: str | None) -> tuple[str, int]:
    if amount is None:
        return require_currency(currency or CompanySettings.current().base_currency), 0
    if currency is not None and currency != amount.currency:
        raise RuleViolation(
            "amount",
            CommonErrorCode.WRONG_CURRENCY,
            _("The amount must be in %(currency)s.") % {"currency": currency},
        )
    deal_currency = require_currency(amount.currency)
    return deal_currency, minor_units(amount, currency=deal_currency, field="amount")


def _pipeline_for(pipeline_id: int | None, *, owner: User, opportunity_type: str) -> Pipeline:
    """The given pipeline, else the owner's team default, the type default, the company
    default, in that order (SPEC 2.2: a team or a type has a default pipeline)."""
    if pipeline_id is not None:
        pipeline = Pipeline.objects.filter(pk=pipeline_id).first()
        if pipeline is None:
            raise RuleViolation(
                "pipeline", PipelineErrorCode.UNKNOWN_PIPELINE, _("There is no such pipeline.")
            )
        return pipeline
    candidates: list[QuerySet[Pipeline]] = []
    if owner.team_id is not None:
        candidates.append(Pipeline.objects.filter(default_for_teams=owner.team_id))
    candidates.append(Pipeline.objects.filter(default_for_type=opportunity_type))
    candidates.append(Pipeline.objects.filter(is_default=True))
    for queryset in candidates:
        pipeline = queryset.order_by("name", "pk").first()
        if pipeline is not None:
            return pipeline
    raise RuleViolation(
        "pipeline",
        PipelineErrorCode.NO_PIPELINE,
        _("No pipeline is set up as a default; choose one."),
    )


def _starting_stage(pipeline: Pipeline, stage_id: int | None) -> Stage:
    if stage_id is None:
        stage = pipeline.stages.filter(category=StageCategory.OPEN).order_by("order").first()
        if stage is None:
            raise RuleViolation(
                "pipeline",
                PipelineErrorCode.NO_OPEN_STAGE,
                _("The pipeline %(pipeline)s has no open stage.") % {"pipeline": pipeline},
            )
        return stage
    stage = pipeline.stages.filter(pk=stage_id).first()
    if stage is None:
        raise RuleViolation(
            "stage",
            PipelineErrorCode.STAGE_NOT_IN_PIPELINE,
            _("The stage must belong to the pipeline %(pipeline)s.") % {"pipeline": pipeline},
        )
    if stage.category != StageCategory.OPEN:
        raise RuleViolation(
            "stage",
            PipelineErrorCode.STAGE_NOT_OPEN,
            _("A deal is won or lost by winning or losing it, not by choosing the stage."),
        )
    return stage


def _require_open_forecast_category(category: str) -> str:
    if category == ForecastCategory.CLOSED:
        raise RuleViolation(
            "forecast_category",
            PipelineErrorCode.CLOSED_CATEGORY,
            _("Only a won deal is forecast as closed."),
        )
    return require_choice(category, field="forecast_category", choices=OPEN_FORECAST_CATEGORIES)


def _require_term(months: int | None) -> int | None:
    if months is not None and not 1 <= months <= MAX_TERM_MONTHS:
        raise RuleViolation(
            "contract_term_months",
            PipelineErrorCode.TERM_OUT_OF_RANGE,
            _("The contract term is between 1 and %(max)s months.") % {"max": MAX_TERM_MONTHS},
        )
    return months


def _require_no_lines(has_lines: bool, *, field: str) -> None:
    if has_lines:
        raise RuleViolation(
            field,
            PipelineErrorCode.AMOUNT_FROM_LINES,
            _("This deal has line items: change the lines instead."),
        )


def _unique_external_id(external_id: str | None) -> str | None:
    """The id the deal has in another system (imports match on it): unique when given."""
    if external_id is None or not external_id.strip():
        return None
    external_id = require_text(external_id, field="external_id", limit=EXTERNAL_ID_MAX_LENGTH)
    if Opportunity.objects.filter(external_id=external_id).exists():
        raise RuleViolation(
            "external_id",
            PipelineErrorCode.DUPLICATE_EXTERNAL_ID,
            _("Another opportunity already has this external id."),
        )
    return external_id

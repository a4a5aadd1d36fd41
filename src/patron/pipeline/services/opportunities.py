"""Opportunities: creating one in the right pipeline and stage, editing its terms, and
giving it to another owner. Stage moves, wins, losses and reopening are in
`services/stages.py`; line items in `services/lines.py`.

Every change of a tracked field (stage, status, amount, close date, forecast category,
owner) writes its history row through `pipeline.history` in the same transaction.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.currency import to_base_minor
from patron.core.errors import RuleViolation
from patron.core.models import update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import minor_units, require_text
from patron.org.access import lock_tree, refresh_access
from patron.org.models import User
from patron.org.policy import resolve_owner
from patron.pipeline.choices import (
    ForecastCategory,
    OpportunityStatus,
    OpportunityType,
)
from patron.pipeline.cleaning.opportunities import (
    NAME_MAX_LENGTH,
    NEXT_STEP_MAX_LENGTH,
    OpportunityInput,
    clean_opportunity,
    opportunity_context,
    require_open_forecast_category,
    require_term,
)
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.history import record_changes, record_creation, tracked_values
from patron.pipeline.models import Opportunity
from patron.pipeline.services.checks import (
    opportunity_for_change,
    require_close_after_opening,
)


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

    The checks are `clean_opportunity`'s, on a context built for this one row (an
    import builds one for a whole file); the first error found is raised.
    """
    lock_tree(exclusive=False)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    raw = OpportunityInput(
        account_id=account_id,
        name=name,
        close_date=close_date,
        amount=amount,
        currency=currency,
        owner_id=owner_id,
        type=type,
        pipeline_id=pipeline_id,
        stage_id=stage_id,
        opened_on=opened_on,
        forecast_category=forecast_category,
        next_step=next_step,
        description=description,
        is_recurring=is_recurring,
        contract_term_months=contract_term_months,
        lead_source=lead_source,
        campaign_id=campaign_id,
        primary_competitor_id=primary_competitor_id,
        external_id=external_id,
    )
    context = opportunity_context(
        actor,
        owner_ids=[owner_id],
        account_ids=[account_id],
        currencies=[amount.currency if amount is not None else currency],
        campaign_ids=[campaign_id],
        competitor_ids=[primary_competitor_id],
        external_ids=[external_id],
    )
    values = raise_first(clean_opportunity(raw, context))
    deal = Opportunity.objects.create(
        **vars(values), status=OpportunityStatus.OPEN, created_by=actor
    )
    record_creation(deal, actor=actor)
    record_created(deal, actor=actor)
    refresh_access(opportunities=[deal.pk])
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
        deal.forecast_category = require_open_forecast_category(forecast_category)
        fields.append("forecast_category")
    if not isinstance(contract_term_months, Unset):
        deal.contract_term_months = require_term(contract_term_months)
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
    lock_tree(exclusive=False)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
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
    refresh_access(opportunities=[deal.pk])
    return deal


def _require_no_lines(has_lines: bool, *, field: str) -> None:
    if has_lines:
        raise RuleViolation(
            field,
            PipelineErrorCode.AMOUNT_FROM_LINES,
            _("This deal has line items: change the lines instead."),
        )

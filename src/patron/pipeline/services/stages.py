"""A deal's way through its pipeline: moving between open stages, winning, losing and
reopening.

`status` mirrors the category of the deal's stage, and only these services change the
stage, so the two always agree; the probability is the stage's own. Winning and losing
are the only ways into a won or lost stage because they record what a close needs (the
close date, the loss reason) and what KPIs read (closed_at, forecast category).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.services.lifecycle import record_account_win
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.currency import to_base_minor
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import company_today, update_versioned
from patron.core.operations import service
from patron.core.validation import require_choice, require_not_future
from patron.org.models import User
from patron.pipeline.choices import (
    ForecastCategory,
    LossReason,
    OpportunityStatus,
    StageCategory,
    TrackedField,
)
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.history import record_changes, tracked_values
from patron.pipeline.models import (
    Opportunity,
    OpportunityCompetitor,
    OpportunityHistory,
    Stage,
)
from patron.pipeline.services.checks import (
    competitor_or_none,
    opportunity_for_change,
    require_close_after_opening,
)

# Fields a close or reopen writes, besides the tracked ones it changes.
_CLOSE_FIELDS = [
    "stage",
    "status",
    "close_date",
    "closed_at",
    "forecast_category",
    "amount_base_minor",
]


@service
def move_opportunity_stage(
    *, actor: User, opportunity_id: int, version: int, stage_id: int
) -> Opportunity:
    """Move an open deal forward or back to another open stage of its own pipeline.

    A stage of another pipeline is refused (its probabilities and funnel belong to
    other deals), and so is a won or lost stage: use win or lose. Moving a deal to the
    stage it is in changes nothing.
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    _require_open(deal)
    stage = _open_stage(deal, stage_id)
    if stage.pk == deal.stage_id:
        return deal
    before = tracked_values(deal)
    audit_before = snapshot(deal)
    deal.stage = stage
    update_versioned(deal, expected_version=version, fields=["stage"])
    record_changes(deal, actor=actor, before=before)
    record_changed(deal, actor=actor, before=audit_before, action="move_stage")
    return deal


@service
def win_opportunity(
    *,
    actor: User,
    opportunity_id: int,
    version: int,
    won_on: date | None = None,
    win_reason: str = "",
) -> Opportunity:
    """Close an open deal as won, on `won_on` (today in the company's time zone unless
    given; never in the future nor before the deal opened).

    Bookings (K1) count the amount on the close date, so the close date becomes the win
    date and the base amount is converted again at that date's rate. The deal moves to
    its pipeline's won stage, is forecast as closed, and `closed_at` records the moment.
    A prospect account becomes a customer from the win date (see
    `accounts.services.lifecycle.record_account_win`).
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    _require_open(deal)
    won_on = won_on or company_today()
    require_not_future(won_on, field="won_on")
    require_close_after_opening(won_on, deal.opened_on, field="won_on")
    stage = _closing_stage(deal, StageCategory.WON)
    before = tracked_values(deal)
    audit_before = snapshot(deal)
    _close(deal, stage=stage, status=OpportunityStatus.WON, on=won_on, field="won_on")
    deal.forecast_category = ForecastCategory.CLOSED
    deal.win_reason = win_reason.strip()
    update_versioned(deal, expected_version=version, fields=[*_CLOSE_FIELDS, "win_reason"])
    record_changes(deal, actor=actor, before=before)
    record_changed(deal, actor=actor, before=audit_before, action="win")
    record_account_win(actor=actor, account_id=deal.account_id, won_on=won_on)
    return deal


@service
def lose_opportunity(
    *,
    actor: User,
    opportunity_id: int,
    version: int,
    loss_reason: str,
    competitor_id: int | None = None,
    note: str = "",
    lost_on: date | None = None,
) -> Opportunity:
    """Close an open deal as lost, with a reason (win/loss analysis needs one), and
    optionally the competitor who won it and a note.

    The close date becomes `lost_on` (today unless given; not in the future nor before
    the deal opened) so the loss counts in the period it happened (K13); the deal
    moves to its pipeline's lost stage and is omitted from forecasts. The competitor
    becomes the deal's main competitor and is recorded among its competitors.
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    _require_open(deal)
    if not loss_reason:
        raise RuleViolation(
            "loss_reason", CommonErrorCode.REQUIRED, _("Say why the deal was lost.")
        )
    require_choice(loss_reason, field="loss_reason", choices=LossReason.values)
    competitor = competitor_or_none(competitor_id, field="competitor")
    lost_on = lost_on or company_today()
    require_not_future(lost_on, field="lost_on")
    require_close_after_opening(lost_on, deal.opened_on, field="lost_on")
    stage = _closing_stage(deal, StageCategory.LOST)
    before = tracked_values(deal)
    audit_before = snapshot(deal)
    _close(deal, stage=stage, status=OpportunityStatus.LOST, on=lost_on, field="lost_on")
    deal.forecast_category = ForecastCategory.OMITTED
    deal.loss_reason = loss_reason
    deal.loss_note = note.strip()
    fields = [*_CLOSE_FIELDS, "loss_reason", "loss_note"]
    if competitor is not None:
        deal.primary_competitor = competitor
        fields.append("primary_competitor")
        link, created = OpportunityCompetitor.objects.get_or_create(
            opportunity=deal, competitor=competitor, defaults={"created_by": actor}
        )
        if created:
            record_created(link, actor=actor)
    update_versioned(deal, expected_version=version, fields=fields)
    record_changes(deal, actor=actor, before=before)
    record_changed(deal, actor=actor, before=audit_before, action="lose")
    return deal


@service
def reopen_opportunity(
    *,
    actor: User,
    opportunity_id: int,
    version: int,
    stage_id: int | None = None,
    close_date: date | None = None,
) -> Opportunity:
    """Reopen a won or lost deal into an open stage of its pipeline: the one given,
    else the last open stage it was in according to its history (the first open stage
    when its history has none).

    The close is undone: no `closed_at`, loss reason, loss note or win reason, forecast
    category back to pipeline. The close date stays as the expected close unless a new
    one is given. The account keeps its lifecycle: a customer stays a customer (its
    lifecycle may rest on orders and contracts the pipeline does not see).
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    if deal.status == OpportunityStatus.OPEN:
        raise RuleViolation(
            "status", PipelineErrorCode.NOT_CLOSED, _("This opportunity is already open.")
        )
    stage = _reopening_stage(deal, stage_id)
    before = tracked_values(deal)
    audit_before = snapshot(deal)
    deal.stage = stage
    deal.status = OpportunityStatus.OPEN
    deal.closed_at = None
    deal.forecast_category = ForecastCategory.PIPELINE
    deal.loss_reason = ""
    deal.loss_note = ""
    deal.win_reason = ""
    if close_date is not None:
        require_close_after_opening(close_date, deal.opened_on, field="close_date")
        deal.close_date = close_date
    deal.amount_base_minor = to_base_minor(
        deal.amount_minor, deal.currency, deal.close_date, field="close_date"
    )
    update_versioned(
        deal,
        expected_version=version,
        fields=[*_CLOSE_FIELDS, "loss_reason", "loss_note", "win_reason"],
    )
    record_changes(deal, actor=actor, before=before)
    record_changed(deal, actor=actor, before=audit_before, action="reopen")
    return deal


def _open_stage(deal: Opportunity, stage_id: int) -> Stage:
    """An open stage of the deal's own pipeline: a stage of another pipeline has other
    probabilities and another funnel, and a won or lost stage needs win or lose."""
    stage = Stage.objects.filter(pk=stage_id, pipeline_id=deal.pipeline_id).first()
    if stage is None:
        raise RuleViolation(
            "stage",
            PipelineErrorCode.STAGE_NOT_IN_PIPELINE,
            _("Choose a stage of the deal's own pipeline."),
        )
    if stage.category != StageCategory.OPEN:
        raise RuleViolation(
            "stage",
            PipelineErrorCode.STAGE_NOT_OPEN,
            _("Win or lose the deal to move it to a closed stage."),
        )
    return stage


def _require_open(deal: Opportunity) -> None:
    if deal.status != OpportunityStatus.OPEN:
        raise RuleViolation(
            "status", PipelineErrorCode.ALREADY_CLOSED, _("This opportunity is already closed.")
        )


def _closing_stage(deal: Opportunity, category: str) -> Stage:
    found = (
        Stage.objects.filter(pipeline_id=deal.pipeline_id, category=category)
        .order_by("order")
        .first()
    )
    if found is None:
        code = (
            PipelineErrorCode.NO_WON_STAGE
            if category == StageCategory.WON
            else PipelineErrorCode.NO_LOST_STAGE
        )
        raise RuleViolation("stage", code, _("The deal's pipeline has no stage for this outcome."))
    return found


def _close(deal: Opportunity, *, stage: Stage, status: str, on: date, field: str) -> None:
    deal.amount_base_minor = to_base_minor(deal.amount_minor, deal.currency, on, field=field)
    deal.stage = stage
    deal.status = status
    deal.close_date = on
    deal.closed_at = timezone.now()


def _reopening_stage(deal: Opportunity, stage_id: int | None) -> Stage:
    if stage_id is not None:
        return _open_stage(deal, stage_id)
    open_stages = Stage.objects.filter(pipeline_id=deal.pipeline_id, category=StageCategory.OPEN)
    by_id = {str(stage.pk): stage for stage in open_stages}
    visited = (
        OpportunityHistory.objects.filter(opportunity=deal, field=TrackedField.STAGE)
        .order_by("-id")
        .values_list("new_value", flat=True)
    )
    for stage_value in visited:
        if stage_value in by_id:
            return by_id[stage_value]
    first = open_stages.order_by("order").first()
    if first is None:
        raise RuleViolation(
            "stage",
            PipelineErrorCode.NO_OPEN_STAGE,
            _("The deal's pipeline has no open stage."),
        )
    return first

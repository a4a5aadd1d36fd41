"""Forecast submissions: what a person (or a manager, for a team they manage) expects
to close in a period, and a manager's override of a person's forecast.

Every call is kept as its own row and never edited: accuracy (K34) judges a forecast on
what was said at the time, and the latest row of a forecaster for a period is their
current forecast. An override is therefore a new row too (kind "override"), for the
same person and period, submitted by the manager with the reason in its note; the
person's own calls stay beside it. Amounts are money in the company's base currency
(stored as minor units); best case covers commit.

Who overrides: someone above the person in the reporting tree who develops people (a
sales manager for their team, a director for the teams below), never for themselves.
Sales ops and admins see every forecast but are not in the person's line: an
override is the accountable manager's call, so they submit none.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.core.audit import record_created
from patron.core.cleaning import raise_first
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.models import CompanySettings, company_today
from patron.core.money import Money
from patron.core.operations import service
from patron.core.validation import require_text
from patron.forecasting.choices import SubmissionKind
from patron.forecasting.cleaning.submissions import (
    NOTE_LIMIT,
    ForecastInput,
    clean_forecast,
    forecast_amounts,
    forecast_context,
    open_period,
)
from patron.forecasting.errors import ForecastErrorCode
from patron.forecasting.models import ForecastSubmission
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can
from patron.org.visibility import visible_owner_ids


@service
def submit_forecast(
    *,
    actor: User,
    period_start: date,
    period_end: date,
    commit: Money,
    best_case: Money,
    team_id: int | None = None,
    note: str = "",
) -> ForecastSubmission:
    """Call the actor's own forecast for a period — or, with `team_id`, the forecast of
    a team the actor manages (directly or above its manager) — as a new submission.

    Forecasts are called by those who sell (`Capability.SELL`): a read-only executive
    or a service agent has no pipeline to call. The period is a whole month, fiscal
    quarter or fiscal year (`forecasting.periods`) that has not ended: a forecast of
    a closed period would be a report, not a forecast, and would flatter K34.
    """
    values = raise_first(
        clean_forecast(
            ForecastInput(
                period_start=period_start,
                period_end=period_end,
                commit=commit,
                best_case=best_case,
                team_id=team_id,
                note=note,
            ),
            forecast_context(actor, team_ids=[team_id]),
        )
    )
    # Submissions of one forecaster are ordered by time: serialise them on their row.
    User.objects.select_for_update().filter(pk=actor.pk).exists()
    submission = ForecastSubmission.objects.create(
        user=None if values.team is not None else actor,
        team=values.team,
        submitted_by=actor,
        kind=SubmissionKind.SUBMISSION,
        period_start=values.period.start,
        period_end=values.period.end,
        commit_minor=values.commit_minor,
        best_case_minor=values.best_case_minor,
        submitted_at=timezone.now(),
        note=values.note,
        created_by=actor,
    )
    record_created(submission, actor=actor)
    return submission


@service
def override_forecast(
    *,
    actor: User,
    submission_id: int,
    commit: Money,
    best_case: Money,
    note: str,
) -> ForecastSubmission:
    """Override a person's current forecast for its period with the manager's own
    numbers and the reason (required: the person and K34's readers must see why).

    Only the person's latest call for the period may be overridden: when they called
    again since the manager read it, the manager reviews the new call first (the
    forecast's equivalent of a stale version). The override becomes the person's
    current forecast for the period; a later submission of theirs supersedes it.
    """
    submission = (
        ForecastSubmission.objects.visible_to(actor)
        .select_related("user")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        raise NotVisible(str(ForecastSubmission._meta.verbose_name))
    person = submission.user
    if person is None:
        raise RuleViolation(
            None,
            ForecastErrorCode.TEAM_FORECAST,
            _("A team's forecast is changed by its manager submitting a new one."),
        )
    _require_may_override(actor, person)
    # Serialise with the person's own submissions, so "latest" cannot change under us.
    User.objects.select_for_update().filter(pk=person.pk).exists()
    latest = (
        ForecastSubmission.objects.filter(
            user=person, period_start=submission.period_start, period_end=submission.period_end
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if latest is not None and latest.pk != submission.pk:
        raise RuleViolation(
            None,
            ForecastErrorCode.SUPERSEDED,
            _("A newer forecast was submitted for this period; review it before overriding."),
        )
    settings = CompanySettings.current()
    period = open_period(
        submission.period_start,
        submission.period_end,
        fiscal_year_start_month=settings.fiscal_year_start_month,
        today=company_today(),
    )
    commit_minor, best_case_minor = forecast_amounts(
        commit, best_case, currency=settings.base_currency
    )
    override = ForecastSubmission.objects.create(
        user=person,
        submitted_by=actor,
        kind=SubmissionKind.OVERRIDE,
        period_start=period.start,
        period_end=period.end,
        commit_minor=commit_minor,
        best_case_minor=best_case_minor,
        submitted_at=timezone.now(),
        note=require_text(note, field="note", limit=NOTE_LIMIT, required=True),
        created_by=actor,
    )
    record_created(override, actor=actor, action="override")
    return override


def _require_may_override(actor: User, person: User) -> None:
    below = visible_owner_ids(actor) - {actor.pk}
    if not can(actor, Capability.DEVELOP_PEOPLE) or person.pk not in below:
        raise Forbidden(_("Only a manager above this person may override their forecast."))

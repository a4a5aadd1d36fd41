"""The clean step of submitting a forecast (see `core.cleaning` and decision 0020): the
raw values and a context loaded beforehand in, the checked submission or every wrong
field out, with no query.

The checks a manager's override shares with a submission — a whole period that has not
ended, amounts in the base currency with the best case covering the commit — are here
too, written once for both services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.errors import CommonErrorCode, Forbidden, RuleViolation
from patron.core.models import CompanySettings, company_today
from patron.core.money import Money
from patron.core.periods import Period
from patron.core.validation import minor_units, require_text
from patron.forecasting.errors import ForecastErrorCode
from patron.forecasting.periods import forecast_period
from patron.org.capabilities import Capability
from patron.org.models import Team, User
from patron.org.policy import can
from patron.org.visibility import managed_team_ids

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class ForecastInput:
    """A forecast as typed or imported: the period, the two amounts in the base
    currency, and the team it is called for (none: the actor's own forecast)."""

    period_start: date
    period_end: date
    commit: Money
    best_case: Money
    team_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ForecastContext:
    """What cleaning forecasts needs from the database: the actor, the company's today,
    base currency and first month of its fiscal year, the named teams, and the teams
    the actor manages (directly or above their managers)."""

    actor: User
    today: date
    base_currency: str
    fiscal_year_start_month: int
    teams: Mapping[int, Team]
    managed_team_ids: frozenset[int]


@dataclass(frozen=True)
class ForecastValues:
    """A submission ready to be written: of the team, or of the actor when none."""

    team: Team | None
    period: Period
    commit_minor: int
    best_case_minor: int
    note: str


def forecast_context(actor: User, *, team_ids: Iterable[int | None] = ()) -> ForecastContext:
    """The context for cleaning forecasts naming these teams: the company settings, its
    today, the teams named and those the actor manages — one query each, whatever the
    number of rows (the teams only when a row names one)."""
    settings = CompanySettings.current()
    wanted = ids_of(team_ids)
    return ForecastContext(
        actor=actor,
        today=company_today(),
        base_currency=settings.base_currency,
        fiscal_year_start_month=settings.fiscal_year_start_month,
        teams=Team.objects.in_bulk(wanted) if wanted else {},
        managed_team_ids=frozenset(managed_team_ids(actor)) if wanted else frozenset(),
    )


def clean_forecast(raw: ForecastInput, context: ForecastContext) -> Cleaned[ForecastValues]:
    """Every check of a new submission (the rules are `submit_forecast`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    with errors.field():
        require_may_forecast(context.actor)
    team = None
    if raw.team_id is not None:
        team = check_named(errors, "team", partial(_managed_team, raw.team_id, context))
    period = errors.check(
        partial(
            open_period,
            raw.period_start,
            raw.period_end,
            fiscal_year_start_month=context.fiscal_year_start_month,
            today=context.today,
        ),
        None,
    )
    commit_minor = errors.check(
        partial(minor_units, raw.commit, currency=context.base_currency, field="commit"), None
    )
    best_case_minor = errors.check(
        partial(minor_units, raw.best_case, currency=context.base_currency, field="best_case"),
        None,
    )
    if commit_minor is not None and best_case_minor is not None:
        errors.check(partial(require_best_case_covers_commit, commit_minor, best_case_minor), None)
    note = errors.check(partial(require_text, raw.note, field="note", limit=NOTE_LIMIT), None)
    if (
        errors.errors
        or (raw.team_id is not None and team is None)
        or period is None
        or commit_minor is None
        or best_case_minor is None
        or note is None
    ):
        return Cleaned(errors=errors.errors)
    return Cleaned(
        ForecastValues(
            team=team,
            period=period,
            commit_minor=commit_minor,
            best_case_minor=best_case_minor,
            note=note,
        )
    )


def require_may_forecast(actor: User) -> User:
    """Forecasts are called by those who sell and may change records: a read-only
    executive or a service agent has no pipeline to call."""
    if not can(actor, Capability.SELL) or not can(actor, Capability.CHANGE_RECORDS):
        raise Forbidden()
    return actor


def open_period(start: date, end: date, *, fiscal_year_start_month: int, today: date) -> Period:
    """A whole month, fiscal quarter or fiscal year (`forecasting.periods`) that has not
    ended: the forecast of a closed period would be a report, not a forecast."""
    period = forecast_period(start, end, fiscal_year_start_month=fiscal_year_start_month)
    if period.end <= today:
        raise RuleViolation(
            "period_end",
            ForecastErrorCode.PERIOD_OVER,
            _("This period is over; its forecast can no longer change."),
        )
    return period


def forecast_amounts(commit: Money, best_case: Money, *, currency: str) -> tuple[int, int]:
    """Commit and best case in minor units of the base currency `currency`, the first
    refusal raised (an override checks its amounts one at a time)."""
    commit_minor = minor_units(commit, currency=currency, field="commit")
    best_case_minor = minor_units(best_case, currency=currency, field="best_case")
    require_best_case_covers_commit(commit_minor, best_case_minor)
    return commit_minor, best_case_minor


def require_best_case_covers_commit(commit_minor: int, best_case_minor: int) -> int:
    """Best case covers commit: it is what closes if the deals in doubt close too."""
    if best_case_minor < commit_minor:
        raise RuleViolation(
            "best_case",
            ForecastErrorCode.BEST_CASE_BELOW_COMMIT,
            _("The best case cannot be less than the commit."),
        )
    return best_case_minor


def _managed_team(team_id: int, context: ForecastContext) -> Team:
    team = context.teams.get(team_id)
    if team is None:
        raise RuleViolation("team", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such team."))
    if team.pk not in context.managed_team_ids:
        raise Forbidden(_("Only the team's managers call its forecast."))
    return team

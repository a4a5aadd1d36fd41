import datetime as dt
from decimal import Decimal

import pytest

from patron.core.errors import Forbidden, RuleViolation
from patron.core.models import CompanySettings
from patron.core.money import Money
from patron.forecasting.choices import SubmissionKind
from patron.forecasting.models import ForecastSubmission
from patron.forecasting.services.submissions import submit_forecast
from tests.forecasting.conftest import NOW, Q1, Q2, events, refused, usd


def submit(actor, period=Q2, commit="50000.00", best_case="80000.00", **kwargs):
    return submit_forecast(
        actor=actor,
        period_start=period[0],
        period_end=period[1],
        commit=usd(commit),
        best_case=usd(best_case),
        **kwargs,
    )


def test_a_rep_calls_the_next_quarter(org):
    # when
    submission = submit(org.rep, note=" Two deals at contract stage. ")
    # then
    submission.refresh_from_db()
    assert (submission.user, submission.team, submission.submitted_by, submission.kind) == (
        org.rep,
        None,
        org.rep,
        SubmissionKind.SUBMISSION,
    )
    assert (submission.period_start, submission.period_end) == Q2
    assert (submission.commit_minor, submission.best_case_minor) == (5_000_000, 8_000_000)
    assert (submission.submitted_at, submission.note) == (NOW, "Two deals at contract stage.")
    [event] = events(submission)
    assert (event.action, event.actor) == ("create", org.rep)
    assert event.changes["commit_minor"] == [None, 5_000_000]
    assert event.changes["period_start"] == [None, "2026-04-01"]


def test_every_call_is_kept_as_its_own_row(org):
    first = submit(org.rep, commit="40000.00")
    second = submit(org.rep, commit="45000.00")
    first.refresh_from_db()
    assert first.commit_minor == 4_000_000
    assert ForecastSubmission.objects.filter(user=org.rep).count() == 2
    assert second.pk != first.pk


def test_the_current_quarter_and_a_month_may_be_called(org):
    submit(org.account_manager, period=Q1)
    submit(org.rep, period=(dt.date(2026, 3, 1), dt.date(2026, 4, 1)), best_case="50000.00")
    assert ForecastSubmission.objects.count() == 2


def test_a_manager_calls_the_forecast_of_a_team_below_them(org):
    for actor, team in ((org.manager, org.team), (org.director, org.peer_team)):
        submission = submit(actor, team_id=team.pk)
        assert (submission.user, submission.team, submission.submitted_by) == (None, team, actor)


def test_a_team_the_actor_does_not_manage_is_forbidden(org):
    refused(Forbidden, submit, actor=org.peer_manager, team_id=org.team.pk)
    refused(Forbidden, submit, actor=org.rep, team_id=org.team.pk)
    error = refused(RuleViolation, submit, actor=org.manager, team_id=987_654)
    assert (error.field, error.code) == ("team", "unknown_reference")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"commit": "90000.00"}, "best_case", "best_case_below_commit"),
        ({"commit": "-1.00"}, "commit", "negative_amount"),
        ({"commit": "0.001"}, "commit", "too_precise"),
        ({"best_case": "10000000000000.01"}, "best_case", "amount_too_large"),
        (
            {"period": (dt.date(2026, 4, 2), dt.date(2026, 7, 1))},
            "period_start",
            "period_not_aligned",
        ),
        (
            {"period": (dt.date(2026, 4, 1), dt.date(2026, 6, 30))},
            "period_end",
            "period_not_aligned",
        ),
        ({"period": (dt.date(2025, 10, 1), dt.date(2026, 1, 1))}, "period_end", "period_over"),
        ({"note": "x" * 2001}, "note", "too_long"),
    ],
)
def test_bad_values_are_refused(org, changes, field, code):
    error = refused(RuleViolation, submit, actor=org.rep, **changes)
    assert (error.field, error.code) == (field, code)


def test_amounts_are_in_the_base_currency(org):
    error = refused(
        RuleViolation,
        submit_forecast,
        actor=org.rep,
        period_start=Q2[0],
        period_end=Q2[1],
        commit=Money(Decimal("100"), "THB"),
        best_case=usd("200.00"),
    )
    assert (error.field, error.code) == ("commit", "wrong_currency")


def test_quarters_follow_the_fiscal_calendar(org):
    CompanySettings.objects.filter(pk=1).update(fiscal_year_start_month=2)
    error = refused(RuleViolation, submit, actor=org.rep)
    assert error.code == "period_not_aligned"
    submission = submit(org.rep, period=(dt.date(2026, 5, 1), dt.date(2026, 8, 1)))
    assert submission.period_start == dt.date(2026, 5, 1)


@pytest.mark.parametrize("persona", ["executive", "service_agent"])
def test_those_who_do_not_sell_call_no_forecast(org, persona):
    refused(Forbidden, submit, actor=getattr(org, persona))

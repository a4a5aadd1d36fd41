import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.forecasting.choices import SubmissionKind
from patron.forecasting.models import ForecastSubmission
from patron.forecasting.services.submissions import override_forecast, submit_forecast
from tests.factories.forecasting import ForecastSubmissionFactory
from tests.forecasting.conftest import NOW, Q1, Q2, events, refused, usd


@pytest.fixture
def call(org):
    """The rep's call for the second quarter."""
    return submit_forecast(
        actor=org.rep,
        period_start=Q2[0],
        period_end=Q2[1],
        commit=usd("50000.00"),
        best_case=usd("80000.00"),
    )


def override(actor, submission, commit="40000.00", best_case="70000.00", note="Deal slipped."):
    return override_forecast(
        actor=actor,
        submission_id=submission.pk,
        commit=usd(commit),
        best_case=usd(best_case),
        note=note,
    )


def test_the_manager_overrides_their_reps_call_as_a_new_row(org, call):
    # when
    row = override(org.manager, call, note=" Acme slipped to Q3. ")
    # then
    row.refresh_from_db()
    assert (row.user, row.submitted_by, row.kind, row.note) == (
        org.rep,
        org.manager,
        SubmissionKind.OVERRIDE,
        "Acme slipped to Q3.",
    )
    assert (row.period_start, row.period_end, row.submitted_at) == (*Q2, NOW)
    assert (row.commit_minor, row.best_case_minor) == (4_000_000, 7_000_000)
    call.refresh_from_db()
    assert (call.kind, call.commit_minor, call.version) == (SubmissionKind.SUBMISSION, 5_000_000, 1)
    [event] = events(row)
    assert (event.action, event.actor) == ("override", org.manager)
    assert event.changes["note"] == [None, "Acme slipped to Q3."]
    assert event.changes["user"] == [None, org.rep.pk]


def test_a_director_overrides_a_manager_override(org, call):
    first = override(org.manager, call)
    second = override(org.director, first, commit="45000.00")
    assert (second.user, second.submitted_by) == (org.rep, org.director)


def test_an_override_needs_a_reason(org, call):
    error = refused(RuleViolation, override, actor=org.manager, submission=call, note="  ")
    assert (error.field, error.code) == ("note", "required")


def test_only_the_latest_call_is_overridden(org, call):
    # given: the rep called again after the manager looked
    submit_forecast(
        actor=org.rep,
        period_start=Q2[0],
        period_end=Q2[1],
        commit=usd("55000.00"),
        best_case=usd("80000.00"),
    )
    # when
    error = refused(RuleViolation, override, actor=org.manager, submission=call)
    # then
    assert error.code == "superseded"


def test_best_case_covers_commit(org, call):
    error = refused(RuleViolation, override, actor=org.manager, submission=call, commit="90000.00")
    assert (error.field, error.code) == ("best_case", "best_case_below_commit")


def test_a_closed_period_is_not_overridden(org):
    past = ForecastSubmissionFactory(
        user=org.rep, period_start=Q1[0].replace(year=2025), period_end=Q1[1].replace(year=2025)
    )
    error = refused(RuleViolation, override, actor=org.manager, submission=past)
    assert (error.field, error.code) == ("period_end", "period_over")


def test_a_teams_forecast_is_not_overridden(org):
    team_call = ForecastSubmissionFactory(user=None, team=org.team, submitted_by=org.manager)
    error = refused(RuleViolation, override, actor=org.director, submission=team_call)
    assert error.code == "team_forecast"


@pytest.mark.parametrize("persona", ["rep", "rep2", "sales_ops", "admin", "executive"])
def test_only_a_manager_above_the_person_overrides(org, call, persona):
    # rep2 sees nothing of the rep's; the others see the call but are not above the rep
    error_type = NotVisible if persona == "rep2" else Forbidden
    refused(error_type, override, actor=getattr(org, persona), submission=call)


def test_a_manager_does_not_override_their_own_call(org):
    own = submit_forecast(
        actor=org.manager,
        period_start=Q2[0],
        period_end=Q2[1],
        commit=usd("1.00"),
        best_case=usd("2.00"),
    )
    refused(Forbidden, override, actor=org.manager, submission=own)


@pytest.mark.parametrize("persona", ["peer_manager", "peer_rep", "service_agent"])
def test_an_outsider_does_not_see_the_call(org, call, persona):
    refused(NotVisible, override, actor=getattr(org, persona), submission=call)
    assert ForecastSubmission.objects.count() == 1

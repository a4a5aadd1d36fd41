"""The clean step of a forecast submission: exact amounts, every wrong field at once, no
query per row, a context whose cost does not grow with the batch, and the same
refusal as the service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import Forbidden, RuleViolation
from patron.core.money import Money
from patron.core.periods import Period
from patron.forecasting.cleaning.submissions import (
    ForecastInput,
    clean_forecast,
    forecast_context,
)
from patron.forecasting.services.submissions import submit_forecast
from tests.factories.org import TeamFactory
from tests.forecasting.conftest import Q1, Q2, usd

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 4, 1))


def row_for(period=Q2, commit="50000.00", best_case="80000.00", **kwargs) -> ForecastInput:
    return ForecastInput(
        period_start=period[0],
        period_end=period[1],
        commit=usd(commit) if isinstance(commit, str) else commit,
        best_case=usd(best_case) if isinstance(best_case, str) else best_case,
        **kwargs,
    )


def context_for(actor, rows):
    return forecast_context(actor, team_ids=[row.team_id for row in rows])


def codes(cleaned) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in cleaned.errors]


def as_kwargs(row: ForecastInput) -> dict:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def test_a_valid_call_gives_its_period_and_exact_amounts(org):
    # given
    row = row_for(commit="50000.05", best_case="80000.10", note=" Two deals at contract. ")
    # when
    cleaned = clean_forecast(row, context_for(org.rep, [row]))
    # then
    assert cleaned.errors == []
    values = cleaned.values
    assert (values.team, values.period) == (None, Period(*Q2))
    assert (values.commit_minor, values.best_case_minor) == (5_000_005, 8_000_010)
    assert values.note == "Two deals at contract."


def test_a_team_call_gives_the_team_and_matches_what_the_service_writes(org):
    # given
    row = row_for(period=MARCH, commit="1234.56", best_case="1234.56", team_id=org.team.pk)
    cleaned = clean_forecast(row, context_for(org.manager, [row]))
    # when
    submission = submit_forecast(actor=org.manager, **as_kwargs(row))
    # then
    submission.refresh_from_db()
    assert (cleaned.values.team, submission.team, submission.user) == (org.team, org.team, None)
    assert (cleaned.values.commit_minor, cleaned.values.best_case_minor) == (123_456, 123_456)
    assert (submission.commit_minor, submission.best_case_minor) == (123_456, 123_456)
    assert (submission.period_start, submission.period_end) == MARCH


def test_every_wrong_field_is_reported_with_its_code(org):
    # given: an executive, an arbitrary range, a negative commit, baht, a long note
    row = row_for(
        period=(dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        commit="-1.00",
        best_case=Money(Decimal("100"), "THB"),
        note="x" * 2001,
    )
    # when
    cleaned = clean_forecast(row, context_for(org.executive, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        (None, "forbidden"),
        ("period_end", "period_not_aligned"),
        ("commit", "negative_amount"),
        ("best_case", "wrong_currency"),
        ("note", "too_long"),
    ]


def test_a_team_not_managed_an_unknown_team_and_a_low_best_case_are_reported(org):
    # given
    rows = [
        row_for(team_id=org.peer_team.pk, commit="90000.00"),
        row_for(period=Q1, team_id=987_654),
        row_for(period=(dt.date(2025, 10, 1), dt.date(2026, 1, 1)), best_case="0.001"),
    ]
    context = context_for(org.manager, rows)
    # when
    cleaned = [clean_forecast(row, context) for row in rows]
    # then
    assert [codes(result) for result in cleaned] == [
        [("team", "forbidden"), ("best_case", "best_case_below_commit")],
        [("team", "unknown_reference")],
        [("period_end", "period_over"), ("best_case", "too_precise")],
    ]


@pytest.mark.parametrize(
    ("persona", "team", "changes", "reported", "refusal"),
    [
        (
            "executive",
            None,
            {"commit": "-1.00"},
            [(None, "forbidden"), ("commit", "negative_amount")],
            Forbidden,
        ),
        ("rep", "team", {}, [("team", "forbidden")], Forbidden),
        (
            "rep",
            None,
            {"commit": "90000.00", "note": "x" * 2001},
            [("best_case", "best_case_below_commit"), ("note", "too_long")],
            RuleViolation,
        ),
    ],
)
def test_the_first_error_is_the_service_s_refusal(org, persona, team, changes, reported, refusal):
    # given
    row = row_for(team_id=getattr(org, team).pk if team else None, **changes)
    actor = getattr(org, persona)
    cleaned = clean_forecast(row, context_for(actor, [row]))
    assert codes(cleaned) == reported
    # when
    with pytest.raises(refusal) as refused:
        submit_forecast(actor=actor, **as_kwargs(row))
    # then: the first error, raised as the service raises it (a refusal of the actor as
    # a whole names no field)
    first = cleaned.errors[0]
    assert (refused.value.code, refused.value.message) == (first.code, first.message)
    assert refused.value.field == (first.field if refusal is RuleViolation else None)


def test_two_hundred_calls_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given
    teams = [org.company_team, org.team, org.peer_team]
    rows = [
        row_for(commit=f"{1000 + n}.00", best_case="5000.00", team_id=teams[n % 4 - 1].pk)
        if n % 4
        else row_for(commit=f"{1000 + n}.00", best_case="5000.00")
        for n in range(200)
    ]
    context = context_for(org.director, rows)
    # when
    with django_assert_num_queries(0):
        cleaned = [clean_forecast(row, context) for row in rows]
    # then
    assert all(result.ok for result in cleaned)
    assert [result.values.commit_minor for result in cleaned[:3]] == [100_000, 100_100, 100_200]
    assert [result.values.team for result in cleaned[:4]] == [None, *teams]


def test_the_context_costs_the_same_queries_for_one_team_or_many(org):
    # given
    teams = [TeamFactory(name=f"Region {n}", parent=org.company_team) for n in range(30)]

    def queries(count):
        rows = [row_for(team_id=team.pk) for team in teams[:count]]
        with CaptureQueriesContext(connection) as captured:
            context = context_for(org.director, rows)
        assert len(context.teams) == count
        return len(captured)

    # when / then
    assert queries(1) == queries(30)

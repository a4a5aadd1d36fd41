import datetime as dt

import pytest

from patron.core.errors import RuleViolation, StaleVersion
from patron.pipeline.choices import ForecastCategory, OpportunityStatus
from patron.pipeline.services.stages import (
    lose_opportunity,
    move_opportunity_stage,
    reopen_opportunity,
    win_opportunity,
)
from tests.factories.accounts import CompetitorFactory
from tests.factories.orders import won_opportunity
from tests.pipeline.conftest import WRITE_REFUSALS, history_rows, refused


def test_a_won_deal_reopens_in_the_last_open_stage_it_was_in(org, deal, stages):
    # given: Prospecting → Negotiation → Proposal, then won
    move_opportunity_stage(
        actor=org.rep, opportunity_id=deal.pk, version=1, stage_id=stages["Negotiation"]
    )
    move_opportunity_stage(
        actor=org.rep, opportunity_id=deal.pk, version=2, stage_id=stages["Proposal"]
    )
    win_opportunity(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=3,
        won_on=dt.date(2026, 3, 9),
        win_reason="Price",
    )
    # when
    reopened = reopen_opportunity(actor=org.rep, opportunity_id=deal.pk, version=4)
    # then
    reopened.refresh_from_db()
    assert (reopened.stage_id, reopened.status, reopened.closed_at) == (
        stages["Proposal"],
        OpportunityStatus.OPEN,
        None,
    )
    assert (reopened.forecast_category, reopened.win_reason, reopened.close_date) == (
        ForecastCategory.PIPELINE,
        "",
        dt.date(2026, 3, 9),
    )
    assert history_rows(deal)[-3:] == [
        ("stage", str(stages["Closed won"]), str(stages["Proposal"])),
        ("status", "won", "open"),
        ("forecast_category", "closed", "pipeline"),
    ]


def test_a_lost_deal_reopens_in_a_chosen_stage_with_a_new_close_date(org, deal, stages):
    competitor = CompetitorFactory()
    lose_opportunity(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        loss_reason="competitor",
        competitor_id=competitor.pk,
        note="They undercut us",
    )
    reopened = reopen_opportunity(
        actor=org.manager,
        opportunity_id=deal.pk,
        version=2,
        stage_id=stages["Qualification"],
        close_date=dt.date(2026, 6, 30),
    )
    reopened.refresh_from_db()
    assert (reopened.stage_id, reopened.status, reopened.close_date) == (
        stages["Qualification"],
        "open",
        dt.date(2026, 6, 30),
    )
    assert (reopened.loss_reason, reopened.loss_note, reopened.primary_competitor) == (
        "",
        "",
        competitor,
    )
    assert history_rows(deal)[-4:] == [
        ("stage", str(stages["Closed lost"]), str(stages["Qualification"])),
        ("status", "lost", "open"),
        ("close_date", "2026-03-10", "2026-06-30"),
        ("forecast_category", "omitted", "pipeline"),
    ]


def test_a_deal_without_history_reopens_in_the_first_open_stage(org, customer, stages):
    deal = won_opportunity(account=customer)
    reopened = reopen_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    assert reopened.stage_id == stages["Prospecting"]


@pytest.mark.parametrize("stage_name", ["Closed won", "Closed lost"])
def test_a_closed_stage_is_refused(org, deal, stages, stage_name):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    error = refused(
        RuleViolation,
        reopen_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=2,
        stage_id=stages[stage_name],
    )
    assert (error.field, error.code) == ("stage", "stage_not_open")


def test_a_new_close_date_before_the_opening_is_refused(org, deal):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    error = refused(
        RuleViolation,
        reopen_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=2,
        close_date=dt.date(2026, 1, 1),
    )
    assert (error.field, error.code) == ("close_date", "closes_before_opening")


def test_an_open_deal_cannot_be_reopened(org, deal):
    error = refused(
        RuleViolation, reopen_opportunity, actor=org.rep, opportunity_id=deal.pk, version=1
    )
    assert (error.field, error.code) == ("status", "not_closed")


def test_a_stale_version_is_refused(org, deal):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    refused(StaleVersion, reopen_opportunity, actor=org.rep, opportunity_id=deal.pk, version=1)


@WRITE_REFUSALS
def test_only_people_who_may_change_the_deal_reopen_it(org, deal, persona, error_type):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    refused(
        error_type,
        reopen_opportunity,
        actor=getattr(org, persona),
        opportunity_id=deal.pk,
        version=2,
    )

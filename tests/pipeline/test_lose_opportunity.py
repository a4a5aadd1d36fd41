import datetime as dt

import pytest

from patron.accounts.choices import Lifecycle
from patron.core.errors import RuleViolation, StaleVersion
from patron.pipeline.choices import ForecastCategory, OpportunityStatus
from patron.pipeline.models import OpportunityCompetitor, Pipeline, Stage
from patron.pipeline.services.opportunities import create_opportunity, update_opportunity
from patron.pipeline.services.stages import lose_opportunity, win_opportunity
from tests.factories.accounts import CompetitorFactory
from tests.pipeline.conftest import NOW, TODAY, WRITE_REFUSALS, history_rows, refused


def test_losing_records_why_to_whom_and_when(org, deal, stages, customer):
    # given
    competitor = CompetitorFactory(name="SAP")
    # when
    lost = lose_opportunity(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        loss_reason="competitor",
        competitor_id=competitor.pk,
        note=" Cheaper licence bundle ",
        lost_on=dt.date(2026, 3, 3),
    )
    # then
    lost.refresh_from_db()
    assert (lost.stage_id, lost.status) == (stages["Closed lost"], OpportunityStatus.LOST)
    assert lost.stage.probability == 0
    assert (lost.close_date, lost.closed_at, lost.forecast_category) == (
        dt.date(2026, 3, 3),
        NOW,
        ForecastCategory.OMITTED,
    )
    assert (lost.loss_reason, lost.loss_note, lost.primary_competitor) == (
        "competitor",
        "Cheaper licence bundle",
        competitor,
    )
    assert list(
        OpportunityCompetitor.objects.filter(opportunity=deal).values_list("competitor", flat=True)
    ) == [competitor.pk]
    assert history_rows(deal)[6:] == [
        ("stage", str(stages["Prospecting"]), str(stages["Closed lost"])),
        ("status", "open", "lost"),
        ("close_date", "2026-04-30", "2026-03-03"),
        ("forecast_category", "pipeline", "omitted"),
    ]
    customer.refresh_from_db()
    assert customer.lifecycle == Lifecycle.PROSPECT


def test_the_loss_date_is_today_unless_given(org, deal):
    lost = lose_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, loss_reason="budget")
    assert (lost.close_date, lost.primary_competitor) == (TODAY, None)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"loss_reason": ""}, "loss_reason", "required"),
        ({"loss_reason": "bad luck"}, "loss_reason", "unknown_choice"),
        ({"loss_reason": "price", "competitor_id": 999_999}, "competitor", "unknown_competitor"),
        ({"loss_reason": "price", "lost_on": dt.date(2026, 3, 11)}, "lost_on", "in_future"),
        (
            {"loss_reason": "price", "lost_on": dt.date(2026, 1, 30)},
            "lost_on",
            "closes_before_opening",
        ),
    ],
)
def test_a_loss_without_a_valid_reason_or_date_is_refused(org, deal, changes, field, code):
    error = refused(
        RuleViolation, lose_opportunity, actor=org.rep, opportunity_id=deal.pk, version=1, **changes
    )
    assert (error.field, error.code) == (field, code)


def test_a_won_deal_cannot_be_lost(org, deal):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    error = refused(
        RuleViolation,
        lose_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=2,
        loss_reason="price",
    )
    assert (error.field, error.code) == ("status", "already_closed")


def test_a_stale_version_is_refused(org, deal):
    update_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, next_step="Sign")
    refused(
        StaleVersion,
        lose_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        loss_reason="price",
    )


@WRITE_REFUSALS
def test_only_people_who_may_change_the_deal_lose_it(org, deal, persona, error_type):
    refused(
        error_type,
        lose_opportunity,
        actor=getattr(org, persona),
        opportunity_id=deal.pk,
        version=1,
        loss_reason="price",
    )


def test_a_pipeline_without_a_lost_stage_cannot_lose(org, customer):
    pipeline = Pipeline.objects.create(name="Sketch", is_default=True)
    Stage.objects.create(pipeline=pipeline, name="Idea", order=1, probability=5)
    deal = create_opportunity(
        actor=org.rep, account_id=customer.pk, name="ERP", close_date=dt.date(2026, 4, 1)
    )
    error = refused(
        RuleViolation,
        lose_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        loss_reason="price",
    )
    assert (error.field, error.code) == ("stage", "no_lost_stage")

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from patron.accounts.choices import Lifecycle
from patron.core.errors import RuleViolation, StaleVersion
from patron.core.models import CompanySettings, ExchangeRate
from patron.core.money import Money
from patron.pipeline.choices import ForecastCategory, OpportunityStatus
from patron.pipeline.models import Pipeline, Stage
from patron.pipeline.services.opportunities import create_opportunity, update_opportunity
from patron.pipeline.services.stages import lose_opportunity, win_opportunity
from tests.pipeline.conftest import NOW, OPENED, TODAY, WRITE_REFUSALS, history_rows, refused


def test_winning_closes_the_deal_on_the_win_date(org, deal, stages, customer):
    # when
    won = win_opportunity(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        won_on=dt.date(2026, 3, 5),
        win_reason=" Best rollout plan ",
    )
    # then
    won.refresh_from_db()
    assert (won.stage_id, won.status) == (stages["Closed won"], OpportunityStatus.WON)
    assert won.stage.probability == 100
    assert (won.close_date, won.closed_at) == (dt.date(2026, 3, 5), NOW)
    assert (won.forecast_category, won.win_reason, won.version) == (
        ForecastCategory.CLOSED,
        "Best rollout plan",
        2,
    )
    assert history_rows(deal)[6:] == [
        ("stage", str(stages["Prospecting"]), str(stages["Closed won"])),
        ("status", "open", "won"),
        ("close_date", "2026-04-30", "2026-03-05"),
        ("forecast_category", "pipeline", "closed"),
    ]


def test_the_win_date_is_today_unless_given(org, deal):
    won = win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    assert won.close_date == TODAY


def test_a_prospect_becomes_a_customer_from_the_win_date(org, deal, customer):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, won_on=dt.date(2026, 3, 5))
    customer.refresh_from_db()
    assert (customer.lifecycle, customer.customer_since, customer.version) == (
        Lifecycle.CUSTOMER,
        dt.date(2026, 3, 5),
        2,
    )


def test_a_thb_deal_is_booked_at_the_rate_of_its_win_date(org, customer, pipeline):
    # given: THB was worth 0.0280 USD from 1 January and 0.0300 from 1 March
    ExchangeRate.objects.create(
        currency="THB", valid_from=dt.date(2026, 1, 1), rate=Decimal("0.0280")
    )
    ExchangeRate.objects.create(
        currency="THB", valid_from=dt.date(2026, 3, 1), rate=Decimal("0.0300")
    )
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=dt.date(2026, 2, 25),
        opened_on=OPENED,
        amount=Money(Decimal("1000000.00"), "THB"),
    )
    assert deal.amount_base_minor == 2_800_000
    # when: won on 5 March
    won = win_opportunity(
        actor=org.rep, opportunity_id=deal.pk, version=1, won_on=dt.date(2026, 3, 5)
    )
    # then: 1,000,000.00 THB × 0.0300 = 30,000.00 USD
    won.refresh_from_db()
    assert (won.amount_minor, won.amount_base_minor) == (100_000_000, 3_000_000)
    assert history_rows(deal)[-2] == ("close_date", "2026-02-25", "2026-03-05")


def test_a_win_date_without_a_rate_is_refused(org, customer, pipeline):
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 3, 1), rate="0.03")
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=dt.date(2026, 3, 31),
        opened_on=OPENED,
        amount=Money(Decimal("1000.00"), "THB"),
    )
    error = refused(
        RuleViolation,
        win_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        won_on=dt.date(2026, 2, 27),
    )
    assert (error.field, error.code) == ("won_on", "no_exchange_rate")


@pytest.mark.parametrize(
    ("won_on", "code"),
    [(dt.date(2026, 3, 11), "in_future"), (dt.date(2026, 2, 1), "closes_before_opening")],
)
def test_impossible_win_dates_are_refused(org, deal, won_on, code):
    error = refused(
        RuleViolation,
        win_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        won_on=won_on,
    )
    assert (error.field, error.code) == ("won_on", code)


def test_a_closed_deal_cannot_be_won(org, deal):
    lose_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, loss_reason="timing")
    error = refused(
        RuleViolation, win_opportunity, actor=org.rep, opportunity_id=deal.pk, version=2
    )
    assert (error.field, error.code) == ("status", "already_closed")


def test_a_won_deal_cannot_be_won_again(org, deal):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    error = refused(
        RuleViolation, win_opportunity, actor=org.rep, opportunity_id=deal.pk, version=2
    )
    assert (error.field, error.code) == ("status", "already_closed")


def test_a_pipeline_without_a_won_stage_cannot_win(org, customer):
    pipeline = Pipeline.objects.create(name="Sketch", is_default=True)
    Stage.objects.create(pipeline=pipeline, name="Idea", order=1, probability=5)
    deal = create_opportunity(
        actor=org.rep, account_id=customer.pk, name="ERP", close_date=dt.date(2026, 4, 1)
    )
    error = refused(
        RuleViolation, win_opportunity, actor=org.rep, opportunity_id=deal.pk, version=1
    )
    assert (error.field, error.code) == ("stage", "no_won_stage")


def test_a_stale_version_is_refused(org, deal):
    update_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, next_step="Sign")
    refused(StaleVersion, win_opportunity, actor=org.rep, opportunity_id=deal.pk, version=1)


@WRITE_REFUSALS
def test_only_people_who_may_change_the_deal_win_it(org, deal, persona, error_type):
    refused(
        error_type, win_opportunity, actor=getattr(org, persona), opportunity_id=deal.pk, version=1
    )


def test_the_default_win_date_is_the_companys_today(org, deal):
    # given: 23:00 UTC on 9 March is already 10 March in Manila
    CompanySettings.objects.filter(pk=1).update(time_zone="Asia/Manila")
    with time_machine.travel(dt.datetime(2026, 3, 9, 23, 0, tzinfo=dt.UTC), tick=False):
        won = win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    assert won.close_date == dt.date(2026, 3, 10)

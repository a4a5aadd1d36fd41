import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.models import CompanySettings, ExchangeRate
from patron.core.money import Money
from patron.pipeline.choices import ForecastCategory, OpportunityStatus, OpportunityType
from patron.pipeline.models import Pipeline, Stage
from patron.pipeline.services.opportunities import create_opportunity
from tests.factories.accounts import AccountFactory, CompetitorFactory
from tests.factories.pipeline import CampaignFactory
from tests.pipeline.conftest import CLOSE, OPENED, TODAY, history_rows, refused, usd


def make_pipeline(name: str, **fields) -> Pipeline:
    pipeline = Pipeline.objects.create(name=name, **fields)
    Stage.objects.create(pipeline=pipeline, name="Won", order=1, probability=100, category="won")
    Stage.objects.create(pipeline=pipeline, name="Discovery", order=2, probability=15)
    Stage.objects.create(pipeline=pipeline, name="Lost", order=3, probability=0, category="lost")
    return pipeline


def test_a_rep_opens_a_deal_in_the_first_open_stage_of_the_default_pipeline(
    org, customer, pipeline, stages
):
    # when
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="  Cement plant ERP ",
        close_date=CLOSE,
        amount=usd("50000.00"),
        next_step="Demo to the CFO",
        contract_term_months=36,
        is_recurring=True,
    )
    # then
    deal.refresh_from_db()
    assert deal.name == "Cement plant ERP"
    assert (deal.account, deal.owner, deal.created_by) == (customer, org.rep, org.rep)
    assert (deal.pipeline, deal.stage_id, deal.status) == (
        pipeline,
        stages["Prospecting"],
        OpportunityStatus.OPEN,
    )
    assert deal.stage.probability == 10
    assert (deal.currency, deal.amount_minor, deal.amount_base_minor) == (
        "USD",
        5_000_000,
        5_000_000,
    )
    assert (deal.opened_on, deal.close_date, deal.closed_at) == (TODAY, CLOSE, None)
    assert deal.forecast_category == ForecastCategory.PIPELINE
    assert (deal.next_step, deal.contract_term_months, deal.is_recurring) == (
        "Demo to the CFO",
        36,
        True,
    )
    assert deal.version == 1


def test_creation_writes_one_history_row_per_tracked_field(org, customer, stages):
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        amount=usd("50000.00"),
        opened_on=OPENED,
    )
    assert history_rows(deal) == [
        ("stage", "", str(stages["Prospecting"])),
        ("status", "", "open"),
        ("amount", "", "5000000"),
        ("close_date", "", "2026-04-30"),
        ("forecast_category", "", "pipeline"),
        ("owner", "", str(org.rep.pk)),
    ]
    assert set(deal.history.values_list("changed_by", flat=True)) == {org.rep.pk}


def test_the_owners_team_pipeline_wins_over_the_type_and_company_defaults(org, customer, pipeline):
    # given
    renewals = make_pipeline("Renewals", default_for_type=OpportunityType.RENEWAL)
    north = make_pipeline("North team")
    north.default_for_teams.add(org.team)
    # when: the rep (Team North) opens a renewal; the peer's manager opens one for no team
    team_deal = create_opportunity(
        actor=org.rep, account_id=customer.pk, name="A", close_date=CLOSE, type="renewal"
    )
    type_deal = create_opportunity(
        actor=org.sales_ops, account_id=customer.pk, name="B", close_date=CLOSE, type="renewal"
    )
    default_deal = create_opportunity(
        actor=org.sales_ops, account_id=customer.pk, name="C", close_date=CLOSE, type="upsell"
    )
    # then: each starts in its pipeline's first *open* stage (Won has order 1 there)
    assert (team_deal.pipeline, team_deal.stage.name) == (north, "Discovery")
    assert (type_deal.pipeline, type_deal.stage.name) == (renewals, "Discovery")
    assert (default_deal.pipeline, default_deal.stage.name) == (pipeline, "Prospecting")


def test_a_given_pipeline_and_open_stage_are_used(org, customer, pipeline, stages):
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        pipeline_id=pipeline.pk,
        stage_id=stages["Proposal"],
    )
    assert (deal.stage_id, deal.stage.probability) == (stages["Proposal"], 50)


def test_a_stage_of_another_pipeline_is_refused(org, customer, pipeline):
    other = make_pipeline("Channel")
    error = refused(
        RuleViolation,
        create_opportunity,
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        pipeline_id=pipeline.pk,
        stage_id=other.stages.get(name="Discovery").pk,
    )
    assert (error.field, error.code) == ("stage", "stage_not_in_pipeline")


@pytest.mark.parametrize("stage_name", ["Closed won", "Closed lost"])
def test_a_deal_is_not_created_in_a_closed_stage(org, customer, stages, stage_name):
    error = refused(
        RuleViolation,
        create_opportunity,
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        stage_id=stages[stage_name],
    )
    assert (error.field, error.code) == ("stage", "stage_not_open")


def test_without_any_default_pipeline_the_caller_must_choose(org, customer):
    error = refused(
        RuleViolation,
        create_opportunity,
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
    )
    assert (error.field, error.code) == ("pipeline", "no_pipeline")


def test_a_foreign_currency_deal_is_converted_at_the_close_date_rate(org, customer, pipeline):
    # given: THB was 0.0280 USD from 1 January and 0.0300 from 1 March
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 1, 1), rate="0.0280")
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 3, 1), rate="0.0300")
    # when: 1,000,000.00 THB expected on 27 February
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=dt.date(2026, 2, 27),
        opened_on=OPENED,
        amount=Money(Decimal("1000000.00"), "THB"),
    )
    # then: 100,000,000 satang × 0.0280 = 2,800,000 cents
    assert (deal.currency, deal.amount_minor, deal.amount_base_minor) == (
        "THB",
        100_000_000,
        2_800_000,
    )


def test_a_currency_without_a_rate_on_the_close_date_is_refused(org, customer, pipeline):
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 5, 1), rate="0.03")
    error = refused(
        RuleViolation,
        create_opportunity,
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        amount=Money(Decimal("100.00"), "THB"),
    )
    assert (error.field, error.code) == ("currency", "no_exchange_rate")


def test_without_an_amount_the_deal_is_in_the_base_currency_at_zero(org, customer, pipeline):
    CompanySettings.objects.filter(pk=1).update(base_currency="THB")
    deal = create_opportunity(actor=org.rep, account_id=customer.pk, name="ERP", close_date=CLOSE)
    assert (deal.currency, deal.amount_minor, deal.amount_base_minor) == ("THB", 0, 0)


def test_a_manager_opens_a_deal_for_a_rep_of_the_team_with_lead_details(org, customer, pipeline):
    campaign = CampaignFactory()
    competitor = CompetitorFactory(name="SAP")
    deal = create_opportunity(
        actor=org.manager,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        owner_id=org.rep2.pk,
        lead_source="campaign",
        campaign_id=campaign.pk,
        primary_competitor_id=competitor.pk,
        forecast_category=ForecastCategory.COMMIT,
        external_id="SF-0061",
    )
    assert (deal.owner, deal.created_by) == (org.rep2, org.manager)
    assert (deal.lead_source, deal.campaign, deal.primary_competitor) == (
        "campaign",
        campaign,
        competitor,
    )
    assert (deal.forecast_category, deal.external_id) == ("commit", "SF-0061")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": "   "}, "name", "required"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"next_step": "x" * 256}, "next_step", "too_long"),
        ({"type": "barter"}, "type", "unknown_choice"),
        ({"forecast_category": "closed"}, "forecast_category", "closed_category"),
        ({"forecast_category": "maybe"}, "forecast_category", "unknown_choice"),
        ({"lead_source": "billboard"}, "lead_source", "unknown_choice"),
        ({"contract_term_months": 0}, "contract_term_months", "term_out_of_range"),
        ({"contract_term_months": 601}, "contract_term_months", "term_out_of_range"),
        ({"amount": usd("-1.00")}, "amount", "negative_amount"),
        ({"amount": usd("1.001")}, "amount", "too_precise"),
        ({"amount": usd("10000000000000.01")}, "amount", "amount_too_large"),
        ({"amount": usd("1.00"), "currency": "EUR"}, "amount", "wrong_currency"),
        ({"currency": "XYZ"}, "currency", "unknown_currency"),
        ({"opened_on": dt.date(2026, 5, 1)}, "close_date", "closes_before_opening"),
        ({"pipeline_id": 999_999}, "pipeline", "unknown_pipeline"),
        ({"campaign_id": 999_999}, "campaign", "unknown_campaign"),
        ({"primary_competitor_id": 999_999}, "primary_competitor", "unknown_competitor"),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
    ],
)
def test_invalid_values_are_refused_by_field(org, customer, pipeline, changes, field, code):
    arguments = {"actor": org.rep, "account_id": customer.pk, "name": "ERP", "close_date": CLOSE}
    error = refused(RuleViolation, create_opportunity, **{**arguments, **changes})
    assert (error.field, error.code) == (field, code)


def test_a_duplicate_external_id_is_refused(org, customer, pipeline):
    create_opportunity(
        actor=org.rep, account_id=customer.pk, name="A", close_date=CLOSE, external_id="X-1"
    )
    error = refused(
        RuleViolation,
        create_opportunity,
        actor=org.rep,
        account_id=customer.pk,
        name="B",
        close_date=CLOSE,
        external_id="X-1",
    )
    assert (error.field, error.code) == ("external_id", "duplicate_external_id")


@pytest.mark.parametrize("persona", ["service_agent", "executive"])
def test_people_who_cannot_own_deals_are_refused_as_owners(org, customer, pipeline, persona):
    error = refused(
        RuleViolation,
        create_opportunity,
        actor=org.sales_ops,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        owner_id=getattr(org, persona).pk,
    )
    assert (error.field, error.code) == ("owner", "cannot_own")


def test_an_account_the_actor_cannot_see_does_not_exist_for_them(org, customer, pipeline):
    refused(
        NotVisible,
        create_opportunity,
        actor=org.peer_rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
    )


def test_a_rep_cannot_open_a_deal_for_someone_outside_their_reach(org, customer, pipeline):
    refused(
        Forbidden,
        create_opportunity,
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        owner_id=org.rep2.pk,
    )


@pytest.mark.parametrize("persona", ["executive", "service_agent"])
def test_executives_and_service_agents_open_no_deals(org, pipeline, persona):
    account = AccountFactory(owner=org.rep)
    refused(
        Forbidden,
        create_opportunity,
        actor=getattr(org, persona),
        account_id=account.pk,
        name="ERP",
        close_date=CLOSE,
    )


def test_opened_on_is_today_in_the_companys_time_zone(org, customer, pipeline):
    # given: 20:30 UTC on 10 March is 03:30 on 11 March in Bangkok
    CompanySettings.objects.filter(pk=1).update(time_zone="Asia/Bangkok")
    with time_machine.travel(dt.datetime(2026, 3, 10, 20, 30, tzinfo=dt.UTC), tick=False):
        deal = create_opportunity(
            actor=org.rep, account_id=customer.pk, name="ERP", close_date=CLOSE
        )
    assert deal.opened_on == dt.date(2026, 3, 11)


def test_a_pipeline_without_an_open_stage_takes_no_deals(org, customer):
    closed_only = Pipeline.objects.create(name="Archive", is_default=True)
    Stage.objects.create(pipeline=closed_only, name="Won", order=1, probability=100, category="won")
    error = refused(
        RuleViolation,
        create_opportunity,
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
    )
    assert (error.field, error.code) == ("pipeline", "no_open_stage")

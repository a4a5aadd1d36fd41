"""The clean step of a new deal: every wrong field at once, no query per row, base
amounts at the dated rate, and the same refusal as the service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import ExchangeRate
from patron.core.money import Money
from patron.pipeline.cleaning.opportunities import (
    OpportunityInput,
    clean_opportunity,
    opportunity_context,
)
from patron.pipeline.services.opportunities import create_opportunity
from tests.factories.accounts import AccountFactory, CompetitorFactory
from tests.factories.pipeline import CampaignFactory
from tests.pipeline.conftest import CLOSE, OPENED, TODAY, refused, usd


def thb(text: str) -> Money:
    return Money(Decimal(text), "THB")


def context_for(actor, rows):
    return opportunity_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        account_ids=[row.account_id for row in rows],
        currencies=[row.amount.currency if row.amount else row.currency for row in rows],
        campaign_ids=[row.campaign_id for row in rows],
        competitor_ids=[row.primary_competitor_id for row in rows],
        external_ids=[row.external_id for row in rows],
    )


@pytest.fixture
def rates(db):
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 1, 1), rate="0.0280")
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 4, 1), rate="0.0300")


def test_every_wrong_field_is_reported_with_its_code(org, customer, pipeline):
    # given
    row = OpportunityInput(
        account_id=customer.pk,
        name="",
        close_date=dt.date(2026, 1, 5),
        amount=usd("-1.00"),
        next_step="x" * 256,
        type="barter",
        forecast_category="closed",
        lead_source="rumour",
        contract_term_months=0,
        campaign_id=999_999,
        primary_competitor_id=999_999,
    )
    # when
    cleaned = clean_opportunity(row, context_for(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("name", "required"),
        ("next_step", "too_long"),
        ("type", "unknown_choice"),
        ("forecast_category", "closed_category"),
        ("lead_source", "unknown_choice"),
        ("contract_term_months", "term_out_of_range"),
        ("amount", "negative_amount"),
        ("close_date", "closes_before_opening"),
        ("campaign", "unknown_campaign"),
        ("primary_competitor", "unknown_competitor"),
    ]


def test_an_invisible_account_and_an_unknown_pipeline_are_both_reported(org, pipeline):
    # given
    stranger = AccountFactory(owner=org.peer_rep)
    row = OpportunityInput(
        account_id=stranger.pk, name="ERP", close_date=CLOSE, pipeline_id=999_999
    )
    # when
    cleaned = clean_opportunity(row, context_for(org.rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("account", "not_found"),
        ("pipeline", "unknown_pipeline"),
    ]


def test_two_hundred_rows_are_cleaned_without_a_query(
    org, customer, pipeline, rates, django_assert_num_queries
):
    # given
    campaign, competitor = CampaignFactory(), CompetitorFactory()
    accounts = [customer, AccountFactory(owner=org.rep2)]
    rows = [
        OpportunityInput(
            account_id=accounts[number % 2].pk,
            name=f"Deal {number}",
            close_date=CLOSE,
            amount=thb("1000.00") if number % 2 else usd("10.00"),
            owner_id=[org.rep, org.rep2][number % 2].pk,
            campaign_id=campaign.pk,
            primary_competitor_id=competitor.pk,
            external_id=f"CRM-{number}",
            opened_on=None if number % 5 else dt.date(2026, 6, 1),
        )
        for number in range(200)
    ]
    context = context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_opportunity(row, context) for row in rows]
    # then
    assert [n for n, outcome in enumerate(outcomes) if not outcome.ok] == list(range(0, 200, 5))
    values = outcomes[1].value_or_raise()
    assert (values.currency, values.amount_minor, values.amount_base_minor) == (
        "THB",
        100_000,
        3_000,
    )
    assert values.opened_on == TODAY


def test_the_context_costs_the_same_queries_for_one_row_or_many(org, customer, pipeline, rates):
    # given
    campaigns = [CampaignFactory() for _ in range(4)]
    competitors = [CompetitorFactory() for _ in range(4)]
    accounts = [customer, *(AccountFactory(owner=org.rep2) for _ in range(3))]

    def rows(count):
        return [
            OpportunityInput(
                account_id=accounts[number % 4].pk,
                name="Deal",
                close_date=CLOSE,
                amount=thb("1.00") if number % 2 else usd("1.00"),
                owner_id=[org.rep, org.rep2][number % 2].pk,
                campaign_id=campaigns[number % 4].pk,
                primary_competitor_id=competitors[number % 4].pk,
                external_id=f"X-{number}",
            )
            for number in range(count)
        ]

    # when
    counts = []
    for count in (2, 80):
        actor = type(org.manager).objects.get(pk=org.manager.pk)  # a fresh reporting tree
        with CaptureQueriesContext(connection) as queries:
            context_for(actor, rows(count))
        counts.append(len(queries))
    # then
    assert counts[0] == counts[1]


def test_base_amounts_from_the_clean_step_equal_what_the_service_stores(
    org, customer, pipeline, rates
):
    # given: THB at 0.0280 from January, 0.0300 from April (the close date's rate counts)
    rows = [
        OpportunityInput(account_id=customer.pk, name="A", close_date=CLOSE, amount=thb("1234.56")),
        OpportunityInput(
            account_id=customer.pk,
            name="B",
            close_date=dt.date(2026, 3, 31),
            amount=thb("999.99"),
            opened_on=OPENED,
        ),
        OpportunityInput(account_id=customer.pk, name="C", close_date=CLOSE, amount=usd("7.50")),
    ]
    context = context_for(org.rep, rows)
    # when
    cleaned = [clean_opportunity(row, context).value_or_raise() for row in rows]
    stored = [create_opportunity(actor=org.rep, **vars(row)) for row in rows]
    # then
    assert [values.amount_base_minor for values in cleaned] == [3704, 2800, 750]
    assert [deal.amount_base_minor for deal in stored] == [3704, 2800, 750]


@pytest.mark.parametrize(
    ("fields", "error_type", "field", "code"),
    [
        ({"name": "", "type": "barter"}, RuleViolation, "name", "required"),
        (
            {"currency": "XXX", "lead_source": "rumour"},
            RuleViolation,
            "lead_source",
            "unknown_choice",
        ),
        (
            {"amount": Money(Decimal("5"), "JPY"), "stage_id": 999_999},
            RuleViolation,
            "stage",
            "stage_not_in_pipeline",
        ),
        ({"amount": Money(Decimal("5"), "JPY")}, RuleViolation, "currency", "no_exchange_rate"),
        ({"owner_id": -1, "name": ""}, RuleViolation, "owner", "unknown_user"),
        ({"account_id": -1, "name": ""}, NotVisible, None, "not_found"),
    ],
)
def test_the_clean_step_and_the_service_refuse_with_the_same_first_code(
    org, customer, pipeline, fields, error_type, field, code
):
    # given
    row = OpportunityInput(
        **{"account_id": customer.pk, "name": "ERP", "close_date": CLOSE, **fields}
    )
    # when
    cleaned = clean_opportunity(row, context_for(org.rep, [row]))
    error = refused(error_type, create_opportunity, actor=org.rep, **vars(row))
    # then
    assert cleaned.errors[0].code == error.code == code
    assert error.field == field


def test_an_external_id_already_taken_is_refused(org, customer, pipeline):
    # given
    create_opportunity(
        actor=org.rep, account_id=customer.pk, name="A", close_date=CLOSE, external_id="SF-1"
    )
    row = OpportunityInput(account_id=customer.pk, name="B", close_date=CLOSE, external_id=" SF-1 ")
    # when
    cleaned = clean_opportunity(row, context_for(org.rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("external_id", "duplicate_external_id")
    ]

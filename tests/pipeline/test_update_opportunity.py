import datetime as dt
from decimal import Decimal

import pytest

from patron.catalog.pricing import LineInput
from patron.core.errors import RuleViolation, StaleVersion
from patron.core.models import ExchangeRate
from patron.core.money import Money
from patron.pipeline.services.lines import set_opportunity_lines
from patron.pipeline.services.opportunities import create_opportunity, update_opportunity
from patron.pipeline.services.stages import lose_opportunity
from tests.factories.catalog import ProductFactory
from tests.pipeline.conftest import OPENED, WRITE_REFUSALS, history_rows, refused, usd


def test_terms_change_and_only_tracked_changes_leave_history(org, deal):
    # when
    updated = update_opportunity(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        name="Cement plant ERP, phase 1",
        description="Two plants first.",
        next_step="Send proposal",
        amount=usd("42000.50"),
        close_date=dt.date(2026, 5, 15),
        forecast_category="best_case",
        contract_term_months=24,
        is_recurring=True,
    )
    # then
    updated.refresh_from_db()
    assert (updated.name, updated.description, updated.next_step) == (
        "Cement plant ERP, phase 1",
        "Two plants first.",
        "Send proposal",
    )
    assert (updated.amount_minor, updated.amount_base_minor) == (4_200_050, 4_200_050)
    assert (updated.close_date, updated.forecast_category) == (dt.date(2026, 5, 15), "best_case")
    assert (updated.contract_term_months, updated.is_recurring, updated.version) == (24, True, 2)
    assert history_rows(deal)[6:] == [
        ("amount", "5000000", "4200050"),
        ("close_date", "2026-04-30", "2026-05-15"),
        ("forecast_category", "pipeline", "best_case"),
    ]


def test_an_unchanged_value_writes_no_history(org, deal):
    update_opportunity(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        amount=usd("50000.00"),
        close_date=dt.date(2026, 4, 30),
        next_step="Call back",
    )
    assert len(history_rows(deal)) == 6


def test_arguments_left_out_keep_their_value(org, deal):
    updated = update_opportunity(
        actor=org.rep, opportunity_id=deal.pk, version=1, contract_term_months=12
    )
    updated = update_opportunity(
        actor=org.rep, opportunity_id=deal.pk, version=2, contract_term_months=None
    )
    updated.refresh_from_db()
    assert (updated.name, updated.amount_minor, updated.contract_term_months) == (
        "Cement plant ERP",
        5_000_000,
        None,
    )


def test_a_new_close_date_converts_the_amount_at_that_dates_rate(org, customer, pipeline):
    # given: THB 0.0280 USD from 1 January, 0.0300 from 1 March
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 1, 1), rate="0.0280")
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 3, 1), rate="0.0300")
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=dt.date(2026, 2, 20),
        opened_on=OPENED,
        amount=Money(Decimal("1000000.00"), "THB"),
    )
    assert deal.amount_base_minor == 2_800_000
    # when
    moved = update_opportunity(
        actor=org.rep, opportunity_id=deal.pk, version=1, close_date=dt.date(2026, 3, 20)
    )
    # then
    assert moved.amount_base_minor == 3_000_000


def test_the_currency_of_a_deal_never_changes(org, deal):
    error = refused(
        RuleViolation,
        update_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        amount=Money(Decimal("100.00"), "EUR"),
    )
    assert (error.field, error.code) == ("amount", "wrong_currency")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"next_step": "x" * 256}, "next_step", "too_long"),
        ({"amount": usd("-0.01")}, "amount", "negative_amount"),
        ({"close_date": dt.date(2026, 2, 1)}, "close_date", "closes_before_opening"),
        ({"forecast_category": "closed"}, "forecast_category", "closed_category"),
        ({"contract_term_months": 0}, "contract_term_months", "term_out_of_range"),
    ],
)
def test_invalid_values_are_refused_by_field(org, deal, changes, field, code):
    error = refused(
        RuleViolation,
        update_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        **changes,
    )
    assert (error.field, error.code) == (field, code)


def test_a_deal_with_lines_takes_its_amount_and_recurrence_from_them(org, deal):
    set_opportunity_lines(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=ProductFactory().pk)],
    )
    for changes, field in [
        ({"amount": usd("1.00")}, "amount"),
        ({"is_recurring": True}, "is_recurring"),
    ]:
        error = refused(
            RuleViolation,
            update_opportunity,
            actor=org.rep,
            opportunity_id=deal.pk,
            version=2,
            **changes,
        )
        assert (error.field, error.code) == (field, "amount_from_lines")


def test_a_closed_deal_keeps_what_was_booked_but_its_description_may_change(org, deal):
    lose_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, loss_reason="price")
    error = refused(
        RuleViolation,
        update_opportunity,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=2,
        next_step="",
        close_date=dt.date(2026, 3, 1),
    )
    assert (error.field, error.code) == ("close_date", "already_closed")
    noted = update_opportunity(
        actor=org.rep, opportunity_id=deal.pk, version=2, description="Lost on price to SAP."
    )
    assert (noted.description, noted.close_date) == ("Lost on price to SAP.", dt.date(2026, 3, 10))


def test_a_stale_version_is_refused(org, deal):
    update_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, next_step="Call")
    refused(
        StaleVersion,
        update_opportunity,
        actor=org.manager,
        opportunity_id=deal.pk,
        version=1,
        amount=usd("1.00"),
    )


@WRITE_REFUSALS
def test_only_people_who_may_change_the_deal_update_it(org, deal, persona, error_type):
    refused(
        error_type,
        update_opportunity,
        actor=getattr(org, persona),
        opportunity_id=deal.pk,
        version=1,
        amount=usd("1.00"),
    )

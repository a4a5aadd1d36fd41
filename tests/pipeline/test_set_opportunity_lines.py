import datetime as dt
from decimal import Decimal

import pytest

from patron.catalog.models import BillingPeriod
from patron.catalog.pricing import LineInput, line_total_minor
from patron.core.errors import RuleViolation, StaleVersion
from patron.core.models import ExchangeRate
from patron.core.money import Money
from patron.pipeline.models import OpportunityLine
from patron.pipeline.services.lines import set_opportunity_lines
from patron.pipeline.services.opportunities import create_opportunity, update_opportunity
from patron.pipeline.services.stages import win_opportunity
from tests.factories.catalog import ProductFactory
from tests.pipeline.conftest import OPENED, WRITE_REFUSALS, history_rows, refused, usd


@pytest.fixture
def licence(db):
    return ProductFactory(name="Licence", currency="USD", list_price_minor=100_000)


@pytest.fixture
def support(db):
    return ProductFactory(
        name="Support",
        currency="USD",
        list_price_minor=25_000,
        billing_period=BillingPeriod.ANNUAL,
    )


def lines_of(deal):
    return list(
        OpportunityLine.objects.filter(opportunity=deal)
        .order_by("pk")
        .values_list(
            "product__name", "quantity", "unit_price_minor", "discount_percent", "total_minor"
        )
    )


def test_lines_replace_the_amount_and_make_the_deal_recurring(org, deal, licence, support):
    # when: 3 licences at list price less 10 %, 2 support years at 240.00 less 12.5 %
    updated = set_opportunity_lines(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[
            LineInput(product_id=licence.pk, quantity=3, discount_percent=Decimal("10")),
            LineInput(
                product_id=support.pk,
                quantity=2,
                unit_price=usd("240.00"),
                discount_percent=Decimal("12.50"),
            ),
        ],
    )
    # then: 3 × 1,000.00 × 0.9 = 2,700.00; 2 × 240.00 × 0.875 = 420.00; sum 3,120.00
    assert lines_of(deal) == [
        ("Licence", 3, 100_000, Decimal("10.00"), 270_000),
        ("Support", 2, 24_000, Decimal("12.50"), 42_000),
    ]
    updated.refresh_from_db()
    assert (updated.amount_minor, updated.amount_base_minor, updated.is_recurring) == (
        312_000,
        312_000,
        True,
    )
    assert updated.version == 2
    assert history_rows(deal)[6:] == [("amount", "5000000", "312000")]
    assert set(OpportunityLine.objects.values_list("created_by", flat=True)) == {org.rep.pk}


def test_setting_lines_again_replaces_them(org, deal, licence, support):
    set_opportunity_lines(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=licence.pk), LineInput(product_id=support.pk)],
    )
    updated = set_opportunity_lines(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=2,
        lines=[LineInput(product_id=licence.pk, quantity=2)],
    )
    assert lines_of(deal) == [("Licence", 2, 100_000, Decimal("0.00"), 200_000)]
    assert (updated.amount_minor, updated.is_recurring) == (200_000, False)
    assert history_rows(deal)[6:] == [
        ("amount", "5000000", "125000"),
        ("amount", "125000", "200000"),
    ]


def test_no_lines_sum_to_zero(org, deal, licence):
    set_opportunity_lines(
        actor=org.rep, opportunity_id=deal.pk, version=1, lines=[LineInput(product_id=licence.pk)]
    )
    cleared = set_opportunity_lines(actor=org.rep, opportunity_id=deal.pk, version=2, lines=[])
    assert (cleared.amount_minor, lines_of(deal)) == (0, [])


def test_same_lines_again_write_no_amount_history_but_a_new_version(org, deal, licence):
    lines = [LineInput(product_id=licence.pk, quantity=50)]
    set_opportunity_lines(actor=org.rep, opportunity_id=deal.pk, version=1, lines=lines)
    again = set_opportunity_lines(actor=org.rep, opportunity_id=deal.pk, version=2, lines=lines)
    # 50 × 1,000.00 = 50,000.00, the amount the deal already had: no row at all
    assert again.version == 3
    assert len(history_rows(deal)) == 6


@pytest.mark.parametrize(
    ("quantity", "price_minor", "discount", "total"),
    [
        # 3 × 0.25 at 50 % = 0.375 → 0.38 (rounded once, on the line)
        (3, 25, Decimal("50"), 38),
        # 1 × 0.05 at 50 % = 0.025 → 0.02 (half to even)
        (1, 5, Decimal("50"), 2),
        # 1 × 0.07 at 50 % = 0.035 → 0.04 (half to even)
        (1, 7, Decimal("50"), 4),
        (7, 1_999, Decimal("100"), 0),
        # 214,748,364,700,000 minus 0.01 % of it (21,474,836,470): exact at this size
        (2_147_483_647, 100_000, Decimal("0.01"), 214_726_889_863_530),
    ],
)
def test_line_totals_round_half_to_even_once(quantity, price_minor, discount, total):
    assert line_total_minor(quantity, price_minor, discount) == total


def test_a_deal_in_baht_takes_a_baht_list_price_and_converts_at_the_close_date(
    org, customer, pipeline
):
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 1, 1), rate="0.0280")
    product = ProductFactory(currency="THB", list_price_minor=3_500_000)
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=dt.date(2026, 4, 30),
        opened_on=OPENED,
        currency="THB",
    )
    updated = set_opportunity_lines(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=product.pk, quantity=2)],
    )
    # 2 × 35,000.00 THB = 70,000.00 THB; × 0.0280 = 1,960.00 USD
    assert (updated.amount_minor, updated.amount_base_minor) == (7_000_000, 196_000)


def test_a_product_priced_in_another_currency_needs_a_price_in_the_deals(org, deal):
    product = ProductFactory(currency="THB", list_price_minor=3_500_000)
    error = refused(
        RuleViolation,
        set_opportunity_lines,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=product.pk)],
    )
    assert (error.field, error.code) == ("lines.0.unit_price", "price_required")
    priced = set_opportunity_lines(
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=product.pk, unit_price=usd("990.00"))],
    )
    assert priced.amount_minor == 99_000


@pytest.mark.parametrize(
    ("line", "field", "code"),
    [
        ({"quantity": 0}, "lines.1.quantity", "quantity_out_of_range"),
        ({"quantity": 2_147_483_648}, "lines.1.quantity", "quantity_out_of_range"),
        ({"discount_percent": Decimal("-1")}, "lines.1.discount_percent", "discount_out_of_range"),
        (
            {"discount_percent": Decimal("100.01")},
            "lines.1.discount_percent",
            "discount_out_of_range",
        ),
        (
            {"discount_percent": Decimal("12.345")},
            "lines.1.discount_percent",
            "discount_out_of_range",
        ),
        ({"discount_percent": Decimal("NaN")}, "lines.1.discount_percent", "discount_out_of_range"),
        ({"unit_price": Money(Decimal("10.00"), "EUR")}, "lines.1.unit_price", "wrong_currency"),
        ({"unit_price": usd("10.001")}, "lines.1.unit_price", "too_precise"),
        ({"unit_price": usd("-10.00")}, "lines.1.unit_price", "negative_amount"),
        ({"product_id": 999_999}, "lines.1.product", "unknown_product"),
    ],
)
def test_invalid_lines_are_refused_naming_the_line_and_field(org, deal, licence, line, field, code):
    error = refused(
        RuleViolation,
        set_opportunity_lines,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=licence.pk), LineInput(**{"product_id": licence.pk, **line})],
    )
    assert (error.field, error.code) == (field, code)


def test_a_product_no_longer_sold_is_refused(org, deal):
    retired = ProductFactory(is_active=False)
    error = refused(
        RuleViolation,
        set_opportunity_lines,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=retired.pk)],
    )
    assert (error.field, error.code) == ("lines.0.product", "product_inactive")


def test_a_sum_too_large_to_store_is_refused(org, deal, licence):
    # 10 lines of 2,147,483,647 × 1,000.00 exceed ten trillion units
    error = refused(
        RuleViolation,
        set_opportunity_lines,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=licence.pk, quantity=2_147_483_647)] * 10,
    )
    assert (error.field, error.code) == ("lines", "amount_too_large")


def test_a_won_deal_keeps_its_lines(org, deal, licence):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    error = refused(
        RuleViolation,
        set_opportunity_lines,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=2,
        lines=[LineInput(product_id=licence.pk)],
    )
    assert (error.field, error.code) == ("lines", "already_closed")


def test_a_stale_version_is_refused(org, deal, licence):
    update_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, next_step="Sign")
    refused(
        StaleVersion,
        set_opportunity_lines,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=licence.pk)],
    )


@WRITE_REFUSALS
def test_only_people_who_may_change_the_deal_set_its_lines(org, deal, licence, persona, error_type):
    refused(
        error_type,
        set_opportunity_lines,
        actor=getattr(org, persona),
        opportunity_id=deal.pk,
        version=1,
        lines=[LineInput(product_id=licence.pk)],
    )

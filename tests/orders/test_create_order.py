import datetime as dt
from decimal import Decimal

import pytest

from patron.catalog.pricing import LineInput, line_total_minor
from patron.core.models import ExchangeRate
from patron.core.money import Money
from patron.orders.choices import OrderStatus
from patron.orders.services.orders import create_order
from patron.pipeline.models import OpportunityLine
from tests.factories.catalog import ProductFactory
from tests.factories.orders import ContractFactory, won_opportunity

MARCH_2 = dt.date(2026, 3, 2)


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def thb(text: str) -> Money:
    return Money(Decimal(text), "THB")


def test_an_ad_hoc_order_totals_its_discounted_lines(org, customer, licence, training):
    # given: 3 × 199.99 at 12.5 % = 524.97375 → 524.97; 2 × the 250.00 list price = 500.00
    lines = [
        LineInput(
            product_id=licence.pk,
            quantity=3,
            unit_price=usd("199.99"),
            discount_percent=Decimal("12.5"),
        ),
        LineInput(product_id=training.pk, quantity=2),
    ]
    # when
    order = create_order(
        actor=org.rep, account_id=customer.pk, currency="USD", lines=lines, order_date=MARCH_2
    )
    # then
    order.refresh_from_db()
    assert order.number == "SO-2026-000001"
    assert order.status == OrderStatus.DRAFT
    assert (order.account, order.owner, order.created_by) == (customer, org.rep, org.rep)
    assert order.order_date == MARCH_2
    assert order.total_minor == 52_497 + 50_000
    assert order.total_base_minor == 102_497
    stored = list(
        order.lines.order_by("pk").values_list(
            "product_id",
            "quantity",
            "unit_price_minor",
            "discount_percent",
            "total_minor",
            "total_base_minor",
        )
    )
    assert stored == [
        (licence.pk, 3, 19_999, Decimal("12.50"), 52_497, 52_497),
        (training.pk, 2, 25_000, Decimal("0.00"), 50_000, 50_000),
    ]


def test_numbers_follow_on_within_the_year_of_the_order_date(org, customer, licence):
    # given
    line = [LineInput(product_id=licence.pk)]
    create_order(
        actor=org.rep, account_id=customer.pk, currency="USD", lines=line, order_date=MARCH_2
    )
    # when
    second = create_order(
        actor=org.rep, account_id=customer.pk, currency="USD", lines=line, order_date=MARCH_2
    )
    next_year = create_order(
        actor=org.rep,
        account_id=customer.pk,
        currency="USD",
        lines=line,
        order_date=dt.date(2027, 1, 4),
    )
    # then
    assert second.number == "SO-2026-000002"
    assert next_year.number == "SO-2027-000001"


@pytest.mark.parametrize(
    ("quantity", "price_minor", "discount", "expected"),
    [
        (1, 25, "50", 12),  # 12.5 → 12 (half to even)
        (1, 75, "50", 38),  # 37.5 → 38 (half to even)
        (3, 25, "50", 38),  # 37.5 → 38 once on the line, not 3 × (12.5 → 12) = 36
        (7, 1_999, "33.33", 9_329),  # 13,993 × 0.6667 = 9,329.1331
        (2, 100_000, "100", 0),
        (4, 12_345, "0", 49_380),
    ],
)
def test_a_line_total_is_quantity_times_price_less_discount_rounded_half_even(
    quantity, price_minor, discount, expected
):
    assert line_total_minor(quantity, price_minor, Decimal(discount)) == expected


def test_lines_and_order_are_converted_at_the_rate_of_the_order_date(
    org, customer, licence, thb_rates
):
    # given: 2 × 1,250.50 THB = 2,501.00 THB
    lines = [LineInput(product_id=licence.pk, quantity=2, unit_price=thb("1250.50"))]
    # when
    february = create_order(
        actor=org.rep,
        account_id=customer.pk,
        currency="THB",
        lines=lines,
        order_date=dt.date(2026, 2, 28),
    )
    march = create_order(
        actor=org.rep,
        account_id=customer.pk,
        currency="THB",
        lines=lines,
        order_date=dt.date(2026, 3, 1),
    )
    # then: 250,100 satang × 0.0280 = 7,002.8 → 70.03 USD; × 0.0285 = 7,127.85 → 71.28 USD
    assert february.total_minor == march.total_minor == 250_100
    assert february.total_base_minor == 7_003
    assert february.lines.get().total_base_minor == 7_003
    assert march.total_base_minor == 7_128


def test_the_base_total_is_the_sum_of_the_lines_base_totals(org, customer, licence, company):
    # given: one euro is worth 1.5 USD, so each 0.01 EUR line is 1.5 → 2 US cents
    ExchangeRate.objects.create(currency="EUR", valid_from=MARCH_2, rate=Decimal("1.5"))
    lines = [
        LineInput(product_id=licence.pk, unit_price=Money(Decimal("0.01"), "EUR")),
        LineInput(product_id=licence.pk, unit_price=Money(Decimal("0.01"), "EUR")),
    ]
    # when
    order = create_order(
        actor=org.rep, account_id=customer.pk, currency="EUR", lines=lines, order_date=MARCH_2
    )
    # then: 2 + 2 cents, so revenue by product adds up to revenue (not 0.02 EUR → 3 cents)
    assert order.total_minor == 2
    assert order.total_base_minor == 4


def test_an_order_from_a_won_deal_copies_its_lines(org, won_deal, licence, training):
    # given: 2 × 4,000.00 at 10 % = 7,200.00; 4 × 250.00 = 1,000.00
    OpportunityLine.objects.create(
        opportunity=won_deal,
        product=licence,
        quantity=2,
        unit_price_minor=400_000,
        discount_percent=Decimal("10"),
        total_minor=720_000,
    )
    OpportunityLine.objects.create(
        opportunity=won_deal,
        product=training,
        quantity=4,
        unit_price_minor=25_000,
        total_minor=100_000,
    )
    # when
    order = create_order(actor=org.rep, opportunity_id=won_deal.pk, order_date=MARCH_2)
    # then
    assert (order.opportunity, order.account, order.currency) == (
        won_deal,
        won_deal.account,
        "USD",
    )
    assert order.total_minor == 820_000
    assert list(
        order.lines.order_by("pk").values_list(
            "product_id", "quantity", "unit_price_minor", "discount_percent", "total_minor"
        )
    ) == [
        (licence.pk, 2, 400_000, Decimal("10.00"), 720_000),
        (training.pk, 4, 25_000, Decimal("0.00"), 100_000),
    ]


def test_a_won_deal_with_a_retired_product_still_becomes_an_order(org, won_deal):
    # given
    retired = ProductFactory(is_active=False)
    OpportunityLine.objects.create(
        opportunity=won_deal,
        product=retired,
        quantity=1,
        unit_price_minor=5_000,
        total_minor=5_000,
    )
    # when
    order = create_order(actor=org.rep, opportunity_id=won_deal.pk, order_date=MARCH_2)
    # then
    assert order.lines.get().product == retired


def test_lines_given_with_a_won_deal_replace_the_deals_lines(org, won_deal, training):
    # when
    order = create_order(
        actor=org.rep,
        opportunity_id=won_deal.pk,
        lines=[LineInput(product_id=training.pk, quantity=1)],
        order_date=MARCH_2,
    )
    # then
    assert order.opportunity == won_deal
    assert order.total_minor == 25_000


def test_an_order_under_an_active_contract_takes_its_account_and_currency(
    org, customer, licence, thb_rates
):
    # given
    contract = ContractFactory(account=customer, currency="THB")
    # when
    order = create_order(
        actor=org.rep,
        contract_id=contract.pk,
        lines=[LineInput(product_id=licence.pk, unit_price=thb("1000.00"))],
        order_date=MARCH_2,
    )
    # then: 100,000 satang × 0.0285 = 2,850 US cents
    assert (order.contract, order.account, order.currency) == (contract, customer, "THB")
    assert order.total_base_minor == 2_850


def test_a_manager_may_create_an_order_for_their_rep(org, customer, licence):
    # when
    order = create_order(
        actor=org.manager,
        account_id=customer.pk,
        currency="USD",
        lines=[LineInput(product_id=licence.pk)],
        owner_id=org.rep.pk,
        order_date=MARCH_2,
    )
    # then
    assert (order.owner, order.created_by) == (org.rep, org.manager)


def test_a_deal_in_baht_becomes_an_order_in_baht(org, customer, licence, thb_rates):
    # given
    deal = won_opportunity(account=customer, currency="THB")
    OpportunityLine.objects.create(
        opportunity=deal,
        product=licence,
        quantity=1,
        unit_price_minor=100_000,
        total_minor=100_000,
    )
    # when
    order = create_order(actor=org.rep, opportunity_id=deal.pk, order_date=MARCH_2)
    # then
    assert (order.currency, order.total_minor, order.total_base_minor) == ("THB", 100_000, 2_850)

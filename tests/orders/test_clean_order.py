"""The clean step of a new order: every wrong field at once, no query per row, base
amounts at the order date's rate, and the same refusal as the service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.catalog.pricing import LineInput
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import ExchangeRate
from patron.core.money import Money
from patron.orders.choices import ContractStatus
from patron.orders.cleaning.orders import OrderInput, clean_order, order_context
from patron.orders.services.orders import create_order
from patron.pipeline.models import OpportunityLine
from tests.factories.orders import ContractFactory, won_opportunity

MARCH_2 = dt.date(2026, 3, 2)


def money(text: str, currency: str = "USD") -> Money:
    return Money(Decimal(text), currency)


def context_for(actor, rows):
    return order_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        account_ids=[row.account_id for row in rows],
        opportunity_ids=[row.opportunity_id for row in rows],
        contract_ids=[row.contract_id for row in rows],
        product_ids=[line.product_id for row in rows for line in row.lines or ()],
        currencies=[row.currency for row in rows],
    )


def as_kwargs(row: OrderInput) -> dict:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def test_every_wrong_field_is_reported_with_its_code(org, customer, licence):
    # given
    row = OrderInput(
        account_id=customer.pk,
        currency="USD",
        owner_id=999_999,
        order_date=MARCH_2,
        lines=[
            LineInput(product_id=999_999),
            LineInput(product_id=licence.pk, quantity=0),
            LineInput(product_id=licence.pk, discount_percent=Decimal("101")),
        ],
    )
    # when
    cleaned = clean_order(row, context_for(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("owner", "unknown_user"),
        ("lines.0.product", "unknown_product"),
        ("lines.1.quantity", "quantity_out_of_range"),
        ("lines.2.discount_percent", "discount_out_of_range"),
    ]


def test_a_closed_contract_a_missing_account_and_no_lines_are_all_reported(org, customer):
    # given
    contract = ContractFactory(account=customer, status=ContractStatus.EXPIRED)
    rows = [
        OrderInput(contract_id=contract.pk, owner_id=org.peer_rep.pk, order_date=MARCH_2),
        OrderInput(currency="USD", lines=[], order_date=MARCH_2),
    ]
    context = context_for(org.rep, rows)
    # when
    cleaned = [clean_order(row, context) for row in rows]
    # then
    assert [(error.field, error.code) for error in cleaned[0].errors] == [
        ("contract", "contract_not_active"),
        ("owner", "forbidden"),
    ]
    assert [(error.field, error.code) for error in cleaned[1].errors] == [
        ("account", "required"),
        ("lines", "no_lines"),
    ]


def test_an_invisible_deal_is_refused_as_the_service_refuses_it(org, licence):
    # given
    deal = won_opportunity(owner=org.peer_rep)
    row = OrderInput(opportunity_id=deal.pk, lines=[LineInput(product_id=licence.pk)])
    # when
    cleaned = clean_order(row, context_for(org.rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [("opportunity", "not_found")]
    with pytest.raises(NotVisible):
        create_order(actor=org.rep, **as_kwargs(row))


@pytest.mark.parametrize(
    "changes",
    [
        {"contract_id": "contract", "opportunity_id": "deal"},
        {"currency": "EUR", "opportunity_id": "deal"},
        {"lines": []},
        {"order_date": dt.date(2027, 1, 5), "contract_id": "contract"},
    ],
)
def test_the_first_error_is_the_service_s_refusal(org, customer, licence, won_deal, changes):
    # given
    contract = ContractFactory(account=customer)
    named = {"contract": contract.pk, "deal": won_deal.pk}
    fields = {
        "currency": "USD",
        "lines": [LineInput(product_id=licence.pk)],
        "order_date": MARCH_2,
    }
    fields |= {
        key: named.get(value, value) if isinstance(value, str) else value
        for key, value in changes.items()
    }
    if "opportunity_id" not in fields and "contract_id" not in fields:
        fields["account_id"] = customer.pk
    row = OrderInput(**fields)
    cleaned = clean_order(row, context_for(org.rep, [row]))
    # when
    with pytest.raises(RuleViolation) as refused:
        create_order(actor=org.rep, **as_kwargs(row))
    # then
    assert (refused.value.field, refused.value.code) == (
        cleaned.errors[0].field,
        cleaned.errors[0].code,
    )


def test_two_hundred_rows_are_cleaned_without_a_query(
    org, customer, licence, training, thb_rates, django_assert_num_queries
):
    # given
    rows = [
        OrderInput(
            account_id=customer.pk,
            currency="THB",
            owner_id=org.rep.pk,
            order_date=MARCH_2,
            lines=[
                LineInput(product_id=licence.pk, unit_price=money(f"{1000 + n}.00", "THB")),
                LineInput(product_id=training.pk, quantity=2, unit_price=money("10.00", "THB")),
            ],
        )
        for n in range(200)
    ]
    context = context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        cleaned = [clean_order(row, context) for row in rows]
    # then: 100,000 satang × 0.0285 = 2,850 US cents; 2,000 × 0.0285 = 57
    assert all(result.ok for result in cleaned)
    assert (cleaned[0].values.total_minor, cleaned[0].values.total_base_minor) == (
        102_000,
        2_907,
    )


def test_the_context_costs_the_same_queries_for_one_row_or_many(org, customer, licence):
    # given
    deals = [won_opportunity(account=customer) for _ in range(3)]
    for deal in deals:
        OpportunityLine.objects.create(
            opportunity=deal, product=licence, quantity=1, unit_price_minor=100, total_minor=100
        )
    contracts = [ContractFactory(account=customer) for _ in range(3)]

    def rows(count):
        return [
            OrderInput(opportunity_id=deals[n % 3].pk, owner_id=org.manager.pk)
            if n % 2
            else OrderInput(contract_id=contracts[n % 3].pk, lines=[LineInput(licence.pk)])
            for n in range(count)
        ]

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            context_for(org.manager, rows(count))
        return len(captured)

    queries(2)  # the company settings and the actor's reporting tree, read once
    # when / then
    assert queries(2) == queries(60)


def test_base_amounts_are_what_the_service_stores(org, won_deal, licence, training, company):
    # given: a deal in baht; its lines are copied
    won_deal.currency = "THB"
    won_deal.save(update_fields=["currency"])
    for product, price in ((licence, 123_457), (training, 99_999)):
        OpportunityLine.objects.create(
            opportunity=won_deal,
            product=product,
            quantity=3,
            unit_price_minor=price,
            discount_percent=Decimal("7.5"),
            total_minor=0,
        )
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 1, 1), rate="0.0283")
    row = OrderInput(opportunity_id=won_deal.pk, order_date=MARCH_2)
    cleaned = clean_order(row, context_for(org.rep, [row]))
    # when
    order = create_order(actor=org.rep, **as_kwargs(row))
    # then
    stored = list(order.lines.order_by("pk").values_list("total_minor", "total_base_minor"))
    assert [
        (line.priced.total_minor, line.total_base_minor) for line in cleaned.values.lines
    ] == stored
    assert cleaned.values.total_base_minor == order.total_base_minor

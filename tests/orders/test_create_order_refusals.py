"""create_order: every refusal, and that a refused order changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from patron.catalog.pricing import LineInput
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.money import Money
from patron.orders.choices import ContractStatus
from patron.orders.models import OrderLine, SalesOrder
from patron.orders.services.orders import create_order
from tests.factories.accounts import AccountFactory
from tests.factories.catalog import ProductFactory
from tests.factories.orders import ContractFactory
from tests.factories.pipeline import OpportunityFactory

MARCH_2 = dt.date(2026, 3, 2)


def thb(text: str) -> Money:
    return Money(Decimal(text), "THB")


def refused(field: str, code: str, **kwargs) -> None:
    with pytest.raises(RuleViolation) as caught:
        create_order(**kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not SalesOrder.objects.exists()


@pytest.mark.parametrize(
    ("line", "field", "code"),
    [
        ({"quantity": 0}, "lines.0.quantity", "quantity_out_of_range"),
        ({"quantity": 2_147_483_648}, "lines.0.quantity", "quantity_out_of_range"),
        ({"unit_price": Money(Decimal("-0.01"), "USD")}, "lines.0.unit_price", "negative_amount"),
        ({"unit_price": Money(Decimal("1.001"), "USD")}, "lines.0.unit_price", "too_precise"),
        ({"unit_price": Money(Decimal("10"), "EUR")}, "lines.0.unit_price", "wrong_currency"),
        (
            {"unit_price": Money(Decimal("10000000000000.01"), "USD")},
            "lines.0.unit_price",
            "amount_too_large",
        ),
        (
            {"quantity": 1_000_000, "unit_price": Money(Decimal("9999999999.99"), "USD")},
            "lines.0.unit_price",
            "amount_too_large",
        ),
        (
            {"discount_percent": Decimal("100.01")},
            "lines.0.discount_percent",
            "discount_out_of_range",
        ),
        ({"discount_percent": Decimal("-1")}, "lines.0.discount_percent", "discount_out_of_range"),
        ({"discount_percent": Decimal("NaN")}, "lines.0.discount_percent", "discount_out_of_range"),
        (
            {"discount_percent": Decimal("12.345")},
            "lines.0.discount_percent",
            "discount_out_of_range",
        ),
    ],
)
def test_refuses_a_bad_line(org, customer, licence, line, field, code):
    refused(
        field,
        code,
        actor=org.rep,
        account_id=customer.pk,
        currency="USD",
        lines=[LineInput(product_id=licence.pk, **line)],
        order_date=MARCH_2,
    )


def test_refuses_an_unknown_product(org, customer, licence):
    refused(
        "lines.1.product",
        "unknown_product",
        actor=org.rep,
        account_id=customer.pk,
        currency="USD",
        lines=[LineInput(product_id=licence.pk), LineInput(product_id=licence.pk + 1000)],
    )


def test_refuses_a_product_no_longer_sold(org, customer):
    retired = ProductFactory(is_active=False)
    refused(
        "lines.0.product",
        "product_inactive",
        actor=org.rep,
        account_id=customer.pk,
        currency="USD",
        lines=[LineInput(product_id=retired.pk)],
    )


def test_needs_a_price_when_the_product_is_priced_in_another_currency(org, customer, licence):
    refused(
        "lines.0.unit_price",
        "price_required",
        actor=org.rep,
        account_id=customer.pk,
        currency="THB",
        lines=[LineInput(product_id=licence.pk)],
    )


def test_refuses_an_order_without_lines(org, customer):
    refused("lines", "no_lines", actor=org.rep, account_id=customer.pk, currency="USD", lines=[])


def test_refuses_a_won_deal_without_lines_when_none_are_given(org, won_deal):
    refused("lines", "no_lines", actor=org.rep, opportunity_id=won_deal.pk)


def test_an_ad_hoc_order_needs_an_account_and_a_known_currency(org, customer, licence):
    line = [LineInput(product_id=licence.pk)]
    refused("account", "required", actor=org.rep, currency="USD", lines=line)
    refused("currency", "required", actor=org.rep, account_id=customer.pk, lines=line)
    refused(
        "currency",
        "unknown_currency",
        actor=org.rep,
        account_id=customer.pk,
        currency="QQQ",
        lines=line,
    )


def test_refuses_a_deal_that_is_not_won(org, customer):
    open_deal = OpportunityFactory(account=customer)
    refused("opportunity", "opportunity_not_won", actor=org.rep, opportunity_id=open_deal.pk)


def test_refuses_both_a_deal_and_a_contract(org, won_deal):
    contract = ContractFactory(account=won_deal.account)
    refused(
        "contract",
        "one_source_only",
        actor=org.rep,
        opportunity_id=won_deal.pk,
        contract_id=contract.pk,
    )


def test_the_account_and_currency_must_be_those_of_the_deal(org, won_deal, licence):
    other = AccountFactory(owner=org.rep)
    line = [LineInput(product_id=licence.pk)]
    refused(
        "account",
        "account_mismatch",
        actor=org.rep,
        opportunity_id=won_deal.pk,
        account_id=other.pk,
        lines=line,
    )
    refused(
        "currency",
        "wrong_currency",
        actor=org.rep,
        opportunity_id=won_deal.pk,
        currency="EUR",
        lines=line,
    )


def test_refuses_a_contract_that_is_not_active(org, customer, licence):
    draft = ContractFactory(account=customer, status=ContractStatus.DRAFT)
    refused(
        "contract",
        "contract_not_active",
        actor=org.rep,
        contract_id=draft.pk,
        lines=[LineInput(product_id=licence.pk)],
        order_date=MARCH_2,
    )


def test_refuses_an_order_dated_outside_its_contract(org, customer, licence):
    contract = ContractFactory(account=customer)
    refused(
        "order_date",
        "outside_contract",
        actor=org.rep,
        contract_id=contract.pk,
        lines=[LineInput(product_id=licence.pk)],
        order_date=dt.date(2027, 1, 1),
    )


def test_refuses_a_currency_without_an_exchange_rate(org, customer, licence):
    refused(
        "currency",
        "no_exchange_rate",
        actor=org.rep,
        account_id=customer.pk,
        currency="THB",
        lines=[LineInput(product_id=licence.pk, unit_price=thb("10.00"))],
        order_date=MARCH_2,
    )


def test_refuses_an_unknown_owner(org, customer, licence):
    refused(
        "owner",
        "unknown_user",
        actor=org.manager,
        account_id=customer.pk,
        currency="USD",
        lines=[LineInput(product_id=licence.pk)],
        owner_id=org.rep.pk + 1000,
    )


def test_a_rep_may_not_create_an_order_for_a_peer(org, customer, licence):
    with pytest.raises(Forbidden):
        create_order(
            actor=org.rep,
            account_id=customer.pk,
            currency="USD",
            lines=[LineInput(product_id=licence.pk)],
            owner_id=org.peer_rep.pk,
        )
    assert not SalesOrder.objects.exists()


def test_an_account_the_actor_cannot_see_looks_absent(org, customer, licence):
    with pytest.raises(NotVisible):
        create_order(
            actor=org.peer_rep,
            account_id=customer.pk,
            currency="USD",
            lines=[LineInput(product_id=licence.pk)],
        )


def test_a_deal_the_actor_cannot_see_looks_absent(org, won_deal):
    with pytest.raises(NotVisible):
        create_order(actor=org.peer_rep, opportunity_id=won_deal.pk)


def test_a_contract_the_actor_cannot_see_looks_absent(org, customer, licence):
    contract = ContractFactory(account=customer)
    with pytest.raises(NotVisible):
        create_order(
            actor=org.peer_rep,
            contract_id=contract.pk,
            lines=[LineInput(product_id=licence.pk)],
            order_date=MARCH_2,
        )


@pytest.mark.parametrize("persona", ["executive", "service_agent"])
def test_executives_and_service_agents_create_no_orders(org, customer, licence, persona):
    with pytest.raises(Forbidden):
        create_order(
            actor=getattr(org, persona),
            account_id=customer.pk,
            currency="USD",
            lines=[LineInput(product_id=licence.pk)],
        )
    assert not SalesOrder.objects.exists()


def test_a_refused_order_changes_nothing_and_uses_no_number(org, customer, licence):
    # given
    with pytest.raises(RuleViolation):
        create_order(
            actor=org.rep,
            account_id=customer.pk,
            currency="USD",
            lines=[LineInput(product_id=licence.pk, quantity=0)],
            order_date=MARCH_2,
        )
    assert not SalesOrder.objects.exists()
    assert not OrderLine.objects.exists()
    # when
    order = create_order(
        actor=org.rep,
        account_id=customer.pk,
        currency="USD",
        lines=[LineInput(product_id=licence.pk)],
        order_date=MARCH_2,
    )
    # then
    assert order.number == "SO-2026-000001"

"""Products: creating, repricing, retiring and reactivating."""

from decimal import Decimal

import pytest

from patron.catalog.models import BillingPeriod
from patron.catalog.services.products import (
    create_product,
    reactivate_product,
    retire_product,
    update_product,
)
from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.money import Money
from tests.factories.catalog import ProductFactory, ProductFamilyFactory
from tests.org.conftest import NOT_CONFIGURERS, audit_trail, refused


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def test_sales_ops_create_a_product(org):
    # given
    family = ProductFamilyFactory()
    # when
    product = create_product(
        actor=org.sales_ops,
        name="Analytics Suite",
        sku="AN-001",
        family_id=family.pk,
        list_price=usd("1250.00"),
        cost=usd("400.50"),
        billing_period=BillingPeriod.ANNUAL,
    )
    # then
    assert (product.currency, product.list_price_minor, product.cost_minor) == (
        "USD",
        125_000,
        40_050,
    )
    assert product.is_active
    assert product.is_recurring
    [(action, changes, _actor)] = audit_trail(product)
    assert action == "create"
    assert changes["list_price_minor"] == [None, 125_000]
    assert changes["billing_period"] == [None, "annual"]


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"list_price": Money(Decimal("-1"), "USD")}, "list_price", "negative_amount"),
        ({"list_price": Money(Decimal("1.001"), "USD")}, "list_price", "too_precise"),
        ({"list_price": Money(Decimal(10) ** 14, "USD")}, "list_price", "amount_too_large"),
        ({"cost": Money(Decimal(5), "THB")}, "cost", "wrong_currency"),
        ({"cost": Money(Decimal(-5), "USD")}, "cost", "negative_amount"),
        ({"sku": "TAKEN"}, "sku", "duplicate"),
        ({"sku": ""}, "sku", "required"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"family_id": 999_999}, "family", "unknown_family"),
        ({"billing_period": "weekly"}, "billing_period", "unknown_choice"),
    ],
)
def test_a_product_refuses_bad_values(org, values, field, code):
    family = ProductFamilyFactory()
    ProductFactory(sku="TAKEN")
    base = {"name": "New", "sku": "NEW", "family_id": family.pk, "list_price": usd("10")}
    error = refused(RuleViolation, create_product, actor=org.sales_ops, **{**base, **values})
    assert (error.field, error.code) == (field, code)


def test_a_product_is_repriced_in_another_currency_with_its_cost(org):
    # given
    product = ProductFactory(list_price_minor=100_000, cost_minor=40_000)
    # when
    update_product(
        actor=org.sales_ops,
        product_id=product.pk,
        version=product.version,
        list_price=Money(Decimal("35000"), "THB"),
        cost=Money(Decimal("14000"), "THB"),
    )
    # then
    product.refresh_from_db()
    assert (product.currency, product.list_price_minor, product.cost_minor) == (
        "THB",
        3_500_000,
        1_400_000,
    )
    [(action, changes, _actor)] = audit_trail(product)
    assert action == "update"
    assert changes == {
        "currency": ["USD", "THB"],
        "list_price_minor": [100_000, 3_500_000],
        "cost_minor": [40_000, 1_400_000],
    }


def test_a_new_currency_needs_the_cost_in_it_too(org):
    product = ProductFactory(cost_minor=40_000)
    error = refused(
        RuleViolation,
        update_product,
        actor=org.sales_ops,
        product_id=product.pk,
        version=product.version,
        list_price=Money(Decimal(1), "THB"),
    )
    assert (error.field, error.code) == ("cost", "price_required")


def test_a_negative_price_edit_is_refused(org):
    product = ProductFactory()
    error = refused(
        RuleViolation,
        update_product,
        actor=org.sales_ops,
        product_id=product.pk,
        version=product.version,
        list_price=usd("-5"),
    )
    assert (error.field, error.code) == ("list_price", "negative_amount")


def test_a_stale_product_edit_is_refused(org):
    product = ProductFactory()
    refused(
        StaleVersion,
        update_product,
        actor=org.sales_ops,
        product_id=product.pk,
        version=product.version + 1,
        name="X",
    )
    refused(StaleVersion, retire_product, actor=org.sales_ops, product_id=product.pk, version=5)


def test_an_unknown_product_is_not_visible(org):
    refused(NotVisible, retire_product, actor=org.sales_ops, product_id=999_999, version=1)


def test_a_product_is_retired_and_sold_again(org):
    # given
    product = ProductFactory()
    # when
    product = retire_product(actor=org.sales_ops, product_id=product.pk, version=product.version)
    assert product.is_active is False
    product = reactivate_product(
        actor=org.sales_ops, product_id=product.pk, version=product.version
    )
    # then
    product.refresh_from_db()
    assert (product.is_active, product.version) == (True, 3)
    assert [(action, changes) for action, changes, _ in audit_trail(product)] == [
        ("retire", {"is_active": [True, False]}),
        ("reactivate", {"is_active": [False, True]}),
    ]


@NOT_CONFIGURERS
def test_only_configurers_change_products(org, persona):
    product = ProductFactory()
    actor = getattr(org, persona)
    refused(
        Forbidden,
        create_product,
        actor=actor,
        name="X",
        sku="X",
        family_id=product.family_id,
        list_price=usd("1"),
    )
    refused(Forbidden, update_product, actor=actor, product_id=product.pk, version=1, name="Y")
    refused(Forbidden, retire_product, actor=actor, product_id=product.pk, version=1)
    refused(Forbidden, reactivate_product, actor=actor, product_id=product.pk, version=1)

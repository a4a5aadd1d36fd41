"""The clean steps of the catalog creates (product families, products): every wrong
field reported at once, no query per row, a context whose cost does not grow with the
batch, and the same first refusal as the service."""

from decimal import Decimal

import pytest

from patron.catalog.cleaning.families import (
    ProductFamilyInput,
    clean_product_family,
    product_family_context,
)
from patron.catalog.cleaning.products import ProductInput, clean_product, product_context
from patron.catalog.models import BillingPeriod
from patron.catalog.services.families import create_product_family
from patron.catalog.services.products import create_product
from patron.core.errors import DomainError, Forbidden, RuleViolation
from patron.core.money import Money
from tests.factories.catalog import ProductFactory, ProductFamilyFactory
from tests.org.conftest import refused


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def fields_and_codes(cleaned):
    return [(error.field, error.code) for error in cleaned.errors]


def same_refusal(cleaned, call, **arguments):
    """The service refuses as the clean step's first error says and changes nothing."""
    error = refused(DomainError, call, **arguments)
    first = cleaned.errors[0]
    if first.code == "forbidden":
        assert type(error) is Forbidden
        assert error.message == first.message
    else:
        assert type(error) is RuleViolation
        assert (error.field, error.code, error.message) == (first.field, first.code, first.message)


# Product families


def families_context(actor, rows):
    return product_family_context(
        actor, names=[row.name for row in rows], codes=[row.code for row in rows]
    )


def test_a_clean_family_gives_the_values_the_service_writes(org):
    # given
    row = ProductFamilyInput(name=" Analytics ", code=" AN ")
    # when
    values = clean_product_family(row, families_context(org.sales_ops, [row])).value_or_raise()
    family = create_product_family(actor=org.sales_ops, **vars(row))
    # then
    assert (values.name, values.code) == ("Analytics", "AN")
    assert (family.name, family.code) == (values.name, values.code)


def test_every_wrong_field_of_a_family_is_reported(org):
    # given: names are unique ignoring case, codes as typed
    ProductFamilyFactory(name="Taken", code="TK")
    row = ProductFamilyInput(name=" TAKEN ", code="TK")
    # when
    by_sales_ops = clean_product_family(row, families_context(org.sales_ops, [row]))
    by_a_rep = clean_product_family(row, families_context(org.rep, [row]))
    # then
    assert fields_and_codes(by_sales_ops) == [("name", "duplicate"), ("code", "duplicate")]
    assert fields_and_codes(by_a_rep) == [
        (None, "forbidden"),
        ("name", "duplicate"),
        ("code", "duplicate"),
    ]
    assert by_sales_ops.values is None


def test_a_name_or_code_two_rows_share_is_refused_on_both(org):
    rows = [
        ProductFamilyInput(name="Analytics", code="AN"),
        ProductFamilyInput(name="analytics", code="an"),
        ProductFamilyInput(name="Cloud", code="AN"),
    ]
    context = families_context(org.sales_ops, rows)
    outcomes = [clean_product_family(row, context) for row in rows]
    assert [fields_and_codes(outcome) for outcome in outcomes] == [
        [("name", "duplicate"), ("code", "duplicate")],
        [("name", "duplicate")],
        [("code", "duplicate")],
    ]


def test_two_hundred_families_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every sixth row's code is too long
    rows = [
        ProductFamilyInput(
            name=f"Family {number}", code="x" * 33 if number % 6 == 0 else f"F{number}"
        )
        for number in range(200)
    ]
    context = families_context(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_product_family(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == list(range(0, 200, 6))
    assert fields_and_codes(outcomes[6]) == [("code", "too_long")]


@pytest.mark.parametrize("count", [1, 60])
def test_a_family_context_costs_two_queries_whatever_the_batch(
    org, count, django_assert_num_queries
):
    rows = [ProductFamilyInput(name=f"Family {n}", code=f"F{n}") for n in range(count)]
    with django_assert_num_queries(2):  # taken names, taken codes
        families_context(org.sales_ops, rows)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("sales_ops", {"name": "", "code": "x" * 33}),
        ("sales_ops", {"name": "taken", "code": "TK"}),
        ("sales_ops", {"code": "TK"}),
        ("account_manager", {"name": ""}),
    ],
)
def test_the_family_service_refuses_with_the_clean_steps_first_error(org, actor, changes):
    ProductFamilyFactory(name="Taken", code="TK")
    arguments = {"name": "New", "code": "NEW", **changes}
    row = ProductFamilyInput(**arguments)
    cleaned = clean_product_family(row, families_context(getattr(org, actor), [row]))
    same_refusal(cleaned, create_product_family, actor=getattr(org, actor), **arguments)


# Products


def products_context(actor, rows):
    return product_context(
        actor, skus=[row.sku for row in rows], family_ids=[row.family_id for row in rows]
    )


def test_a_clean_product_gives_the_values_the_service_writes(org):
    # given
    family = ProductFamilyFactory()
    row = ProductInput(
        name=" Analytics Suite ",
        sku=" AN-001 ",
        family_id=family.pk,
        list_price=usd("1250.00"),
        cost=usd("400.50"),
        billing_period=BillingPeriod.ANNUAL,
    )
    # when
    values = clean_product(row, products_context(org.sales_ops, [row])).value_or_raise()
    product = create_product(actor=org.sales_ops, **vars(row))
    # then
    assert (values.name, values.sku, values.family, values.currency) == (
        "Analytics Suite",
        "AN-001",
        family,
        "USD",
    )
    assert (values.list_price_minor, values.cost_minor, values.billing_period) == (
        125_000,
        40_050,
        "annual",
    )
    assert (product.sku, product.list_price_minor, product.cost_minor) == (
        values.sku,
        values.list_price_minor,
        values.cost_minor,
    )


def test_a_product_without_a_cost_costs_nothing(org):
    family = ProductFamilyFactory()
    row = ProductInput(name="Support", sku="SUP", family_id=family.pk, list_price=usd("10"))
    values = clean_product(row, products_context(org.sales_ops, [row])).value_or_raise()
    assert (values.list_price_minor, values.cost_minor, values.description) == (1_000, 0, "")


def test_every_wrong_field_of_a_product_is_reported(org):
    # given
    ProductFactory(sku="TAKEN")
    row = ProductInput(
        name="x" * 201,
        sku="TAKEN",
        family_id=999_999,
        list_price=usd("1.001"),
        cost=Money(Decimal(5), "THB"),
        description="y" * 10_001,
        billing_period="weekly",
    )
    # when
    cleaned = clean_product(row, products_context(org.executive, [row]))
    # then
    assert fields_and_codes(cleaned) == [
        (None, "forbidden"),
        ("name", "too_long"),
        ("sku", "duplicate"),
        ("family", "unknown_family"),
        ("description", "too_long"),
        ("list_price", "too_precise"),
        ("cost", "wrong_currency"),
        ("billing_period", "unknown_choice"),
    ]
    assert cleaned.errors[3].message == "There is no such product family."


def test_a_sku_two_rows_share_is_refused_on_both(org):
    family = ProductFamilyFactory()
    rows = [
        ProductInput(name=f"P{n}", sku=sku, family_id=family.pk, list_price=usd("1"))
        for n, sku in enumerate(["AN-1", " AN-1 ", "an-1"])
    ]
    context = products_context(org.sales_ops, rows)
    outcomes = [clean_product(row, context) for row in rows]
    assert [fields_and_codes(outcome) for outcome in outcomes] == [
        [("sku", "duplicate")],
        [("sku", "duplicate")],
        [],
    ]


def test_two_hundred_products_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: three families; every eleventh row has a negative cost
    families = [ProductFamilyFactory() for _ in range(3)]
    rows = [
        ProductInput(
            name=f"Product {number}",
            sku=f"SKU-{number}",
            family_id=families[number % 3].pk,
            list_price=usd("100"),
            cost=usd("-1") if number % 11 == 0 else usd("40"),
        )
        for number in range(200)
    ]
    context = products_context(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_product(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == list(range(0, 200, 11))
    assert fields_and_codes(outcomes[11]) == [("cost", "negative_amount")]


@pytest.mark.parametrize("count", [1, 60])
def test_a_product_context_costs_two_queries_whatever_the_batch(
    org, count, django_assert_num_queries
):
    families = [ProductFamilyFactory() for _ in range(3)]
    rows = [
        ProductInput(
            name="P", sku=f"S{number}", family_id=families[number % 3].pk, list_price=usd("1")
        )
        for number in range(count)
    ]
    with django_assert_num_queries(2):  # taken SKUs, families
        products_context(org.sales_ops, rows)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("sales_ops", {"name": "", "sku": "x" * 65}),
        ("sales_ops", {"sku": "TAKEN", "family_id": 999_999}),
        ("sales_ops", {"family_id": 999_999, "list_price": usd("-1")}),
        ("sales_ops", {"list_price": usd("1.001"), "cost": usd("-1")}),
        ("sales_ops", {"cost": Money(Decimal(5), "THB"), "billing_period": "weekly"}),
        ("rep", {"sku": ""}),
    ],
)
def test_the_product_service_refuses_with_the_clean_steps_first_error(org, actor, changes):
    family = ProductFamilyFactory()
    ProductFactory(sku="TAKEN")
    arguments = {
        "name": "New",
        "sku": "NEW",
        "family_id": family.pk,
        "list_price": usd("10"),
        **changes,
    }
    row = ProductInput(**arguments)
    cleaned = clean_product(row, products_context(getattr(org, actor), [row]))
    same_refusal(cleaned, create_product, actor=getattr(org, actor), **arguments)

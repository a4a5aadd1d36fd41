"""The catalog admin writes through the catalog services."""

import pytest

from patron.catalog.models import Product
from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url
from tests.factories.catalog import ProductFactory, ProductFamilyFactory


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


def _product_form(product: Product, **changes) -> dict[str, object]:
    data = {
        "name": product.name,
        "sku": product.sku,
        "family": product.family_id,
        "description": "",
        "is_active": "on",
        "currency": product.currency,
        "list_price": "1000.00",
        "cost": "400.00",
        "billing_period": product.billing_period,
        "expected_version": product.version,
    }
    data.update(changes)
    return data


def test_sales_ops_add_a_product_with_its_price(client_for, ops):
    # given
    family = ProductFamilyFactory()
    # when
    response = client_for(ops).post(
        admin_url(Product, "add"),
        {
            "name": "Analytics Suite",
            "sku": "AN-1",
            "family": family.pk,
            "description": "",
            "currency": "THB",
            "list_price": "35000.50",
            "cost": "",
            "billing_period": "annual",
        },
    )
    # then
    assert response.status_code == 302
    product = Product.objects.get(sku="AN-1")
    assert (product.currency, product.list_price_minor, product.cost_minor) == ("THB", 3_500_050, 0)
    event = AuditEvent.objects.get(record_type="catalog.product", record_id=product.pk)
    assert (event.action, event.source) == ("create", "admin")


def test_sales_ops_reprice_and_retire_a_product(client_for, ops):
    product = ProductFactory(list_price_minor=100_000, cost_minor=40_000)
    response = client_for(ops).post(
        admin_url(Product, "change", product.pk),
        {k: v for k, v in _product_form(product, list_price="1200.00").items() if k != "is_active"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.list_price_minor, product.is_active, product.version) == (120_000, False, 3)
    actions = AuditEvent.objects.filter(record_type="catalog.product", record_id=product.pk)
    assert list(actions.order_by("pk").values_list("action", flat=True)) == ["update", "retire"]


def test_a_negative_price_is_refused_on_the_field(client_for, ops):
    # given
    product = ProductFactory(list_price_minor=100_000)
    # when
    response = client_for(ops).post(
        admin_url(Product, "change", product.pk), _product_form(product, list_price="-5.00")
    )
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["list_price"] == [
        "The amount cannot be negative."
    ]
    product.refresh_from_db()
    assert (product.list_price_minor, product.version) == (100_000, 1)
    assert not AuditEvent.objects.filter(record_type="catalog.product").exists()

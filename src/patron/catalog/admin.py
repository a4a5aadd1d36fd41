"""Admin for the product catalogue: families and products with their list prices.

Every add and change calls the catalog services. Prices are typed as amounts in the
product's currency (1250.00), never as minor units; the service turns them into
minor units and refuses a negative or too precise one on the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.catalog.models import Product, ProductFamily
from patron.catalog.services import families, products
from patron.core.admin import ReadOnlyInline, ServiceAdmin, ServiceAdminForm, money_column
from patron.core.money import Money
from patron.core.validation import require_currency

PRODUCT_DETAILS = ("name", "sku", "description", "billing_period")


class ProductInline(ReadOnlyInline):
    model = Product
    fields = ["name", "sku", "currency", "list_price", "billing_period", "is_active"]
    readonly_fields = ["list_price"]

    list_price = money_column("list_price_minor", _("list price"))


@admin.register(ProductFamily)
class ProductFamilyAdmin(ServiceAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [ProductInline]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> ProductFamily:
        return families.create_product_family(
            actor=request.user, name=data["name"], code=data["code"]
        )

    def update_record(
        self, request: HttpRequest, obj: ProductFamily, data: dict[str, Any], changed: list[str]
    ) -> ProductFamily:
        return families.update_product_family(
            actor=request.user,
            family_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **{name: data[name] for name in changed if name in {"name", "code"}},
        )


class ProductAdminForm(ServiceAdminForm):
    """Prices as amounts of the product's currency."""

    list_price = forms.DecimalField(label=_("list price"))
    cost = forms.DecimalField(label=_("unit cost"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product = self.instance
        if product.pk is not None:
            self.fields["list_price"].initial = _amount(product.list_price_minor, product.currency)
            self.fields["cost"].initial = _amount(product.cost_minor, product.currency)


def _amount(minor: int, currency: str) -> Decimal:
    return Money.from_minor(minor, currency).amount


def _money(amount: Decimal | None, currency: str) -> Money:
    """The typed amount in the typed currency (an unknown currency is refused on the
    currency field before any amount is read)."""
    code = require_currency(currency)
    return Money(amount if amount is not None else Decimal(0), code)


@admin.register(Product)
class ProductAdmin(ServiceAdmin):
    form = ProductAdminForm
    service_field_names = {"family_id": "family"}
    list_display = [
        "name",
        "sku",
        "family",
        "list_price_shown",
        "unit_cost_shown",
        "billing_period",
        "is_active",
    ]
    list_filter = ["family", "billing_period", "is_active", "currency"]
    list_select_related = ["family"]
    search_fields = ["name", "sku"]
    autocomplete_fields = ["family"]
    fieldsets = [
        (None, {"fields": ["name", "sku", "family", "description", "is_active"]}),
        (_("Price"), {"fields": ["currency", "list_price", "cost", "billing_period"]}),
    ]

    list_price_shown = money_column("list_price_minor", _("list price"))
    unit_cost_shown = money_column("cost_minor", _("unit cost"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A new product is on sale; retiring it is a change of its own.
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "is_active"] if obj is None else readonly

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Product:
        currency = data["currency"]
        return products.create_product(
            actor=request.user,
            family_id=data["family"].pk,
            list_price=_money(data["list_price"], currency),
            cost=_money(data.get("cost"), currency),
            **{name: data[name] for name in PRODUCT_DETAILS},
        )

    def update_record(
        self, request: HttpRequest, obj: Product, data: dict[str, Any], changed: list[str]
    ) -> Product:
        """The details and prices in one operation, then retiring or reactivating."""
        currency = data["currency"]
        given: dict[str, Any] = {name: data[name] for name in changed if name in PRODUCT_DETAILS}
        if "family" in changed:
            given["family_id"] = data["family"].pk
        if "list_price" in changed or "currency" in changed:
            given["list_price"] = _money(data["list_price"], currency)
        if "cost" in changed or "currency" in changed:
            given["cost"] = _money(data.get("cost"), currency)
        version = data.get("expected_version") or obj.version
        product = obj
        if given:
            product = products.update_product(
                actor=request.user, product_id=obj.pk, version=version, **given
            )
            version = product.version
        if "is_active" in changed:
            switch = products.reactivate_product if data["is_active"] else products.retire_product
            product = switch(actor=request.user, product_id=obj.pk, version=version)
        return product

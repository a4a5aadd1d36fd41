"""Admin for the product catalogue: families and products with their list prices."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from patron.catalog.models import Product, ProductFamily
from patron.core.admin import PatronAdmin, PatronInline, money_column


class ProductInline(PatronInline):
    model = Product
    fields = ["name", "sku", "currency", "list_price_minor", "billing_period", "is_active"]


@admin.register(ProductFamily)
class ProductFamilyAdmin(PatronAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [ProductInline]


@admin.register(Product)
class ProductAdmin(PatronAdmin):
    list_display = [
        "name",
        "sku",
        "family",
        "list_price",
        "unit_cost",
        "billing_period",
        "is_active",
    ]
    list_filter = ["family", "billing_period", "is_active", "currency"]
    list_select_related = ["family"]
    search_fields = ["name", "sku"]
    autocomplete_fields = ["family"]
    readonly_fields = ["list_price", "unit_cost"]
    fieldsets = [
        (None, {"fields": ["name", "sku", "family", "description", "is_active"]}),
        (
            _("Price"),
            {
                "fields": [
                    "currency",
                    "list_price_minor",
                    "list_price",
                    "cost_minor",
                    "unit_cost",
                    "billing_period",
                ]
            },
        ),
    ]

    list_price = money_column("list_price_minor", _("list price"))
    unit_cost = money_column("cost_minor", _("unit cost"))

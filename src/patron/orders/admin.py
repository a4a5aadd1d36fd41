"""Admin for contracts, sales orders, invoices and payments.

Orders, invoices and payments carry gapless numbers and totals kept by the order
services (an invoice can never be over-paid), so they are neither added nor deleted
here and their amounts are read-only; dates, references and notes may be corrected.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from patron.core.admin import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceManagedAdmin,
    money_column,
)
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder


@admin.register(Contract)
class ContractAdmin(ServiceManagedAdmin):
    list_display = [
        "number",
        "account",
        "owner",
        "status",
        "start_date",
        "end_date",
        "annual_value",
        "auto_renew",
    ]
    list_filter = ["status", "auto_renew", "currency"]
    list_select_related = ["account", "owner"]
    search_fields = ["number", "account__name"]
    autocomplete_fields = ["account", "owner", "opportunity", "renewal_opportunity"]
    date_hierarchy = "end_date"
    readonly_fields = [
        "number",
        "status",
        "start_date",
        "currency",
        "total_value",
        "annual_value",
        "total_value_minor",
        "annual_value_minor",
        "total_value_base_minor",
    ]

    total_value = money_column("total_value_minor", _("total value"))
    annual_value = money_column("annual_value_minor", _("annual value"))


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["product", "quantity", "unit_price", "discount_percent", "total"]
    readonly_fields = fields

    unit_price = money_column("unit_price_minor", _("unit price"), currency_field="order__currency")
    total = money_column("total_minor", _("total"), currency_field="order__currency")


class InvoiceInline(ReadOnlyInline):
    model = Invoice
    fields = ["number", "status", "issue_date", "due_date", "total", "paid"]
    readonly_fields = fields

    total = money_column("total_minor", _("total"))
    paid = money_column("paid_minor", _("paid"))


@admin.register(SalesOrder)
class SalesOrderAdmin(ServiceManagedAdmin):
    list_display = ["number", "account", "owner", "status", "order_date", "total", "paid_on"]
    list_filter = ["status", "currency"]
    list_select_related = ["account", "owner"]
    search_fields = ["number", "account__name"]
    autocomplete_fields = ["account", "owner", "opportunity", "contract"]
    date_hierarchy = "order_date"
    readonly_fields = [
        "number",
        "status",
        # The date fixes the number's year and the exchange rate of the base total.
        "order_date",
        "currency",
        "total",
        "total_minor",
        "total_base_minor",
        "confirmed_at",
        "fulfilled_at",
        "paid_on",
        "cancelled_at",
    ]
    inlines = [OrderLineInline, InvoiceInline]

    total = money_column("total_minor", _("total"))


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyAdmin):
    list_display = ["order", "product", "quantity", "discount_percent", "total"]
    list_select_related = ["order", "product"]
    search_fields = ["order__number", "product__name", "product__sku"]

    total = money_column("total_minor", _("total"), currency_field="order__currency")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["paid_on", "amount", "method", "reference"]
    readonly_fields = fields

    amount = money_column("amount_minor", _("amount"), currency_field="invoice__currency")


@admin.register(Invoice)
class InvoiceAdmin(ServiceManagedAdmin):
    list_display = [
        "number",
        "account",
        "status",
        "issue_date",
        "due_date",
        "total",
        "paid",
        "paid_on",
    ]
    list_filter = ["status", "currency"]
    list_select_related = ["account"]
    search_fields = ["number", "account__name", "order__number"]
    autocomplete_fields = ["order", "account"]
    date_hierarchy = "issue_date"
    readonly_fields = [
        "order",
        "account",
        "number",
        "status",
        "issue_date",
        "currency",
        "total",
        "paid",
        "total_minor",
        "total_base_minor",
        "paid_minor",
        "paid_on",
    ]
    inlines = [PaymentInline]

    total = money_column("total_minor", _("total"))
    paid = money_column("paid_minor", _("paid"))


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    """Payments are allocated by the payment service, which keeps invoices from being
    over-paid; a wrong payment is reversed there, not edited here."""

    list_display = ["invoice_number", "paid_on", "amount", "method", "reference"]
    list_filter = ["method"]
    list_select_related = ["invoice"]

    @admin.display(description=_("invoice"), ordering="invoice__number")
    def invoice_number(self, obj: Payment) -> str:
        return obj.invoice.number or "—"

    search_fields = ["invoice__number", "reference"]
    date_hierarchy = "paid_on"

    amount = money_column("amount_minor", _("amount"), currency_field="invoice__currency")

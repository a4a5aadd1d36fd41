"""Admin for contracts, sales orders, invoices and payments.

Contracts are recorded and edited through the contract services. Orders, invoices and
payments carry gapless numbers and totals kept by the order services (an invoice can
never be over-paid), and move only through their status flow: shown here, never
written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.admin import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ServiceAdmin,
    ServiceAdminForm,
    money_column,
)
from patron.core.money import Money
from patron.core.validation import require_currency
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder
from patron.orders.services import contracts as services

# The values a contract is recorded with, typed as amounts of its currency.
CONTRACT_VALUES = ("total_value", "annual_value")


class ContractForm(ServiceAdminForm):
    """A contract's values are typed as amounts, not minor units."""

    total_value = forms.DecimalField(label=_("total value"), required=False, max_digits=24)
    annual_value = forms.DecimalField(label=_("annual value"), required=False, max_digits=24)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contract = self.instance
        for name in ("account", "owner", "opportunity"):
            if name in self.fields:
                # Taken from the won deal, or the actor: the service says when one is missing.
                self.fields[name].required = False
        if contract.pk is not None:
            for name in CONTRACT_VALUES:
                self.fields[name].required = True
                minor = getattr(contract, f"{name}_minor")
                self.fields[name].initial = Money.from_minor(minor, contract.currency).amount


@admin.register(Contract)
class ContractAdmin(ServiceAdmin):
    form = ContractForm
    list_display = [
        "number",
        "account",
        "owner",
        "status",
        "start_date",
        "end_date",
        "annual",
        "auto_renew",
    ]
    list_filter = ["status", "auto_renew", "currency"]
    list_select_related = ["account", "owner"]
    search_fields = ["number", "account__name"]
    autocomplete_fields = ["account", "owner", "opportunity"]
    date_hierarchy = "end_date"

    annual = money_column("annual_value_minor", _("annual value"))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return [
                "account",
                "opportunity",
                "owner",
                "start_date",
                "end_date",
                "currency",
                *CONTRACT_VALUES,
                "auto_renew",
            ]
        return [
            "number",
            "status",
            "account",
            "owner",
            "opportunity",
            "renewal_opportunity",
            # The start fixes the number's year; the term is changed by its end.
            "start_date",
            "end_date",
            "currency",
            *CONTRACT_VALUES,
            "auto_renew",
            "created_at",
            "created_by",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        editable = {"end_date", *CONTRACT_VALUES, "auto_renew"}
        return [name for name in self.get_fields(request, obj) if name not in editable]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Contract:
        currency = require_currency(data["currency"])
        return services.create_contract(
            actor=request.user,
            account_id=_pk(data.get("account")),
            opportunity_id=_pk(data.get("opportunity")),
            owner_id=_pk(data.get("owner")),
            start_date=data["start_date"],
            end_date=data["end_date"],
            total_value=_money(data.get("total_value"), currency),
            annual_value=_money(data.get("annual_value"), currency),
            auto_renew=data["auto_renew"],
        )

    def update_record(
        self, request: HttpRequest, obj: Contract, data: dict[str, Any], changed: list[str]
    ) -> Contract:
        values: dict[str, Any] = {
            name: data[name] for name in changed if name in {"end_date", "auto_renew"}
        }
        values.update(
            {name: _money(data[name], obj.currency) for name in changed if name in CONTRACT_VALUES}
        )
        return services.update_contract(
            actor=request.user,
            contract_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **values,
        )


def _pk(record: Any) -> int | None:
    return None if record is None else record.pk


def _money(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)


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
class SalesOrderAdmin(ReadOnlyAdmin):
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
class InvoiceAdmin(ReadOnlyAdmin):
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

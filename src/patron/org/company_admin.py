"""Admin for the company's settings and exchange rates: `core` models whose services
are the org's (`org.services.company`), registered here because `core` may not import
`org`. Settings are one row; a rate's currency is fixed once recorded."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.admin import ServiceAdmin
from patron.core.models import CompanySettings, ExchangeRate
from patron.org.services import company


def _given(data: dict[str, Any], changed: list[str], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in changed if name in names}


SETTINGS_FIELDS = (
    "name",
    "address",
    "tax_id",
    "base_currency",
    "fiscal_year_start_month",
    "time_zone",
    "quote_discount_approval_percent",
    "renewal_lead_days",
)


@admin.register(CompanySettings)
class CompanySettingsAdmin(ServiceAdmin):
    list_display = ["name", "base_currency", "fiscal_year_start_month", "time_zone"]
    fieldsets = [
        (None, {"fields": ["name", "address", "tax_id"]}),
        (
            _("Money and calendar"),
            {"fields": ["base_currency", "fiscal_year_start_month", "time_zone"]},
        ),
        (_("Sales rules"), {"fields": ["quote_discount_approval_percent", "renewal_lead_days"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row for the whole company, created on first use.
        return not CompanySettings.objects.exists() and super().has_add_permission(request)

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> CompanySettings:
        given = {name: data[name] for name in SETTINGS_FIELDS if name in data}
        return company.update_company_settings(actor=request.user, **given)

    def update_record(
        self, request: HttpRequest, obj: CompanySettings, data: dict[str, Any], changed: list[str]
    ) -> CompanySettings:
        given = _given(data, changed, SETTINGS_FIELDS)
        return company.update_company_settings(actor=request.user, **given)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ServiceAdmin):
    list_display = ["currency", "valid_from", "rate"]
    list_filter = ["currency"]
    search_fields = ["currency"]
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A rate for another currency is another rate.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else [*readonly, "currency"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> ExchangeRate:
        return company.record_exchange_rate(
            actor=request.user,
            currency=data["currency"],
            valid_from=data["valid_from"],
            rate=data["rate"],
        )

    def update_record(
        self, request: HttpRequest, obj: ExchangeRate, data: dict[str, Any], changed: list[str]
    ) -> ExchangeRate:
        return company.correct_exchange_rate(
            actor=request.user, rate_id=obj.pk, **_given(data, changed, ("rate", "valid_from"))
        )

"""Admin for forecast submissions: shown, never edited — a forecast is judged on what
was said at the time (K34), so a change is a new submission through the forecast page."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet, Value
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.admin import ReadOnlyAdmin, money_column
from patron.core.models import CompanySettings
from patron.forecasting.models import ForecastSubmission


@admin.register(ForecastSubmission)
class ForecastSubmissionAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "kind",
        "period_start",
        "period_end",
        "commit",
        "best_case",
        "submitted_by",
        "submitted_at",
    ]
    list_filter = ["kind", "team"]
    list_select_related = ["user", "team", "submitted_by"]
    search_fields = ["user__username", "user__last_name", "team__name", "note"]
    date_hierarchy = "submitted_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ForecastSubmission]:
        # Amounts are in the base currency: read it once per page, not once per row.
        base_currency = Value(CompanySettings.current().base_currency)
        return super().get_queryset(request).annotate(base_currency=base_currency)

    commit = money_column("commit_minor", _("commit"), currency_field="base_currency")
    best_case = money_column("best_case_minor", _("best case"), currency_field="base_currency")

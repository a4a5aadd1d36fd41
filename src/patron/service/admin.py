"""Admin for SLA policies, cases and satisfaction responses."""

from __future__ import annotations

from django.contrib import admin

from patron.core.admin import PatronAdmin, ReadOnlyAdmin, ServiceManagedAdmin
from patron.service.models import Case, SlaPolicy, SurveyResponse


@admin.register(SlaPolicy)
class SlaPolicyAdmin(PatronAdmin):
    list_display = ["name", "priority", "first_response_minutes", "resolution_minutes"]
    search_fields = ["name"]


@admin.register(Case)
class CaseAdmin(ServiceManagedAdmin):
    """Cases are numbered and their SLA due times fixed by the case service when they
    open; status changes go through it too (resolution asks for CSAT)."""

    list_display = [
        "number",
        "subject",
        "account",
        "owner",
        "priority",
        "status",
        "opened_at",
        "resolution_due_at",
    ]
    list_filter = ["status", "priority", "category", "department"]
    list_select_related = ["account", "owner"]
    search_fields = ["number", "subject", "account__name"]
    autocomplete_fields = ["account", "contact", "owner"]
    date_hierarchy = "opened_at"
    readonly_fields = [
        "number",
        "status",
        "opened_at",
        "first_response_due_at",
        "resolution_due_at",
        "first_response_at",
        "resolved_at",
        "closed_at",
        "reopen_count",
    ]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    """A customer's own answer: recorded by `record_survey_response`, never edited."""

    list_display = ["kind", "score", "account", "contact", "responded_at"]
    list_filter = ["kind", "score"]
    list_select_related = ["account", "contact"]
    search_fields = ["account__name", "comment"]
    autocomplete_fields = ["account", "contact", "case"]
    date_hierarchy = "responded_at"

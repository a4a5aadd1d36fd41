"""Admin for SLA policies, cases and satisfaction responses.

SLA policies and cases are written through their services: a case is numbered and its
SLA due times fixed by `open_case`, its details changed by `update_case`, and its
status moves only through the case flow. Survey answers are the customer's own and
are never edited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from patron.core.admin import ReadOnlyAdmin, ServiceAdmin
from patron.service.models import Case, SlaPolicy, SurveyResponse
from patron.service.services import cases, sla

SLA_FIELDS = ("name", "priority", "first_response_minutes", "resolution_minutes")
CASE_DETAILS = ("subject", "description", "priority", "category", "department")


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ServiceAdmin):
    list_display = ["name", "priority", "first_response_minutes", "resolution_minutes"]
    search_fields = ["name"]
    fields = [*SLA_FIELDS]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> SlaPolicy:
        return sla.create_sla_policy(
            actor=request.user, **{name: data[name] for name in SLA_FIELDS}
        )

    def update_record(
        self, request: HttpRequest, obj: SlaPolicy, data: dict[str, Any], changed: list[str]
    ) -> SlaPolicy:
        return sla.update_sla_policy(
            actor=request.user,
            policy_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **{name: data[name] for name in changed if name in SLA_FIELDS},
        )


@admin.register(Case)
class CaseAdmin(ServiceAdmin):
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
        "resolution",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = super().get_readonly_fields(request, obj)
        # The account a case is about is fixed when it opens.
        return readonly if obj is None else [*readonly, "account"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Case:
        return cases.open_case(
            actor=request.user,
            account_id=data["account"].pk,
            contact_id=_pk(data.get("contact")),
            owner_id=_pk(data.get("owner")),
            **{name: data[name] for name in CASE_DETAILS},
        )

    def update_record(
        self, request: HttpRequest, obj: Case, data: dict[str, Any], changed: list[str]
    ) -> Case:
        values: dict[str, Any] = {name: data[name] for name in changed if name in CASE_DETAILS}
        if "owner" in changed:
            values["owner_id"] = _pk(data["owner"])
        if "contact" in changed:
            values["contact_id"] = _pk(data["contact"])
        return cases.update_case(
            actor=request.user,
            case_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **values,
        )


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    """A customer's own answer: recorded by `record_survey_response`, never edited."""

    list_display = ["kind", "score", "account", "contact", "responded_at"]
    list_filter = ["kind", "score"]
    list_select_related = ["account", "contact"]
    search_fields = ["account__name", "comment"]
    autocomplete_fields = ["account", "contact", "case"]
    date_hierarchy = "responded_at"


def _pk(record: Any) -> int | None:
    return None if record is None else record.pk

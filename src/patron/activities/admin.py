"""Admin for activities (calls, meetings, tasks …): every write is an activity service.

The state (planned, completed, cancelled) and the completion time are shown, never
edited here: they move by completing, cancelling or reopening, which touch contacts
and count in K19.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from patron.activities.models import Activity
from patron.activities.services import activities as services
from patron.core.admin import ServiceAdmin

# Form fields passed to the services as ids.
_REFERENCES = {
    "account": "account_id",
    "opportunity": "opportunity_id",
    "case": "case_id",
    "owner": "owner_id",
}
_PLAIN = ("kind", "subject", "notes", "starts_at", "duration_minutes", "due_at", "outcome")


def _arguments(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The service arguments of the form fields `names`."""
    arguments: dict[str, Any] = {}
    for name in names:
        if name in _REFERENCES:
            arguments[_REFERENCES[name]] = data[name].pk if data[name] is not None else None
        elif name == "contacts":
            arguments["contact_ids"] = [contact.pk for contact in data["contacts"]]
        elif name in _PLAIN:
            arguments[name] = data[name]
    return arguments


@admin.register(Activity)
class ActivityAdmin(ServiceAdmin):
    list_display = ["subject", "kind", "status", "owner", "account", "starts_at", "due_at"]
    list_filter = ["kind", "status", "outcome"]
    list_select_related = ["owner", "account"]
    search_fields = ["subject", "account__name"]
    autocomplete_fields = ["account", "opportunity", "case", "contacts", "owner"]
    date_hierarchy = "starts_at"
    readonly_fields = ["status", "completed_at"]
    service_field_names = {
        "contact_ids": "contacts",
        "account_id": "account",
        "opportunity_id": "opportunity",
        "case_id": "case",
        "owner_id": "owner",
    }

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Activity:
        return services.log_activity(
            actor=request.user, **_arguments(data, [*_PLAIN, *_REFERENCES, "contacts"])
        )

    def update_record(
        self, request: HttpRequest, obj: Activity, data: dict[str, Any], changed: list[str]
    ) -> Activity:
        return services.update_activity(
            actor=request.user,
            activity_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **_arguments(data, changed),
        )

    def delete_record(self, request: HttpRequest, obj: Activity) -> None:
        services.delete_activity(actor=request.user, activity_id=obj.pk, version=obj.version)

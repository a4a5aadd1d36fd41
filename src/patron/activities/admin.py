"""Admin for activities (calls, meetings, tasks …)."""

from __future__ import annotations

from django.contrib import admin

from patron.activities.models import Activity
from patron.core.admin import PatronAdmin


@admin.register(Activity)
class ActivityAdmin(PatronAdmin):
    list_display = ["subject", "kind", "status", "owner", "account", "starts_at", "due_at"]
    list_filter = ["kind", "status", "outcome"]
    list_select_related = ["owner", "account"]
    search_fields = ["subject", "account__name"]
    autocomplete_fields = ["account", "opportunity", "case", "contacts", "owner"]
    date_hierarchy = "starts_at"

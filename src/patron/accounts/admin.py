"""Admin for accounts, their teams, contacts, competitors and handoffs."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.accounts.models import (
    Account,
    AccountCompetitor,
    AccountTeamMember,
    Competitor,
    Contact,
    Handoff,
)
from patron.core.admin import PatronAdmin, PatronInline, ReadOnlyAdmin, ReadOnlyInline


class AccountTeamMemberInline(ReadOnlyInline):
    # Joining or leaving an account team changes who sees the account and everything
    # under it: only `add_account_team_member` / `remove_account_team_member` do it.
    model = AccountTeamMember
    fields = ["user", "role"]
    readonly_fields = fields
    show_change_link = False


class AccountCompetitorInline(PatronInline):
    model = AccountCompetitor
    fields = ["competitor", "is_incumbent", "note"]
    autocomplete_fields = ["competitor"]
    show_change_link = False


class ContactInline(PatronInline):
    model = Contact
    fields = ["first_name", "last_name", "title", "email", "buying_role", "is_active"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Account | None = None) -> bool:
        # Contacts have consent and cadence fields: edit them on their own page.
        return False


@admin.register(Competitor)
class CompetitorAdmin(PatronAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]


@admin.register(Account)
class AccountAdmin(PatronAdmin):
    list_display = [
        "name",
        "owner",
        "lifecycle",
        "tier",
        "segment",
        "industry",
        "country",
        "territory",
        "customer_since",
    ]
    list_filter = ["lifecycle", "tier", "segment", "industry", "country", "territory"]
    list_select_related = ["owner", "territory"]
    search_fields = ["name", "external_id"]
    autocomplete_fields = ["parent", "owner", "territory"]
    date_hierarchy = "customer_since"
    inlines = [AccountTeamMemberInline, AccountCompetitorInline, ContactInline]
    # The owner changes only by a handoff, the lifecycle only by winning a deal or
    # churning (accounts.services): each of those writes its own record.
    service_fields = ["lifecycle", "customer_since", "churned_on", "churn_reason"]

    def get_readonly_fields(self, request: HttpRequest, obj: Account | None = None) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj), *self.service_fields]
        return [*fields, "owner"] if obj is not None else fields

    fieldsets = [
        (None, {"fields": ["name", "external_id", "parent", "owner", "territory"]}),
        (_("Profile"), {"fields": ["industry", "segment", "employees", "website", "phone"]}),
        (_("Location"), {"fields": ["country", "region", "city"]}),
        (
            _("Lifecycle"),
            {"fields": ["lifecycle", "tier", "customer_since", "churned_on", "churn_reason"]},
        ),
    ]


@admin.register(AccountTeamMember)
class AccountTeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["account", "user", "role"]
    list_filter = ["role"]
    list_select_related = ["account", "user"]
    search_fields = ["account__name", "user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["account", "user"]


@admin.register(Handoff)
class HandoffAdmin(ReadOnlyAdmin):
    list_display = ["account", "from_user", "to_user", "handed_off_on"]
    list_select_related = ["account", "from_user", "to_user"]
    search_fields = ["account__name", "note"]
    autocomplete_fields = ["account", "from_user", "to_user"]
    date_hierarchy = "handed_off_on"


@admin.register(Contact)
class ContactAdmin(PatronAdmin):
    list_display = [
        "__str__",
        "account",
        "title",
        "buying_role",
        "relationship_strength",
        "last_touched_at",
        "is_active",
    ]
    list_filter = ["buying_role", "relationship_strength", "is_active", "email_opt_in"]
    list_select_related = ["account"]
    search_fields = ["first_name", "last_name", "email", "account__name"]
    autocomplete_fields = ["account", "owner"]
    fieldsets = [
        (None, {"fields": ["account", "owner", "first_name", "last_name", "title", "is_active"]}),
        (_("Reach"), {"fields": ["email", "phone"]}),
        (
            _("Buying committee"),
            {"fields": ["buying_role", "influence", "relationship_strength", "is_primary"]},
        ),
        (_("Cadence"), {"fields": ["touch_every_days", "last_touched_at"]}),
        (_("Consent"), {"fields": ["email_opt_in", "phone_opt_in", "consent_recorded_at"]}),
    ]


@admin.register(AccountCompetitor)
class AccountCompetitorAdmin(PatronAdmin):
    list_display = ["competitor", "account", "is_incumbent"]
    list_filter = ["is_incumbent", "competitor"]
    list_select_related = ["competitor", "account"]
    search_fields = ["account__name", "competitor__name"]
    autocomplete_fields = ["account", "competitor"]

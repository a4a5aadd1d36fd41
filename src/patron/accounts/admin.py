"""Admin for accounts, their teams, contacts, competitors and handoffs.

Every add and change here calls the accounts services (`ServiceAdmin`), so an admin
edit keeps the rules a page or the API keeps — a parent cycle, an owner who may not
own accounts or an unknown country is refused with the service's message on the field
— and is in the audit trail with source "admin". What only a state change may move
(owner, lifecycle, churn) is read-only; team members and handoffs are written by their
own services and shown here only.
"""

from __future__ import annotations

from typing import Any

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
from patron.accounts.services.accounts import create_account, update_account
from patron.accounts.services.competitors import (
    add_account_competitor,
    create_competitor,
    remove_account_competitor,
    update_account_competitor,
    update_competitor,
)
from patron.accounts.services.contacts import (
    EDITABLE_FIELDS as CONTACT_FIELDS,
)
from patron.accounts.services.contacts import (
    create_contact,
    deactivate_contact,
    reactivate_contact,
    update_contact,
)
from patron.core.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin

# The account fields `create_account` and `update_account` take as they are.
ACCOUNT_FIELDS = (
    "name",
    "industry",
    "segment",
    "employees",
    "website",
    "phone",
    "country",
    "region",
    "city",
    "tier",
)
# Form fields holding a record whose id the services take, by service argument.
ACCOUNT_REFERENCES = {"parent_id": "parent", "territory_id": "territory"}
COMPETITOR_FIELDS = ("name", "website", "strengths", "weaknesses")


def _pk(record: Any) -> int | None:
    return None if record is None else record.pk


def _version(obj: Any, data: dict[str, Any]) -> int:
    return data.get("expected_version") or obj.version


class AccountTeamMemberInline(ReadOnlyInline):
    # Joining or leaving an account team changes who sees the account and everything
    # under it: only `add_account_team_member` / `remove_account_team_member` do it.
    model = AccountTeamMember
    fields = ["user", "role"]
    readonly_fields = fields
    show_change_link = False


class AccountCompetitorInline(ReadOnlyInline):
    model = AccountCompetitor
    fields = ["competitor", "is_incumbent", "note"]
    readonly_fields = fields


class ContactInline(ReadOnlyInline):
    # Contacts have consent and cadence fields: edit them on their own page.
    model = Contact
    fields = ["first_name", "last_name", "title", "email", "buying_role", "is_active"]
    readonly_fields = fields


@admin.register(Competitor)
class CompetitorAdmin(ServiceAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Competitor:
        return create_competitor(
            actor=request.user, **{name: data[name] for name in COMPETITOR_FIELDS}
        )

    def update_record(
        self, request: HttpRequest, obj: Competitor, data: dict[str, Any], changed: list[str]
    ) -> Competitor:
        return update_competitor(
            actor=request.user,
            competitor_id=obj.pk,
            version=_version(obj, data),
            **{name: data[name] for name in changed if name in COMPETITOR_FIELDS},
        )


@admin.register(Account)
class AccountAdmin(ServiceAdmin):
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
    # churning (accounts.services): each of those writes its own record. The external
    # id is the key another system knows the account by: set once, on creation.
    service_fields = ["lifecycle", "customer_since", "churned_on", "churn_reason"]
    service_field_names = {"owner_id": "owner", **ACCOUNT_REFERENCES}

    fieldsets = [
        (None, {"fields": ["name", "external_id", "parent", "owner", "territory"]}),
        (_("Profile"), {"fields": ["industry", "segment", "employees", "website", "phone"]}),
        (_("Location"), {"fields": ["country", "region", "city"]}),
        (
            _("Lifecycle"),
            {"fields": ["lifecycle", "tier", "customer_since", "churned_on", "churn_reason"]},
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Account | None = None) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj), *self.service_fields]
        return [*fields, "owner", "external_id"] if obj is not None else fields

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Account:
        return create_account(
            actor=request.user,
            owner_id=_pk(data.get("owner")),
            external_id=data.get("external_id") or None,
            **{name: data[name] for name in ACCOUNT_FIELDS},
            **{argument: _pk(data[name]) for argument, name in ACCOUNT_REFERENCES.items()},
        )

    def update_record(
        self, request: HttpRequest, obj: Account, data: dict[str, Any], changed: list[str]
    ) -> Account:
        return update_account(
            actor=request.user,
            account_id=obj.pk,
            version=_version(obj, data),
            **{name: data[name] for name in changed if name in ACCOUNT_FIELDS},
            **{
                argument: _pk(data[name])
                for argument, name in ACCOUNT_REFERENCES.items()
                if name in changed
            },
        )


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
class ContactAdmin(ServiceAdmin):
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
    service_field_names = {"owner_id": "owner", "account_id": "account"}
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

    def get_readonly_fields(self, request: HttpRequest, obj: Contact | None = None) -> list[str]:
        # The last touch is kept by the activity services, the consent time by the
        # contact services; a contact stays at its account, and is archived (not
        # created archived).
        fields = [*super().get_readonly_fields(request, obj)]
        fields += ["last_touched_at", "consent_recorded_at"]
        return [*fields, "account", "owner"] if obj is not None else [*fields, "is_active"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Contact:
        return create_contact(
            actor=request.user,
            account_id=data["account"].pk,
            owner_id=_pk(data.get("owner")),
            **{name: data[name] for name in CONTACT_FIELDS},
        )

    def update_record(
        self, request: HttpRequest, obj: Contact, data: dict[str, Any], changed: list[str]
    ) -> Contact:
        version = _version(obj, data)
        edits = {name: data[name] for name in changed if name in CONTACT_FIELDS}
        archiving = "is_active" in changed and not data["is_active"]
        if "is_active" in changed and data["is_active"]:
            version = reactivate_contact(
                actor=request.user, contact_id=obj.pk, version=version
            ).version
        # Edited before it is archived: an archived contact cannot be made primary.
        contact = update_contact(actor=request.user, contact_id=obj.pk, version=version, **edits)
        if archiving:
            contact = deactivate_contact(
                actor=request.user, contact_id=obj.pk, version=contact.version
            )
        return contact


@admin.register(AccountCompetitor)
class AccountCompetitorAdmin(ServiceAdmin):
    list_display = ["competitor", "account", "is_incumbent"]
    list_filter = ["is_incumbent", "competitor"]
    list_select_related = ["competitor", "account"]
    search_fields = ["account__name", "competitor__name"]
    autocomplete_fields = ["account", "competitor"]
    service_field_names = {"account_id": "account", "competitor_id": "competitor"}

    def get_readonly_fields(
        self, request: HttpRequest, obj: AccountCompetitor | None = None
    ) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj)]
        return [*fields, "account", "competitor"] if obj is not None else fields

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> AccountCompetitor:
        return add_account_competitor(
            actor=request.user,
            account_id=data["account"].pk,
            competitor_id=data["competitor"].pk,
            is_incumbent=data["is_incumbent"],
            note=data["note"],
        )

    def update_record(
        self,
        request: HttpRequest,
        obj: AccountCompetitor,
        data: dict[str, Any],
        changed: list[str],
    ) -> AccountCompetitor:
        return update_account_competitor(
            actor=request.user,
            account_competitor_id=obj.pk,
            version=_version(obj, data),
            **{name: data[name] for name in changed if name in {"is_incumbent", "note"}},
        )

    def delete_record(self, request: HttpRequest, obj: AccountCompetitor) -> None:
        remove_account_competitor(
            actor=request.user, account_competitor_id=obj.pk, version=obj.version
        )

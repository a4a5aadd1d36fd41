"""Admin for users, teams, territories and the company's settings (sales operations'
configuration screens). Every add, change and delete here calls the org services.

A user's role is the source of truth for what they may see and do: their group, staff
flag and superuser flag follow from it (`change_user_role`), so those flags are shown
here but never edited by hand. Only an administrator may make someone an administrator
or change an administrator's account — otherwise sales ops could raise their own rights.

The company's settings and exchange rates are `core` models, but their services are
the org's (configurers change them), and `core` may not import `org`: their admins
are in `org.company_admin`, registered with this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from patron.core.admin import ReadOnlyInline, ServiceAdmin, ServiceAdminForm
from patron.core.choices import AuditSource
from patron.core.operations import audit_source
from patron.org import company_admin  # noqa: F401 (registers the company's admins)
from patron.org.capabilities import Capability, capabilities_of
from patron.org.choices import Role
from patron.org.models import Team, Territory, TerritoryRule, User
from patron.org.policy import can
from patron.org.services import teams, territories, users

# The person changing a password on Django's password page, for the service it calls
# (the page builds its form without the request).
_PASSWORD_ACTOR: ContextVar[User | None] = ContextVar("patron_password_actor", default=None)

USER_DETAILS = ("username", "first_name", "last_name", "email", "title", "language")
USER_DETAILS_MORE = ("time_zone", "hired_on")


def _pk(value: Any) -> int | None:
    return None if value is None else value.pk


def _given(data: dict[str, Any], changed: list[str], names: tuple[str, ...]) -> dict[str, Any]:
    """The changed plain fields, as the service's keyword arguments."""
    return {name: data[name] for name in changed if name in names}


class PatronUserCreationForm(ServiceAdminForm, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = (
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "team",
            "manager",
            "title",
            "language",
            "time_zone",
            "hired_on",
        )


class PatronUserChangeForm(ServiceAdminForm, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class PatronPasswordChangeForm(AdminPasswordChangeForm):
    """Django's password page, saving through `set_user_password` (validated the
    same way, and audited)."""

    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data["set_usable_password"]
        self.user = users.set_user_password(
            actor=_PASSWORD_ACTOR.get(),
            user_id=self.user.pk,
            password=self.cleaned_data["password1"] if usable else None,
        )
        return self.user


class _UserAdminBase(DjangoUserAdmin):
    """Django's user admin with ModelAdmin's `get_form` signature, so the service
    admin's form wiring sits above it."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs.setdefault("form", self.add_form)
        return admin.ModelAdmin.get_form(self, request, obj, change, **kwargs)


@admin.register(User)
class UserAdmin(ServiceAdmin, _UserAdminBase):
    form = PatronUserChangeForm
    add_form = PatronUserCreationForm
    change_password_form = PatronPasswordChangeForm
    service_field_names = {"password": "password1", "team_id": "team", "manager_id": "manager"}
    list_display = ["username", "get_full_name", "email", "role", "team", "manager", "is_active"]
    list_filter = ["role", "team", "is_active"]
    list_select_related = ["team", "manager"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["team", "manager"]
    readonly_fields = ["is_staff", "is_superuser", "groups", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email", "title", "hired_on"]}),
        (_("Role and reporting line"), {"fields": ["role", "team", "manager"]}),
        (_("Preferences"), {"fields": ["language", "time_zone"]}),
        (
            _("Access (follows from the role)"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "team",
                    "manager",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
        (
            _("Preferences"),
            {"fields": ["title", "hired_on", "language", "time_zone"]},
        ),
    ]

    @admin.display(description=_("name"), ordering="last_name")
    def get_full_name(self, obj: User) -> str:
        return obj.get_full_name()

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not can(request.user, Capability.ADMINISTER):
            kwargs["choices"] = [
                (role.value, role.label)
                for role in Role
                if Capability.ADMINISTER not in capabilities_of(role)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if (
            obj is not None
            and (obj.is_superuser or Capability.ADMINISTER in capabilities_of(obj.role))
            and not can(request.user, Capability.ADMINISTER)
        ):
            return False
        return super().has_change_permission(request, obj)

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> User:
        usable = data.get("set_usable_password", True)
        return users.create_user(
            actor=request.user,
            username=data["username"],
            role=data["role"],
            password=data.get("password1") if usable else None,
            team_id=_pk(data.get("team")),
            manager_id=_pk(data.get("manager")),
            hired_on=data.get("hired_on"),
            **{name: data.get(name) or "" for name in (*USER_DETAILS[1:], "time_zone")},
        )

    def update_record(
        self, request: HttpRequest, obj: User, data: dict[str, Any], changed: list[str]
    ) -> User:
        """Details first, then the role, then whether they may sign in: each its own
        operation and event, as each is its own decision."""
        details = _given(data, changed, USER_DETAILS + USER_DETAILS_MORE)
        details.update(
            {f"{name}_id": _pk(data[name]) for name in ("team", "manager") if name in changed}
        )
        user = obj
        if details:
            user = users.update_user(
                actor=request.user,
                user_id=obj.pk,
                version=data.get("expected_version") or obj.version,
                **details,
            )
        if "role" in changed:
            user = users.change_user_role(actor=request.user, user_id=obj.pk, role=data["role"])
        if "is_active" in changed:
            switch = users.reactivate_user if data["is_active"] else users.deactivate_user
            user = switch(actor=request.user, user_id=obj.pk)
        return user

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with _password_actor(request.user), audit_source(AuditSource.ADMIN):
            return super().user_change_password(request, id, form_url)


@contextmanager
def _password_actor(user: Any) -> Iterator[None]:
    token = _PASSWORD_ACTOR.set(user)
    try:
        yield
    finally:
        _PASSWORD_ACTOR.reset(token)


class TeamMemberInline(ReadOnlyInline):
    model = User
    fk_name = "team"
    fields = ["username", "first_name", "last_name", "role", "manager"]
    readonly_fields = fields
    verbose_name = _("member")
    verbose_name_plural = _("members")


@admin.register(Team)
class TeamAdmin(ServiceAdmin):
    list_display = ["name", "parent", "manager", "member_count"]
    list_select_related = ["parent", "manager"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "manager"]
    inlines = [TeamMemberInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Team) -> int:
        return obj.member_total

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Team:
        return teams.create_team(
            actor=request.user,
            name=data["name"],
            parent_id=_pk(data.get("parent")),
            manager_id=_pk(data.get("manager")),
        )

    def update_record(
        self, request: HttpRequest, obj: Team, data: dict[str, Any], changed: list[str]
    ) -> Team:
        given = _given(data, changed, ("name",))
        given.update(
            {f"{name}_id": _pk(data[name]) for name in ("parent", "manager") if name in changed}
        )
        return teams.update_team(
            actor=request.user,
            team_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **given,
        )

    def delete_record(self, request: HttpRequest, obj: Team) -> None:
        teams.delete_team(actor=request.user, team_id=obj.pk, version=obj.version)


class TerritoryRuleInline(ReadOnlyInline):
    model = TerritoryRule
    fields = [
        "priority",
        "country",
        "region",
        "industry",
        "segment",
        "min_employees",
        "max_employees",
    ]
    show_change_link = True


@admin.register(Territory)
class TerritoryAdmin(ServiceAdmin):
    list_display = ["code", "name", "parent", "owner"]
    list_select_related = ["parent", "owner"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "owner", "members"]
    inlines = [TerritoryRuleInline]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Territory:
        return territories.create_territory(
            actor=request.user,
            name=data["name"],
            code=data["code"],
            parent_id=_pk(data.get("parent")),
            owner_id=_pk(data.get("owner")),
            member_ids=[user.pk for user in data.get("members") or ()],
        )

    def update_record(
        self, request: HttpRequest, obj: Territory, data: dict[str, Any], changed: list[str]
    ) -> Territory:
        given: dict[str, Any] = _given(data, changed, ("name", "code"))
        given.update(
            {f"{name}_id": _pk(data[name]) for name in ("parent", "owner") if name in changed}
        )
        if "members" in changed:
            given["member_ids"] = [user.pk for user in data["members"]]
        return territories.update_territory(
            actor=request.user,
            territory_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **given,
        )


RULE_FIELDS = (
    "priority",
    "country",
    "region",
    "industry",
    "segment",
    "min_employees",
    "max_employees",
)


@admin.register(TerritoryRule)
class TerritoryRuleAdmin(ServiceAdmin):
    list_display = ["territory", *RULE_FIELDS]
    list_filter = ["territory", "country", "industry", "segment"]
    list_select_related = ["territory"]
    search_fields = ["territory__name", "territory__code", "region"]
    autocomplete_fields = ["territory"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A rule belongs to its territory for good; a rule for another is a new rule.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else [*readonly, "territory"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> TerritoryRule:
        return territories.create_territory_rule(
            actor=request.user,
            territory_id=data["territory"].pk,
            **{name: data[name] for name in RULE_FIELDS if name in data},
        )

    def update_record(
        self, request: HttpRequest, obj: TerritoryRule, data: dict[str, Any], changed: list[str]
    ) -> TerritoryRule:
        return territories.update_territory_rule(
            actor=request.user,
            rule_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **_given(data, changed, RULE_FIELDS),
        )

    def delete_record(self, request: HttpRequest, obj: TerritoryRule) -> None:
        territories.delete_territory_rule(actor=request.user, rule_id=obj.pk, version=obj.version)

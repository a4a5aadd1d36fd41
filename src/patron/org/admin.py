"""Admin for users, teams and territories (sales operations' configuration screens).

A user's role is the source of truth for what they may see and do: their group, staff
flag and superuser flag follow from it through `assign_role`, so those flags are shown
here but never edited by hand. Only an administrator may make someone an administrator
or change an administrator's account — otherwise sales ops could raise their own rights.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.admin import PatronAdmin, PatronInline
from patron.org.choices import Role
from patron.org.models import Team, Territory, TerritoryRule, User
from patron.org.services import assign_role


class PatronUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "team", "manager")


class PatronUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PatronUserChangeForm
    add_form = PatronUserCreationForm
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
        )
    ]

    @admin.display(description=_("name"), ordering="last_name")
    def get_full_name(self, obj: User) -> str:
        return obj.get_full_name()

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(r.value, r.label) for r in Role if r != Role.ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        # People leave: deactivate them; their records keep their owner.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or "role" in form.changed_data:
            assign_role(user=obj, role=obj.role)


class TeamMemberInline(admin.TabularInline):
    model = User
    fk_name = "team"
    fields = ["username", "first_name", "last_name", "role", "manager"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("member")
    verbose_name_plural = _("members")
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(PatronAdmin):
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


class TerritoryRuleInline(PatronInline):
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
    show_change_link = False


@admin.register(Territory)
class TerritoryAdmin(PatronAdmin):
    list_display = ["code", "name", "parent", "owner"]
    list_select_related = ["parent", "owner"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "owner", "members"]
    inlines = [TerritoryRuleInline]


@admin.register(TerritoryRule)
class TerritoryRuleAdmin(PatronAdmin):
    list_display = [
        "territory",
        "priority",
        "country",
        "region",
        "industry",
        "segment",
        "min_employees",
        "max_employees",
    ]
    list_filter = ["territory", "country", "industry", "segment"]
    list_select_related = ["territory"]
    search_fields = ["territory__name", "territory__code", "region"]
    autocomplete_fields = ["territory"]

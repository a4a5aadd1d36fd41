"""Admin for account plans (with their targets, actions and reviews) and quotas."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from patron.core.admin import PatronAdmin, PatronInline, money_column
from patron.planning.models import (
    AccountPlan,
    AccountPlanAction,
    AccountPlanReview,
    AccountPlanTarget,
    Quota,
)


class TargetInline(PatronInline):
    model = AccountPlanTarget
    fields = ["product", "target_minor", "target"]
    readonly_fields = ["target"]
    autocomplete_fields = ["product"]
    show_change_link = False

    target = money_column("target_minor", _("target"), currency_field="plan__currency")


class ActionInline(PatronInline):
    model = AccountPlanAction
    fields = ["description", "owner", "due_on", "status", "completed_on"]
    autocomplete_fields = ["owner"]
    show_change_link = False


class ReviewInline(PatronInline):
    model = AccountPlanReview
    fields = ["reviewed_on", "reviewer", "notes"]
    autocomplete_fields = ["reviewer"]
    show_change_link = False


@admin.register(AccountPlan)
class AccountPlanAdmin(PatronAdmin):
    list_display = ["account", "fiscal_year", "owner", "status", "next_review_on"]
    list_filter = ["status", "fiscal_year"]
    list_select_related = ["account", "owner"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account", "owner"]
    inlines = [TargetInline, ActionInline, ReviewInline]
    fieldsets = [
        (None, {"fields": ["account", "fiscal_year", "owner", "status", "currency"]}),
        (
            _("Plan"),
            {
                "fields": [
                    "customer_needs",
                    "goals",
                    "challenges",
                    "strategy",
                    "relationship_objectives",
                    "competitive_threats",
                ]
            },
        ),
        (_("Reviews"), {"fields": ["next_review_on"]}),
    ]


@admin.register(AccountPlanTarget)
class AccountPlanTargetAdmin(PatronAdmin):
    list_display = ["plan", "product", "target"]
    list_select_related = ["plan__account", "product"]
    search_fields = ["plan__account__name", "product__name"]
    autocomplete_fields = ["plan", "product"]

    target = money_column("target_minor", _("target"), currency_field="plan__currency")


@admin.register(AccountPlanAction)
class AccountPlanActionAdmin(PatronAdmin):
    list_display = ["description", "plan", "owner", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["plan__account", "owner"]
    search_fields = ["description", "plan__account__name"]
    autocomplete_fields = ["plan", "owner"]
    date_hierarchy = "due_on"


@admin.register(AccountPlanReview)
class AccountPlanReviewAdmin(PatronAdmin):
    list_display = ["plan", "reviewed_on", "reviewer"]
    list_select_related = ["plan__account", "reviewer"]
    search_fields = ["plan__account__name", "notes"]
    autocomplete_fields = ["plan", "reviewer"]
    date_hierarchy = "reviewed_on"


@admin.register(Quota)
class QuotaAdmin(PatronAdmin):
    """A quota's target is in base-currency minor units for money metrics and a plain
    count otherwise, so it is shown as entered."""

    list_display = ["__str__", "metric", "user", "team", "territory", "period_start", "target"]
    list_filter = ["metric", "team", "territory"]
    list_select_related = ["user", "team", "territory"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "team__name"]
    autocomplete_fields = ["user", "team", "territory"]
    date_hierarchy = "period_start"

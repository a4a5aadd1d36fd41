"""Admin for account plans (with their targets, actions and reviews) and quotas: every
write is a planning service.

A plan's account and year, a quota's holder and an action's completion day are shown,
never edited: another year or holder is a record of its own, and the day an action
was done is recorded by completing it. Targets, actions and reviews are shown beside
their plan read-only and have admins (and services) of their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.core.admin import ReadOnlyInline, ServiceAdmin, money_column
from patron.core.money import Money
from patron.planning.models import (
    AccountPlan,
    AccountPlanAction,
    AccountPlanReview,
    AccountPlanTarget,
    Quota,
)
from patron.planning.services import actions, plans, quotas, targets

_PLAN_FIELDS = ("status", "currency", "next_review_on", *plans.PLAN_TEXTS)


class PlanningAdmin(ServiceAdmin):
    """The planning admins: every write is a planning service."""


def _version(obj: Any, data: dict[str, Any]) -> int:
    return data.get("expected_version") or obj.version


class TargetInline(ReadOnlyInline):
    model = AccountPlanTarget
    fields = ["product", "target"]
    readonly_fields = ["product", "target"]
    show_change_link = True

    target = money_column("target_minor", _("target"), currency_field="plan__currency")


class ActionInline(ReadOnlyInline):
    model = AccountPlanAction
    fields = ["description", "owner", "due_on", "status", "completed_on"]
    readonly_fields = fields
    show_change_link = True


class ReviewInline(ReadOnlyInline):
    model = AccountPlanReview
    fields = ["reviewed_on", "reviewer", "notes"]
    readonly_fields = fields
    show_change_link = True


@admin.register(AccountPlan)
class AccountPlanAdmin(PlanningAdmin):
    list_display = ["account", "fiscal_year", "owner", "status", "next_review_on"]
    list_filter = ["status", "fiscal_year"]
    list_select_related = ["account", "owner"]
    search_fields = ["account__name"]
    autocomplete_fields = ["account", "owner"]
    inlines = [TargetInline, ActionInline, ReviewInline]
    service_field_names = {"account_id": "account", "owner_id": "owner"}
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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "account", "fiscal_year"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> AccountPlan:
        return plans.create_account_plan(
            actor=request.user,
            account_id=data["account"].pk,
            fiscal_year=data["fiscal_year"],
            owner_id=data["owner"].pk,
            **{name: data[name] for name in _PLAN_FIELDS},
        )

    def update_record(
        self, request: HttpRequest, obj: AccountPlan, data: dict[str, Any], changed: list[str]
    ) -> AccountPlan:
        given = {name: data[name] for name in changed if name in _PLAN_FIELDS}
        if "owner" in changed:
            given["owner_id"] = data["owner"].pk
        return plans.update_account_plan(
            actor=request.user, plan_id=obj.pk, version=_version(obj, data), **given
        )


@admin.register(AccountPlanTarget)
class AccountPlanTargetAdmin(PlanningAdmin):
    """One target row; saving it sets the plan's whole target list with this row
    added, changed or removed (`set_account_plan_targets`)."""

    list_display = ["plan", "product", "target"]
    list_select_related = ["plan__account", "product"]
    search_fields = ["plan__account__name", "product__name"]
    autocomplete_fields = ["plan", "product"]
    service_field_names = {"targets": "target_minor", "plan_id": "plan"}

    target = money_column("target_minor", _("target"), currency_field="plan__currency")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "plan"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> AccountPlanTarget:
        return self._set(request, data["plan"], data["product"].pk, data["target_minor"])

    def update_record(
        self, request: HttpRequest, obj: AccountPlanTarget, data: dict[str, Any], changed: list[str]
    ) -> AccountPlanTarget:
        return self._set(
            request, obj.plan, data["product"].pk, data["target_minor"], replacing=obj.product_id
        )

    def delete_record(self, request: HttpRequest, obj: AccountPlanTarget) -> None:
        plan = obj.plan
        rows = _targets_of(plan)
        rows.pop(obj.product_id, None)
        targets.set_account_plan_targets(
            actor=request.user, plan_id=plan.pk, version=plan.version, targets=rows
        )

    def _set(
        self,
        request: HttpRequest,
        plan: AccountPlan,
        product_id: int,
        target_minor: int,
        replacing: int | None = None,
    ) -> AccountPlanTarget:
        rows = _targets_of(plan)
        if replacing is not None:
            rows.pop(replacing, None)
        rows[product_id] = Money.from_minor(target_minor, plan.currency)
        targets.set_account_plan_targets(
            actor=request.user, plan_id=plan.pk, version=plan.version, targets=rows
        )
        return AccountPlanTarget.objects.get(plan=plan, product_id=product_id)


def _targets_of(plan: AccountPlan) -> dict[int, Money]:
    return {
        product_id: Money.from_minor(minor, plan.currency)
        for product_id, minor in plan.targets.values_list("product_id", "target_minor")
    }


@admin.register(AccountPlanAction)
class AccountPlanActionAdmin(PlanningAdmin):
    list_display = ["description", "plan", "owner", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["plan__account", "owner"]
    search_fields = ["description", "plan__account__name"]
    autocomplete_fields = ["plan", "owner"]
    date_hierarchy = "due_on"
    readonly_fields = ["completed_on"]
    service_field_names = {"owner_id": "owner", "plan_id": "plan"}

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "status"] if obj is None else [*fields, "plan"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> AccountPlanAction:
        return actions.add_account_plan_action(
            actor=request.user,
            plan_id=data["plan"].pk,
            description=data["description"],
            due_on=data["due_on"],
            owner_id=data["owner"].pk,
        )

    def update_record(
        self, request: HttpRequest, obj: AccountPlanAction, data: dict[str, Any], changed: list[str]
    ) -> AccountPlanAction:
        given = {
            name: data[name] for name in changed if name in {"description", "due_on", "status"}
        }
        if "owner" in changed:
            given["owner_id"] = data["owner"].pk
        return actions.update_account_plan_action(
            actor=request.user, action_id=obj.pk, version=_version(obj, data), **given
        )

    def delete_record(self, request: HttpRequest, obj: AccountPlanAction) -> None:
        actions.remove_account_plan_action(
            actor=request.user, action_id=obj.pk, version=obj.version
        )


@admin.register(AccountPlanReview)
class AccountPlanReviewAdmin(PlanningAdmin):
    """Reviews are recorded, not rewritten: what was said at a review stays as said."""

    list_display = ["plan", "reviewed_on", "reviewer"]
    list_select_related = ["plan__account", "reviewer"]
    search_fields = ["plan__account__name", "notes"]
    autocomplete_fields = ["plan", "reviewer"]
    date_hierarchy = "reviewed_on"
    service_field_names = {"reviewer_id": "reviewer", "plan_id": "plan"}

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> AccountPlanReview:
        plan = data["plan"]
        return plans.record_account_plan_review(
            actor=request.user,
            plan_id=plan.pk,
            version=plan.version,
            reviewed_on=data["reviewed_on"],
            notes=data["notes"],
            reviewer_id=data["reviewer"].pk,
        )


@admin.register(Quota)
class QuotaAdmin(PlanningAdmin):
    """A quota's target is in base-currency minor units for money metrics and a plain
    count otherwise, so it is shown as entered."""

    list_display = ["__str__", "metric", "user", "team", "territory", "period_start", "target"]
    list_filter = ["metric", "team", "territory"]
    list_select_related = ["user", "team", "territory"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "team__name"]
    autocomplete_fields = ["user", "team", "territory"]
    date_hierarchy = "period_start"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else [*fields, "user", "team", "territory"]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> Quota:
        holders = {
            f"{name}_id": data[name].pk for name in ("user", "team", "territory") if data[name]
        }
        return quotas.set_quota(
            actor=request.user,
            metric=data["metric"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            target=data["target"],
            **holders,
        )

    def update_record(
        self, request: HttpRequest, obj: Quota, data: dict[str, Any], changed: list[str]
    ) -> Quota:
        fields = {"metric", "period_start", "period_end", "target"}
        return quotas.update_quota(
            actor=request.user,
            quota_id=obj.pk,
            version=_version(obj, data),
            **{name: data[name] for name in changed if name in fields},
        )

    def delete_record(self, request: HttpRequest, obj: Quota) -> None:
        quotas.delete_quota(actor=request.user, quota_id=obj.pk, version=obj.version)

"""Account plans (needs, goals, revenue target per product, actions, reviews) and quotas."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patron.core.models import BusinessModel
from patron.planning.choices import ActionStatus, PlanStatus, QuotaMetric
from patron.planning.querysets import AccountPlanQuerySet, PlanChildQuerySet, QuotaQuerySet


class AccountPlan(BusinessModel):
    """The plan for one account and fiscal year: what the customer needs, what we aim
    for, and the revenue we target per product; actual is read live from orders."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="account_plans",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    customer_needs = models.TextField(_("customer needs"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    strategy = models.TextField(_("strategy"), blank=True)
    relationship_objectives = models.TextField(_("relationship objectives"), blank=True)
    competitive_threats = models.TextField(_("competitive threats"), blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    objects = AccountPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        ordering = ["-fiscal_year", "account"]
        constraints = [
            models.UniqueConstraint(fields=["account", "fiscal_year"], name="plan_one_per_year"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000, fiscal_year__lte=2100), name="plan_year_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} FY{self.fiscal_year}"


class AccountPlanTarget(BusinessModel):
    """Revenue we aim to sell of one product to the account in the plan's year."""

    # The audit trail shows its changes on its plan's timeline.
    audit_parent = "plan"

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    target_minor = models.BigIntegerField(_("target (minor units of the plan currency)"))

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("revenue target")
        verbose_name_plural = _("revenue targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "product"], name="plan_target_once_per_product"
            ),
            models.CheckConstraint(condition=Q(target_minor__gte=0), name="plan_target_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.product}"


class AccountPlanAction(BusinessModel):
    """A step of the plan with an owner and a due date; overdue ones surface in My day."""

    # The audit trail shows its changes on its plan's timeline.
    audit_parent = "plan"

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("action"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="plan_actions",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | Q(completed_on__isnull=False),
                name="plan_action_done_has_date",
            )
        ]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="plan_action_owner_due")]

    def __str__(self) -> str:
        return self.description


class AccountPlanReview(BusinessModel):
    """A review of the plan held with the manager or the customer."""

    # The audit trail shows its changes on its plan's timeline.
    audit_parent = "plan"

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-reviewed_on"]

    def __str__(self) -> str:
        return f"{self.plan} reviewed {self.reviewed_on}"


class Quota(BusinessModel):
    """A target for one user or one team, for one metric over [period_start, period_end).

    Money metrics are in base-currency minor units; count metrics are plain counts.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    team = models.ForeignKey(
        "org.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    territory = models.ForeignKey(
        "org.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    metric = models.CharField(_("metric"), max_length=24, choices=QuotaMetric.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end (exclusive)"))
    target = models.BigIntegerField(_("target"))

    objects = QuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(team__isnull=True) & Q(territory__isnull=True))
                | (Q(user__isnull=True) & Q(team__isnull=False) & Q(territory__isnull=True))
                | (Q(user__isnull=True) & Q(team__isnull=True) & Q(territory__isnull=False)),
                name="quota_exactly_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="quota_period_valid"
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="quota_target_gte_0"),
            *(
                models.UniqueConstraint(
                    fields=[holder, "metric", "period_start", "period_end"],
                    condition=Q(**{f"{holder}__isnull": False}),
                    name=f"quota_once_per_{holder}_metric_period",
                )
                for holder in ("user", "team", "territory")
            ),
        ]
        indexes = [models.Index(fields=["metric", "period_start"], name="quota_metric_period")]

    def __str__(self) -> str:
        holder = self.user or self.team or self.territory
        return f"{holder} {self.get_metric_display()} {self.period_start}"

"""Pipelines and stages, opportunities with line items, and their field history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patron.accounts.choices import BuyingRole
from patron.catalog.models import PricedLine
from patron.core.models import BusinessModel
from patron.pipeline.choices import (
    ForecastCategory,
    LeadSource,
    LossReason,
    OpportunityStatus,
    OpportunityType,
    StageCategory,
    TrackedField,
)
from patron.pipeline.querysets import OpportunityChildQuerySet, OpportunityQuerySet

__all__ = [
    "Opportunity",
    "OpportunityCompetitor",
    "OpportunityContactRole",
    "OpportunityHistory",
    "OpportunityLine",
    "Pipeline",
    "Stage",
]


class Pipeline(BusinessModel):
    """An ordered set of stages (new business, renewals, channel…).

    A pipeline may be the default for an opportunity type and for some teams; a new
    deal takes its team's default, else its type's, else the company default.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_default = models.BooleanField(_("company default"), default=False)
    default_for_type = models.CharField(
        _("default for opportunity type"),
        max_length=16,
        choices=OpportunityType.choices,
        blank=True,
    )
    default_for_teams = models.ManyToManyField(
        "org.Team", verbose_name=_("default for teams"), blank=True, related_name="pipelines"
    )

    class Meta:
        verbose_name = _("pipeline")
        verbose_name_plural = _("pipelines")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="pipeline_one_default"
            ),
            models.UniqueConstraint(
                fields=["default_for_type"],
                condition=~Q(default_for_type=""),
                name="pipeline_one_default_per_type",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(BusinessModel):
    """A step of a pipeline. Its category says whether a deal in it is open, won or lost;
    "qualified" marks the stages a deal reaches once it is a real opportunity (K10)."""

    # The audit trail shows its changes on its pipeline's timeline.
    audit_parent = "pipeline"

    pipeline = models.ForeignKey(
        Pipeline, verbose_name=_("pipeline"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"))
    probability = models.PositiveSmallIntegerField(_("default probability (%)"))
    category = models.CharField(
        _("category"), max_length=8, choices=StageCategory.choices, default=StageCategory.OPEN
    )
    is_qualified = models.BooleanField(_("counts as qualified"), default=False)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["pipeline", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "order"], name="stage_order_unique"),
            models.UniqueConstraint(fields=["pipeline", "name"], name="stage_name_unique"),
            models.CheckConstraint(
                condition=Q(probability__gte=0, probability__lte=100),
                name="stage_probability_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(category=StageCategory.WON) | Q(probability=100),
                name="stage_won_is_certain",
            ),
            models.CheckConstraint(
                condition=~Q(category=StageCategory.LOST) | Q(probability=0),
                name="stage_lost_is_zero",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pipeline}: {self.name}"


class Opportunity(BusinessModel):
    """A deal being worked. Amounts are integer minor units of `currency`;
    `amount_base_minor` is the same amount in the base currency at the close-date rate.

    `status` mirrors the stage's category so KPI filters use an index; only the
    pipeline services change stage, status, amount, close date, forecast category and
    owner, writing an OpportunityHistory row for each change in the same transaction.
    `opened_on` is the business creation date (a deal imported from another system
    keeps its original one); `close_date` is the expected close while open and the
    actual close once won or lost. For a recurring deal `amount` is the annual value and
    `contract_term_months` its length, so the total contract value is amount × term / 12.
    """

    name = models.CharField(_("name"), max_length=200)
    external_id = models.CharField(_("external id"), max_length=64, null=True, blank=True)
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    type = models.CharField(
        _("type"),
        max_length=16,
        choices=OpportunityType.choices,
        default=OpportunityType.NEW_BUSINESS,
    )
    pipeline = models.ForeignKey(
        Pipeline, verbose_name=_("pipeline"), on_delete=models.PROTECT, related_name="opportunities"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="opportunities"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount_minor = models.BigIntegerField(_("amount (minor units)"), default=0)
    amount_base_minor = models.BigIntegerField(
        _("amount in base currency (minor units)"), default=0
    )
    is_recurring = models.BooleanField(_("recurring"), default=False)
    contract_term_months = models.PositiveSmallIntegerField(
        _("contract term (months)"), null=True, blank=True
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    close_date = models.DateField(_("close date"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    forecast_category = models.CharField(
        _("forecast category"),
        max_length=16,
        choices=ForecastCategory.choices,
        default=ForecastCategory.PIPELINE,
    )
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    lead_source = models.CharField(
        _("lead source"), max_length=16, choices=LeadSource.choices, blank=True
    )
    campaign = models.ForeignKey(
        "pipeline.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    primary_competitor = models.ForeignKey(
        "accounts.Competitor",
        verbose_name=_("main competitor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    loss_reason = models.CharField(
        _("loss reason"), max_length=16, choices=LossReason.choices, blank=True
    )
    loss_note = models.TextField(_("loss note"), blank=True)
    win_reason = models.TextField(_("win reason"), blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["close_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False),
                name="opportunity_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount_minor__gte=0), name="opportunity_amount_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(amount_base_minor__gte=0), name="opportunity_base_amount_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(close_date__gte=F("opened_on")), name="opportunity_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in OpportunityStatus]),
                name="opportunity_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=OpportunityStatus.OPEN, closed_at__isnull=True)
                | (~Q(status=OpportunityStatus.OPEN) & Q(closed_at__isnull=False)),
                name="opportunity_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status=OpportunityStatus.LOST) | ~Q(loss_reason=""),
                name="opportunity_lost_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(contract_term_months__isnull=True) | Q(contract_term_months__gte=1),
                name="opportunity_term_positive",
            ),
        ]
        indexes = [
            # Sorted by close date within a status (or an owner's status), ids and
            # amounts included: a status's list reads in order, and the home page's
            # open-pipeline counts and sums read the index alone (decision 0021).
            models.Index(
                fields=["status", "close_date", "id", "amount_base_minor"],
                name="opp_status_close_id_amt",
            ),
            models.Index(
                fields=["owner", "status", "close_date", "id", "amount_base_minor"],
                name="opp_owner_status_close_id_amt",
            ),
            models.Index(fields=["account", "status"], name="opp_account_status"),
            models.Index(fields=["opened_on"], name="opp_opened_on"),
            models.Index(fields=["pipeline", "stage"], name="opp_pipeline_stage"),
            # The opportunities list's sorts: a page is read from the index in order
            # instead of sorting a million rows.
            models.Index(fields=["close_date", "id"], name="opp_close_date_id"),
            models.Index(fields=["amount_base_minor", "id"], name="opp_amount_base_id"),
            models.Index(fields=["name", "id"], name="opp_name_id"),
        ]

    def __str__(self) -> str:
        return self.name


class OpportunityLine(PricedLine):
    """A product on a deal: quantity × unit price less the discount, in the deal's currency."""

    # The audit trail shows its changes on its opportunity's timeline.
    audit_parent = "opportunity"

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="lines"
    )

    objects = OpportunityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity line")
        verbose_name_plural = _("opportunity lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="opp_line_quantity_gte_1"),
            models.CheckConstraint(
                condition=Q(unit_price_minor__gte=0), name="opp_line_price_gte_0"
            ),
            models.CheckConstraint(condition=Q(total_minor__gte=0), name="opp_line_total_gte_0"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="opp_line_discount_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"


class OpportunityHistory(models.Model):
    """One change of one tracked field of an opportunity: old → new, when, by whom.

    Written by the pipeline services in the same transaction as the change, never
    updated or deleted. Creation writes a row per tracked field with an empty old
    value, so the deal as it stood at any moment is the latest row per field at or
    before that moment. The auto-increment id is the global order of changes, exact
    even within one second. Values are text: a stage or owner id, an amount in minor
    units of the deal's currency, an ISO date, a category or status code.
    """

    id = models.BigAutoField(primary_key=True)
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="history"
    )
    field = models.CharField(_("field"), max_length=24, choices=TrackedField.choices)
    old_value = models.CharField(_("old value"), max_length=64, blank=True)
    new_value = models.CharField(_("new value"), max_length=64, blank=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OpportunityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity history entry")
        verbose_name_plural = _("opportunity history")
        ordering = ["opportunity", "id"]
        indexes = [
            models.Index(fields=["opportunity", "field", "id"], name="opp_history_opp_field"),
            models.Index(fields=["field", "changed_at"], name="opp_history_field_time"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.field}: {self.old_value} → {self.new_value}"


class OpportunityCompetitor(BusinessModel):
    """A competitor in a deal, with what we know of their offer."""

    # The audit trail shows its changes on its opportunity's timeline.
    audit_parent = "opportunity"

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="competitor_links",
    )
    competitor = models.ForeignKey(
        "accounts.Competitor",
        verbose_name=_("competitor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    objects = OpportunityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("competitor in deal")
        verbose_name_plural = _("competitors in deals")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "competitor"], name="opportunity_competitor_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competitor} in {self.opportunity}"


class OpportunityContactRole(BusinessModel):
    """A contact's part in one deal (decision maker, champion…)."""

    # The audit trail shows its changes on its opportunity's timeline.
    audit_parent = "opportunity"

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="contact_roles",
    )
    contact = models.ForeignKey(
        "accounts.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("role in the deal"), max_length=32, choices=BuyingRole.choices, blank=True
    )
    is_primary = models.BooleanField(_("primary"), default=False)

    objects = OpportunityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact role in deal")
        verbose_name_plural = _("contact roles in deals")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contact"], name="opp_contact_once"),
            models.UniqueConstraint(
                fields=["opportunity"], condition=Q(is_primary=True), name="opp_one_primary_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} in {self.opportunity}"


class OpportunityAccess(models.Model):
    """`viewer` may see `opportunity` by the reporting tree: its owner is the viewer or
    below them, or its account is visible to the viewer (the account's owner or a
    member of its team is the viewer or below them).

    Derived data (decision 0021), kept by `pipeline.access` from `org.Reach`, the
    owners and the account teams in the operation that changes them; what every
    `visible_to` of a deal and of the records under it reads. Roles that see every
    deal do not consult it. Never edited by hand."""

    id = models.BigAutoField(primary_key=True)
    # No index of their own: the two composite indexes below lead with each of them.
    # No constraint in the database either (decision 0021): derived rows, and checking
    # each insert's records would make a rebuild wait for locks on records being edited.
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )

    class Meta:
        verbose_name = _("opportunity access")
        verbose_name_plural = _("opportunity access")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "viewer"], name="opp_access_opportunity_viewer_unique"
            )
        ]
        indexes = [models.Index(fields=["viewer", "opportunity"], name="opp_access_viewer")]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.opportunity_id}"

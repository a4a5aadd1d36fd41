"""Campaigns and the leads they bring in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patron.core.models import BusinessModel
from patron.pipeline.choices import CampaignChannel, DisqualifyReason, LeadSource, LeadStatus
from patron.pipeline.querysets import LeadQuerySet

__all__ = ["Campaign", "Lead"]


class Campaign(BusinessModel):
    """A marketing campaign; its cost over its converted leads gives cost per lead (K32)."""

    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=16, choices=CampaignChannel.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    cost_minor = models.BigIntegerField(_("cost (minor units)"), default=0)
    cost_base_minor = models.BigIntegerField(_("cost in base currency (minor units)"), default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(cost_minor__gte=0), name="campaign_cost_gte_0"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Lead(BusinessModel):
    """A person interested in buying, not yet qualified into an opportunity.

    Conversion creates (or matches) an account, a contact and an opportunity and links
    them here; converting again returns the same three records.
    """

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    company = models.CharField(_("company"), max_length=200)
    title = models.CharField(_("title"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=LeadSource.choices)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_leads",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    disqualify_reason = models.CharField(
        _("disqualification reason"), max_length=16, choices=DisqualifyReason.choices, blank=True
    )
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    qualified_at = models.DateTimeField(_("qualified at"), null=True, blank=True)
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    converted_account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("converted to account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    converted_contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("converted to contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    converted_opportunity = models.OneToOneField(
        "pipeline.Opportunity",
        verbose_name=_("converted to opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=LeadStatus.DISQUALIFIED) | ~Q(disqualify_reason=""),
                name="lead_disqualified_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=LeadStatus.CONVERTED)
                | Q(converted_at__isnull=False, converted_account__isnull=False),
                name="lead_converted_has_account",
            ),
            models.CheckConstraint(
                condition=Q(first_responded_at__isnull=True)
                | Q(first_responded_at__gte=models.F("created_at")),
                name="lead_response_after_creation",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="lead_owner_status"),
            models.Index(fields=["created_at"], name="lead_created_at"),
            models.Index(fields=["converted_at"], name="lead_converted_at"),
            models.Index(fields=["source", "created_at"], name="lead_source_created"),
            models.Index(fields=["campaign", "created_at"], name="lead_campaign_created"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.company})".replace("  ", " ")

"""Quotes: numbered, with revisions, built from an opportunity's lines."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patron.catalog.models import PricedLine
from patron.core.models import BusinessModel
from patron.pipeline.choices import QuoteStatus
from patron.pipeline.querysets import OpportunityChildQuerySet, QuoteChildQuerySet

__all__ = ["Quote", "QuoteLine"]


class Quote(BusinessModel):
    """An offer sent to the customer. `number` names the quote; each change of content
    is a new `revision` of the same number, the old ones kept as sent.

    A discount above the company threshold waits for the manager's approval before the
    quote may be sent.
    """

    # The audit trail shows its changes on its opportunity's timeline.
    audit_parent = "opportunity"

    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="quotes",
    )
    number = models.CharField(_("number"), max_length=32)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    currency = models.CharField(_("currency"), max_length=3)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    discount_percent = models.DecimalField(
        _("overall discount (%)"), max_digits=5, decimal_places=2, default=Decimal("0.00")
    )
    subtotal_minor = models.BigIntegerField(_("subtotal (minor units)"), default=0)
    tax_percent = models.DecimalField(
        _("tax (%)"), max_digits=5, decimal_places=2, default=Decimal("0.00")
    )
    tax_minor = models.BigIntegerField(_("tax (minor units)"), default=0)
    total_minor = models.BigIntegerField(_("total (minor units)"), default=0)
    terms = models.TextField(_("terms"), blank=True)
    approval_requested_at = models.DateTimeField(_("approval requested"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = OpportunityChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-number", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["number", "revision"], name="quote_number_revision"),
            models.CheckConstraint(condition=Q(total_minor__gte=0), name="quote_total_gte_0"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="quote_discount_0_100",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gte=models.F("issued_on")),
                name="quote_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} rev. {self.revision}"


class QuoteLine(PricedLine):
    """A line of a quote, copied from the opportunity's lines and then frozen with it."""

    # The audit trail shows its changes on its quote's timeline.
    audit_parent = "quote"

    quote = models.ForeignKey(
        Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="lines"
    )
    description = models.CharField(_("description"), max_length=255, blank=True)

    objects = QuoteChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="quote_line_quantity_gte_1"),
            models.CheckConstraint(
                condition=Q(unit_price_minor__gte=0), name="quote_line_price_gte_0"
            ),
            models.CheckConstraint(condition=Q(total_minor__gte=0), name="quote_line_total_gte_0"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="quote_line_discount_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"

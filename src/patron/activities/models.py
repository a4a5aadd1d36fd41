"""Activities: calls, e-mails, meetings, visits, demos, trials, POCs, presentations,
tasks and notes, on an account and optionally its contacts and a deal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patron.activities.choices import ActivityKind, ActivityOutcome, ActivityStatus
from patron.activities.querysets import ActivityQuerySet
from patron.core.models import BusinessModel


class Activity(BusinessModel):
    """Something a person did or will do with a customer.

    A task has a `due_at`; everything else happens at `starts_at`. Only completed
    activities count in K19 and as a touch of their contacts.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activities",
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    case = models.ForeignKey(
        "service.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    contacts = models.ManyToManyField(
        "accounts.Contact", verbose_name=_("contacts"), blank=True, related_name="activities"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ActivityOutcome.choices, blank=True
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActivityStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="activity_completed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ActivityKind.TASK) | Q(due_at__isnull=False),
                name="activity_task_has_due_date",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status", "completed_at"], name="activity_owner_done"),
            models.Index(fields=["status", "completed_at"], name="activity_status_done"),
            models.Index(fields=["account", "starts_at"], name="activity_account_time"),
            models.Index(fields=["owner", "status", "due_at"], name="activity_owner_due"),
        ]

    def __str__(self) -> str:
        return self.subject

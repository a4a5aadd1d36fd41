"""Customer cases with SLA targets, and satisfaction (CSAT, NPS) responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patron.core.models import BusinessModel
from patron.service.choices import CaseCategory, CasePriority, CaseStatus, SurveyKind
from patron.service.querysets import CaseQuerySet, SurveyResponseQuerySet


class SlaPolicy(BusinessModel):
    """How fast a case of a priority must get its first response and its resolution."""

    name = models.CharField(_("name"), max_length=120)
    priority = models.CharField(
        _("priority"), max_length=8, choices=CasePriority.choices, unique=True
    )
    first_response_minutes = models.PositiveIntegerField(_("first response within (minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution within (minutes)"))

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["first_response_minutes"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_response_minutes__gte=1)
                & Q(resolution_minutes__gte=F("first_response_minutes")),
                name="sla_resolution_after_response",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Case(BusinessModel):
    """A customer problem or question. The SLA due times are fixed when the case opens
    (from the policy of its priority) so a later policy change does not rewrite history."""

    number = models.CharField(_("number"), max_length=32, unique=True)
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    department = models.CharField(_("department"), max_length=80, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=CasePriority.choices, default=CasePriority.NORMAL
    )
    category = models.CharField(
        _("category"), max_length=16, choices=CaseCategory.choices, default=CaseCategory.QUESTION
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_count = models.PositiveIntegerField(_("times reopened"), default=0)
    resolution = models.TextField(_("resolution"), blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_response_at__isnull=True)
                | Q(first_response_at__gte=F("opened_at")),
                name="case_response_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("opened_at")),
                name="case_resolved_after_opening",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED])
                | Q(resolved_at__isnull=False),
                name="case_resolved_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "resolution_due_at"], name="case_status_due"),
            models.Index(fields=["account", "status"], name="case_account_status"),
            models.Index(fields=["resolved_at"], name="case_resolved_at"),
            models.Index(fields=["owner", "status"], name="case_owner_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class SurveyResponse(BusinessModel):
    """A CSAT (1–5, asked when a case is resolved) or NPS (0–10) answer from a contact."""

    kind = models.CharField(_("survey"), max_length=8, choices=SurveyKind.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    responded_at = models.DateTimeField(_("responded at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-responded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=SurveyKind.CSAT) & Q(score__gte=1, score__lte=5))
                | (Q(kind=SurveyKind.NPS) & Q(score__gte=0, score__lte=10)),
                name="survey_score_in_range",
            ),
        ]
        indexes = [models.Index(fields=["kind", "responded_at"], name="survey_kind_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.score}"

"""Forecast submissions by reps and overrides by managers, every one kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patron.core.models import BusinessModel
from patron.forecasting.choices import SubmissionKind
from patron.forecasting.querysets import ForecastSubmissionQuerySet


class ForecastSubmission(BusinessModel):
    """What a person (or a manager for their team or a rep) expects to close in a period.

    Submissions are never edited: a new one supersedes the last, so accuracy (K34) can be
    judged on what was said at any time. Amounts are base-currency minor units. An
    override by a manager must say why.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("forecast of (person)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forecasts",
    )
    team = models.ForeignKey(
        "org.Team",
        verbose_name=_("forecast of (team)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forecasts",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="forecasts_submitted",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=SubmissionKind.choices, default=SubmissionKind.SUBMISSION
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end (exclusive)"))
    commit_minor = models.BigIntegerField(_("commit (base currency, minor units)"))
    best_case_minor = models.BigIntegerField(_("best case (base currency, minor units)"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    objects = ForecastSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("forecast submission")
        verbose_name_plural = _("forecast submissions")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(team__isnull=True))
                | (Q(user__isnull=True) & Q(team__isnull=False)),
                name="forecast_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")), name="forecast_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(commit_minor__gte=0) & Q(best_case_minor__gte=F("commit_minor")),
                name="forecast_best_case_covers_commit",
            ),
            models.CheckConstraint(
                condition=~Q(kind=SubmissionKind.OVERRIDE) | ~Q(note=""),
                name="forecast_override_has_note",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "period_start", "submitted_at"], name="forecast_user_period"
            ),
            models.Index(
                fields=["team", "period_start", "submitted_at"], name="forecast_team_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.team} {self.period_start}: {self.commit_minor}"

"""Coaching notes, training courses and assignments, and skill assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patron.core.models import BusinessModel
from patron.people.choices import CoachingKind, Skill
from patron.people.querysets import CoachingNoteQuerySet, PersonRecordQuerySet


class CoachingNote(BusinessModel):
    """Feedback from a manager to a rep, optionally about one deal or one call."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.CASCADE,
        related_name="coaching_received",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="coaching_given",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=CoachingKind.choices, default=CoachingKind.FEEDBACK
    )
    given_on = models.DateField(_("given on"))
    note = models.TextField(_("note"))
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("about deal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coaching_notes",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("about activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coaching_notes",
    )

    objects = CoachingNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(rep=F("author")), name="coaching_not_self")
        ]
        indexes = [models.Index(fields=["rep", "given_on"], name="coaching_rep_date")]

    def __str__(self) -> str:
        return f"{self.author} → {self.rep} {self.given_on}"


class TrainingCourse(BusinessModel):
    """A course reps can be assigned, optionally developing one skill."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    skill = models.CharField(_("skill"), max_length=24, choices=Skill.choices, blank=True)
    duration_hours = models.PositiveSmallIntegerField(_("duration (hours)"), default=1)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingAssignment(BusinessModel):
    """A course assigned to a user with a due date; completed with a score (0–100)."""

    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.CASCADE,
        related_name="training_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("due on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (0–100)"), null=True, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("training assignment")
        verbose_name_plural = _("training assignments")
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("assigned_on")), name="training_due_after_assigned"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="training_score_0_100"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(completed_on__isnull=False),
                name="training_score_when_completed",
            ),
        ]
        indexes = [models.Index(fields=["user", "due_on"], name="training_user_due")]

    def __str__(self) -> str:
        return f"{self.course} → {self.user}"


class SkillAssessment(BusinessModel):
    """A rating of one skill of one person (1–5) on a date; the latest counts (K30)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="skill_assessments",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skill = models.CharField(_("skill"), max_length=24, choices=Skill.choices)
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    assessed_on = models.DateField(_("assessed on"))
    note = models.TextField(_("note"), blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill assessment")
        verbose_name_plural = _("skill assessments")
        ordering = ["-assessed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="skill_score_1_5"),
        ]
        indexes = [
            models.Index(fields=["user", "skill", "assessed_on"], name="skill_user_skill_date")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_skill_display()} {self.score}"

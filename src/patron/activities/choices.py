from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")
    DEMO = "demo", _("Demo")
    TRIAL = "trial", _("Trial")
    PROOF_OF_CONCEPT = "poc", _("Proof of concept")
    PRESENTATION = "presentation", _("Presentation")
    TASK = "task", _("Task")
    NOTE = "note", _("Note")


# Kinds that count as selling activity (K19) and as a touch of the contacts involved.
SELLING_KINDS = frozenset(
    {
        ActivityKind.CALL,
        ActivityKind.EMAIL,
        ActivityKind.MEETING,
        ActivityKind.VISIT,
        ActivityKind.DEMO,
        ActivityKind.TRIAL,
        ActivityKind.PROOF_OF_CONCEPT,
        ActivityKind.PRESENTATION,
    }
)


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityOutcome(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")
    NO_ANSWER = "no_answer", _("No answer")

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    SUBMISSION = "submission", _("Own forecast")
    OVERRIDE = "override", _("Manager override")

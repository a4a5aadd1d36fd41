"""Choices of the core models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditSource(models.TextChoices):
    """The interface an operation came through."""

    WEB = "web", _("Web page")
    ADMIN = "admin", _("Configuration (admin)")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    CLI = "cli", _("Command line")
    SYSTEM = "system", _("System")

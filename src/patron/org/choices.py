from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does; it decides what they may see and change (SPEC 2.10)."""

    REP = "rep", _("Account executive")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    SALES_MANAGER = "sales_manager", _("Sales manager")
    SALES_OPS = "sales_ops", _("Sales operations")
    ADMIN = "admin", _("Administrator")
    SERVICE_AGENT = "service_agent", _("Service agent")
    EXECUTIVE = "executive", _("Executive")

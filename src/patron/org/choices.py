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


# Roles whose holders see every record of the company (executives read only).
SEE_ALL_ROLES = frozenset({Role.SALES_OPS, Role.ADMIN, Role.EXECUTIVE})
# Roles that may change configuration (users, teams, stages, products) in the admin.
CONFIGURING_ROLES = frozenset({Role.SALES_OPS, Role.ADMIN})
# Roles that sell and therefore own accounts, deals and quotas.
SELLING_ROLES = frozenset({Role.REP, Role.ACCOUNT_MANAGER, Role.SALES_MANAGER})


class TerritoryRuleField(models.TextChoices):
    """Account attributes a territory assignment rule may test."""

    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    INDUSTRY = "industry", _("Industry")
    SEGMENT = "segment", _("Segment")

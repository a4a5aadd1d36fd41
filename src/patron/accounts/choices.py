from django.db import models
from django.utils.translation import gettext_lazy as _


class Lifecycle(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CUSTOMER = "customer", _("Customer")
    CHURNED = "churned", _("Churned")
    PARTNER = "partner", _("Partner")


class Tier(models.TextChoices):
    """Key-account tier (ABC); blank for ordinary accounts."""

    A = "A", _("Key account A")
    B = "B", _("Key account B")
    C = "C", _("Key account C")


class Segment(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    MID_MARKET = "mid_market", _("Mid-market")
    SMB = "smb", _("Small business")
    PUBLIC_SECTOR = "public_sector", _("Public sector")


class Industry(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture")
    EDUCATION = "education", _("Education")
    ENERGY = "energy", _("Energy and utilities")
    FINANCIAL_SERVICES = "financial_services", _("Financial services")
    GOVERNMENT = "government", _("Government")
    HEALTHCARE = "healthcare", _("Healthcare")
    HOSPITALITY = "hospitality", _("Hospitality")
    LOGISTICS = "logistics", _("Logistics")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    PROFESSIONAL_SERVICES = "professional_services", _("Professional services")
    REAL_ESTATE = "real_estate", _("Real estate")
    RETAIL = "retail", _("Retail")
    TECHNOLOGY = "technology", _("Technology")
    TELECOM = "telecom", _("Telecommunications")


class ChurnReason(models.TextChoices):
    PRICE = "price", _("Price")
    COMPETITOR = "competitor", _("Moved to a competitor")
    NO_VALUE = "no_value", _("Saw no value")
    SERVICE = "service", _("Poor service")
    BUDGET = "budget", _("Budget cut")
    ACQUIRED = "acquired", _("Acquired or closed")
    OTHER = "other", _("Other")


class AccountTeamRole(models.TextChoices):
    ACCOUNT_EXECUTIVE = "account_executive", _("Account executive")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    CUSTOMER_SUCCESS = "customer_success", _("Customer success")
    SOLUTIONS_ENGINEER = "solutions_engineer", _("Solutions engineer")
    EXECUTIVE_SPONSOR = "executive_sponsor", _("Executive sponsor")


class BuyingRole(models.TextChoices):
    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    TECHNICAL_DECISION_MAKER = "technical_decision_maker", _("Technical decision maker")
    PURCHASING = "purchasing", _("Purchasing")
    CHAMPION = "champion", _("Champion")
    INFLUENCER = "influencer", _("Influencer")
    USER = "user", _("User")
    BLOCKER = "blocker", _("Blocker")

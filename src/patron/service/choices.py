from django.db import models
from django.utils.translation import gettext_lazy as _


class CasePriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING_CUSTOMER = "pending_customer", _("Waiting for the customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class CaseCategory(models.TextChoices):
    QUESTION = "question", _("Question")
    PROBLEM = "problem", _("Problem")
    BILLING = "billing", _("Billing")
    DELIVERY = "delivery", _("Delivery")
    FEATURE_REQUEST = "feature_request", _("Feature request")
    COMPLAINT = "complaint", _("Complaint")


class SurveyKind(models.TextChoices):
    CSAT = "csat", _("Customer satisfaction (1–5)")
    NPS = "nps", _("Net promoter score (0–10)")

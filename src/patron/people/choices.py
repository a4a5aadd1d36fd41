from django.db import models
from django.utils.translation import gettext_lazy as _


class Skill(models.TextChoices):
    NEGOTIATION = "negotiation", _("Negotiation")
    PRESENTATION = "presentation", _("Presentation")
    DISCOVERY = "discovery", _("Discovery")
    PRODUCT_KNOWLEDGE = "product_knowledge", _("Product knowledge")
    CLOSING = "closing", _("Closing")
    PROSPECTING = "prospecting", _("Prospecting")


class CoachingKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback")
    PRAISE = "praise", _("Praise")
    DEVELOPMENT = "development", _("Development goal")
    DEAL_REVIEW = "deal_review", _("Deal review")
    CALL_REVIEW = "call_review", _("Call review")

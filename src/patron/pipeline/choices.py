from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Event")
    WEBINAR = "webinar", _("Webinar")
    PAID_SEARCH = "paid_search", _("Paid search")
    SOCIAL = "social", _("Social media")
    CONTENT = "content", _("Content")
    PARTNER = "partner", _("Partner")
    OUTBOUND = "outbound", _("Outbound")


class LeadSource(models.TextChoices):
    WEB = "web", _("Website")
    CAMPAIGN = "campaign", _("Campaign")
    REFERRAL = "referral", _("Referral")
    EVENT = "event", _("Event")
    PARTNER = "partner", _("Partner")
    OUTBOUND = "outbound", _("Outbound prospecting")
    INBOUND_CALL = "inbound_call", _("Inbound call")


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    WORKING = "working", _("Working")
    QUALIFIED = "qualified", _("Qualified")
    DISQUALIFIED = "disqualified", _("Disqualified")
    CONVERTED = "converted", _("Converted")


class DisqualifyReason(models.TextChoices):
    NO_BUDGET = "no_budget", _("No budget")
    NO_NEED = "no_need", _("No need")
    NOT_REACHABLE = "not_reachable", _("Could not reach")
    WRONG_FIT = "wrong_fit", _("Not our market")
    DUPLICATE = "duplicate", _("Duplicate")
    COMPETITOR = "competitor", _("Chose a competitor")


class StageCategory(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class OpportunityStatus(models.TextChoices):
    """Mirrors the category of the opportunity's stage (kept for indexed KPI filters)."""

    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class OpportunityType(models.TextChoices):
    NEW_BUSINESS = "new_business", _("New business")
    UPSELL = "upsell", _("Upsell")
    CROSS_SELL = "cross_sell", _("Cross-sell")
    RENEWAL = "renewal", _("Renewal")
    EXPANSION = "expansion", _("Expansion")


# Types that grow an existing customer (K15 upsell / cross-sell success).
GROWTH_TYPES = frozenset(
    {OpportunityType.UPSELL, OpportunityType.CROSS_SELL, OpportunityType.EXPANSION}
)


class ForecastCategory(models.TextChoices):
    PIPELINE = "pipeline", _("Pipeline")
    BEST_CASE = "best_case", _("Best case")
    COMMIT = "commit", _("Commit")
    CLOSED = "closed", _("Closed")
    OMITTED = "omitted", _("Omitted")


class LossReason(models.TextChoices):
    PRICE = "price", _("Price")
    COMPETITOR = "competitor", _("Lost to a competitor")
    NO_DECISION = "no_decision", _("No decision")
    TIMING = "timing", _("Timing")
    PRODUCT_FIT = "product_fit", _("Product fit")
    BUDGET = "budget", _("No budget")
    RELATIONSHIP = "relationship", _("Relationship")
    OTHER = "other", _("Other")


class TrackedField(models.TextChoices):
    """Opportunity fields whose every change is kept (the pipeline replays from them)."""

    STAGE = "stage", _("Stage")
    STATUS = "status", _("Status")
    AMOUNT = "amount", _("Amount")
    CLOSE_DATE = "close_date", _("Close date")
    FORECAST_CATEGORY = "forecast_category", _("Forecast category")
    OWNER = "owner", _("Owner")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")

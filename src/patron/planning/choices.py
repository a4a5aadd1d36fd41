from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class QuotaMetric(models.TextChoices):
    """What a quota measures; money metrics are in base-currency minor units."""

    BOOKINGS = "bookings", _("Bookings")
    ORDER_REVENUE = "order_revenue", _("Order revenue")
    NEW_CUSTOMERS = "new_customers", _("New customers")
    ACTIVITIES = "activities", _("Activities")
    PIPELINE_CREATED = "pipeline_created", _("Pipeline created")


MONEY_METRICS = frozenset(
    {QuotaMetric.BOOKINGS, QuotaMetric.ORDER_REVENUE, QuotaMetric.PIPELINE_CREATED}
)

"""The one writer of OpportunityHistory rows.

Funnel conversion, time in stage, velocity and forecast back-tests replay the pipeline
from these rows, so they must be total and exact: creation writes one row per tracked
field (old value empty), and every later change writes exactly one row per field whose
value really changed — in the service's own transaction, so a refused or rolled-back
operation leaves no row behind. Values are text: stage and owner ids, the amount in
minor units of the deal's currency, the close date in ISO form, status and forecast
category codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils import timezone

from patron.org.models import User
from patron.pipeline.choices import TrackedField
from patron.pipeline.models import Opportunity, OpportunityHistory

# Tracked field → the model attribute holding its value (ids, not objects: no query).
TRACKED_ATTRIBUTES: dict[str, str] = {
    TrackedField.STAGE: "stage_id",
    TrackedField.STATUS: "status",
    TrackedField.AMOUNT: "amount_minor",
    TrackedField.CLOSE_DATE: "close_date",
    TrackedField.FORECAST_CATEGORY: "forecast_category",
    TrackedField.OWNER: "owner_id",
}


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def tracked_values(opportunity: Opportunity) -> dict[str, str]:
    """The deal's tracked fields as history stores them. Services take this snapshot
    before changing a deal and hand it to `record_changes` afterwards."""
    return {
        field: _as_text(getattr(opportunity, attribute))
        for field, attribute in TRACKED_ATTRIBUTES.items()
    }


def record_creation(opportunity: Opportunity, *, actor: User) -> list[OpportunityHistory]:
    """One row per tracked field with an empty old value: the deal as it was born."""
    return _write(opportunity, actor=actor, before=dict.fromkeys(TRACKED_ATTRIBUTES, ""))


def record_changes(
    opportunity: Opportunity, *, actor: User, before: Mapping[str, str]
) -> list[OpportunityHistory]:
    """One row for each tracked field whose value differs from `before`; none when the
    operation changed no tracked field. All rows of one operation share its time."""
    return _write(opportunity, actor=actor, before=before)


def _write(
    opportunity: Opportunity, *, actor: User, before: Mapping[str, str]
) -> list[OpportunityHistory]:
    now = timezone.now()
    after = tracked_values(opportunity)
    rows = [
        OpportunityHistory(
            opportunity=opportunity,
            field=field,
            old_value=before[field],
            new_value=after[field],
            changed_at=now,
            changed_by=actor,
        )
        for field in TRACKED_ATTRIBUTES
        if after[field] != before[field]
    ]
    return OpportunityHistory.objects.bulk_create(rows) if rows else rows

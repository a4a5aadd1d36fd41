"""An activity's state: completing a planned one (with its outcome), cancelling it, and
reopening a completed or cancelled one.

Only completed activities count in K19 and as a touch of their contacts, so
completing records when (`completed_at`) and touches the contacts; these services are
the only way in and out of the completed state.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.activities.choices import ActivityOutcome, ActivityStatus
from patron.activities.errors import ActivityErrorCode
from patron.activities.models import Activity
from patron.activities.services.checks import activity_for_change, touch_contacts
from patron.core.audit import record_changed, snapshot
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.validation import require_choice
from patron.org.models import User

_STATE_FIELDS = ["status", "completed_at", "outcome"]


@service
def complete_activity(
    *,
    actor: User,
    activity_id: int,
    version: int,
    outcome: str = "",
    completed_at: datetime | None = None,
) -> Activity:
    """Mark a planned activity or task done, at `completed_at` (now unless given; never
    in the future), with an optional outcome.

    A selling activity (a call, a meeting, a demo …) then counts in K19 and touches
    its contacts: their `last_touched_at` moves forward to when it happened.
    """
    activity = activity_for_change(actor, activity_id)
    require_version(activity, version)
    _require_planned(activity)
    outcome = require_choice(outcome, field="outcome", choices=ActivityOutcome.values, blank=True)
    now = timezone.now()
    completed_at = completed_at or now
    if completed_at > now:
        raise RuleViolation(
            "completed_at", CommonErrorCode.IN_FUTURE, _("This date cannot be in the future.")
        )
    before = snapshot(activity)
    activity.status = ActivityStatus.COMPLETED
    activity.completed_at = completed_at
    activity.outcome = outcome
    update_versioned(activity, expected_version=version, fields=_STATE_FIELDS)
    record_changed(activity, actor=actor, before=before, action="complete")
    touch_contacts(activity, actor=actor)
    return activity


@service
def cancel_activity(*, actor: User, activity_id: int, version: int) -> Activity:
    """Cancel a planned activity (the meeting did not take place): it stays on the
    record but leaves the to-do lists and never counts as done."""
    activity = activity_for_change(actor, activity_id)
    require_version(activity, version)
    _require_planned(activity)
    before = snapshot(activity)
    activity.status = ActivityStatus.CANCELLED
    update_versioned(activity, expected_version=version, fields=_STATE_FIELDS)
    record_changed(activity, actor=actor, before=before, action="cancel")
    return activity


@service
def reopen_activity(*, actor: User, activity_id: int, version: int) -> Activity:
    """Put a completed or cancelled activity back to planned (it was marked done by
    mistake, or the cancelled meeting is on again).

    The completion time and the outcome are cleared: they described a completion
    that no longer stands. The contacts keep their last touch — it may come from other
    activities or an import, and the next completed activity moves it forward.
    """
    activity = activity_for_change(actor, activity_id)
    require_version(activity, version)
    if activity.status == ActivityStatus.PLANNED:
        raise RuleViolation(
            "status", ActivityErrorCode.ALREADY_PLANNED, _("This activity is already planned.")
        )
    before = snapshot(activity)
    activity.status = ActivityStatus.PLANNED
    activity.completed_at = None
    activity.outcome = ""
    update_versioned(activity, expected_version=version, fields=_STATE_FIELDS)
    record_changed(activity, actor=actor, before=before, action="reopen")
    return activity


def _require_planned(activity: Activity) -> None:
    if activity.status != ActivityStatus.PLANNED:
        raise RuleViolation(
            "status",
            ActivityErrorCode.NOT_PLANNED,
            _("Only a planned activity can be completed or cancelled."),
        )

"""Activities: logging a call, a meeting, a task or a note, editing it, and deleting it.

Completing, cancelling and reopening are state changes of their own
(`services/states.py`): they record when and with what outcome, and completing is what
counts in K19 and as a touch of the contacts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.activities.choices import ActivityKind, ActivityOutcome, ActivityStatus
from patron.activities.cleaning.activities import (
    NOTES_LIMIT,
    SUBJECT_LIMIT,
    ActivityInput,
    activity_context,
    clean_activity,
)
from patron.activities.errors import ActivityErrorCode
from patron.activities.models import Activity
from patron.activities.services.checks import (
    Links,
    activity_for_change,
    links_for,
    touch_contacts,
)
from patron.core.audit import record_changed, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_int_range, require_text
from patron.org.models import User
from patron.org.policy import resolve_owner


@service
def log_activity(
    *,
    actor: User,
    kind: str,
    subject: str,
    account_id: int | None = None,
    contact_ids: Iterable[int] = (),
    opportunity_id: int | None = None,
    case_id: int | None = None,
    owner_id: int | None = None,
    notes: str = "",
    starts_at: datetime | None = None,
    duration_minutes: int = 0,
    due_at: datetime | None = None,
    completed: bool = False,
    outcome: str = "",
) -> Activity:
    """Log something done with a customer, or plan something to do.

    An activity is about an account, some of its contacts and/or one of its deals (or
    a case), each visible to the actor and all on the same account; only a task may
    stand alone (a personal to-do). A task needs a due date. `completed` logs
    something already done: it happened now or earlier, may carry an outcome, and a
    selling activity touches its contacts. A note is always completed — it records
    what was written, there is nothing left to do. Sellers log for themselves or for
    people whose records they may change; service agents log their own activities on
    the accounts and cases they serve; executives log nothing.

    The checks are `clean_activity`'s, on a context built for this one row (an import
    builds one for a whole file); the first error found is raised.
    """
    raw = ActivityInput(
        kind=kind,
        subject=subject,
        account_id=account_id,
        contact_ids=tuple(contact_ids),
        opportunity_id=opportunity_id,
        case_id=case_id,
        owner_id=owner_id,
        notes=notes,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        due_at=due_at,
        completed=completed,
        outcome=outcome,
    )
    context = activity_context(
        actor,
        owner_ids=[owner_id],
        account_ids=[account_id],
        contact_ids=raw.contact_ids,
        opportunity_ids=[opportunity_id],
        case_ids=[case_id],
    )
    values = raise_first(clean_activity(raw, context))
    activity = Activity.objects.create(
        kind=values.kind,
        subject=values.subject,
        notes=values.notes,
        duration_minutes=values.duration_minutes,
        due_at=values.due_at,
        outcome=values.outcome,
        account=values.account,
        opportunity=values.opportunity,
        case=values.case,
        owner=values.owner,
        starts_at=values.starts_at,
        status=ActivityStatus.COMPLETED if values.completed else ActivityStatus.PLANNED,
        completed_at=context.now if values.completed else None,
        created_by=actor,
    )
    activity.contacts.set(values.contacts)
    # The creation event, with the contacts it links (many-to-many rows are recorded
    # on the activity's own event): each field holding a value, from nothing.
    empty = {name: value for name, value in snapshot(activity).items() if value in (None, "")}
    record_changed(
        activity,
        actor=actor,
        before=empty,
        action="create",
        extra={"contacts": [contact.pk for contact in values.contacts]},
    )
    touch_contacts(activity, actor=actor)
    return activity


@service
def update_activity(
    *,
    actor: User,
    activity_id: int,
    version: int,
    kind: str | Unset = UNSET,
    subject: str | Unset = UNSET,
    notes: str | Unset = UNSET,
    account_id: int | Unset | None = UNSET,
    contact_ids: Iterable[int] | Unset = UNSET,
    opportunity_id: int | Unset | None = UNSET,
    case_id: int | Unset | None = UNSET,
    owner_id: int | Unset = UNSET,
    starts_at: datetime | Unset = UNSET,
    duration_minutes: int | Unset = UNSET,
    due_at: datetime | Unset | None = UNSET,
    outcome: str | Unset = UNSET,
) -> Activity:
    """Change an activity's details; arguments left out keep their value.

    The same rules as logging it: links visible and on one account, a task has a due
    date, an outcome only once done, a completed activity did not start in the future.
    The state (planned, completed, cancelled) changes only by completing, cancelling
    or reopening. A new owner is someone who sells and whose records the actor may
    change. Contacts added to a completed selling activity are touched by it.
    """
    activity = activity_for_change(actor, activity_id)
    require_version(activity, version)
    before = snapshot(activity)
    old_contacts = list(activity.contacts.order_by("pk").values_list("pk", flat=True))
    links = links_for(
        actor,
        account_id=activity.account_id if isinstance(account_id, Unset) else account_id,
        contact_ids=old_contacts if isinstance(contact_ids, Unset) else contact_ids,
        opportunity_id=(
            activity.opportunity_id if isinstance(opportunity_id, Unset) else opportunity_id
        ),
        case_id=activity.case_id if isinstance(case_id, Unset) else case_id,
    )
    values = _activity_values(
        kind=require_choice(
            activity.kind if isinstance(kind, Unset) else kind,
            field="kind",
            choices=ActivityKind.values,
        ),
        subject=activity.subject if isinstance(subject, Unset) else subject,
        notes=activity.notes if isinstance(notes, Unset) else notes,
        duration_minutes=(
            activity.duration_minutes if isinstance(duration_minutes, Unset) else duration_minutes
        ),
        due_at=activity.due_at if isinstance(due_at, Unset) else due_at,
        outcome=activity.outcome if isinstance(outcome, Unset) else outcome,
        completed=activity.status == ActivityStatus.COMPLETED,
        starts_at=activity.starts_at if isinstance(starts_at, Unset) else starts_at,
        now=timezone.now(),
    )
    if not links.any and values["kind"] != ActivityKind.TASK:
        raise RuleViolation(
            "account",
            ActivityErrorCode.NOTHING_LINKED,
            _("Say which account, contact or deal this is about."),
        )
    for name, value in values.items():
        setattr(activity, name, value)
    _apply_links(activity, links)
    if not isinstance(starts_at, Unset):
        activity.starts_at = starts_at
    if not isinstance(owner_id, Unset):
        activity.owner = resolve_owner(actor, owner_id, field="owner")
    update_versioned(
        activity,
        expected_version=version,
        fields=[*values, "account", "opportunity", "case", "starts_at", "owner"],
    )
    new_contacts = [contact.pk for contact in links.contacts]
    extra: dict[str, Any] = {}
    if new_contacts != old_contacts:
        activity.contacts.set(links.contacts)
        extra["contacts"] = [old_contacts, new_contacts]
    record_changed(activity, actor=actor, before=before, extra=extra)
    touch_contacts(activity, actor=actor)
    return activity


@service
def delete_activity(*, actor: User, activity_id: int, version: int) -> None:
    """Delete an activity: only its owner, the people above them, sales ops and admins.

    Decision: an activity is deleted for good, not archived. Calls, notes and tasks
    are a person's working records: a wrong or duplicate entry should disappear from
    their day, their account pages and the activity counts (K19), and nothing else
    depends on it — a coaching note about it keeps its text and loses only the link.
    The audit event keeps every value it held, so "who deleted what, when" is still
    answered. Contacts keep their last touch: it may come from other activities.
    """
    activity = activity_for_change(actor, activity_id)
    require_version(activity, version)
    for note in activity.coaching_notes.all():
        before = snapshot(note)
        note.activity = None
        record_changed(note, actor=actor, before=before, action="unlink")
    record_deleted(activity, actor=actor)
    activity.delete()


def _activity_values(
    *,
    kind: str,
    subject: str,
    notes: str,
    duration_minutes: int,
    due_at: datetime | None,
    outcome: str,
    completed: bool,
    starts_at: datetime,
    now: datetime,
) -> dict[str, Any]:
    """The checked values of an activity's own fields."""
    values: dict[str, Any] = {
        "kind": kind,
        "subject": require_text(subject, field="subject", limit=SUBJECT_LIMIT, required=True),
        "notes": require_text(notes, field="notes", limit=NOTES_LIMIT),
        "duration_minutes": require_int_range(
            duration_minutes, field="duration_minutes", required=True
        ),
        "due_at": due_at,
        "outcome": require_choice(
            outcome, field="outcome", choices=ActivityOutcome.values, blank=True
        ),
    }
    if kind == ActivityKind.TASK and due_at is None:
        raise RuleViolation("due_at", CommonErrorCode.REQUIRED, _("This field is required."))
    if values["outcome"] and not completed:
        raise RuleViolation(
            "outcome",
            ActivityErrorCode.NOT_COMPLETED,
            _("Record an outcome once the activity is done."),
        )
    if completed and starts_at > now:
        raise RuleViolation(
            "starts_at", CommonErrorCode.IN_FUTURE, _("This date cannot be in the future.")
        )
    return values


def _apply_links(activity: Activity, links: Links) -> None:
    activity.account = links.account
    activity.opportunity = links.opportunity
    activity.case = links.case

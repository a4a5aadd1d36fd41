"""Stored activities read back through the clean step of logging one.

- An activity is logged at its `created_at`: the rule "a completed activity did not
  start in the future" is about that moment.
- An activity was logged completed (with its outcome) when it was completed at the
  moment it was logged, or is a note (always logged completed); one completed later,
  or cancelled, was logged planned, without an outcome: completing and cancelling
  have their own operations.
- Someone who sells logs activities for the people whose records they may change, so
  such an owner's activity is cleaned as the checking actor naming its owner; anyone
  else (a service agent) logs only their own, so it is cleaned as its owner.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from patron.activities.choices import ActivityKind, ActivityStatus
from patron.activities.cleaning.activities import (
    ActivityContext,
    ActivityInput,
    activity_context,
    clean_activity,
)
from patron.activities.models import Activity
from patron.bulk.cleaning.shared import users_then, with_users
from patron.core.cleaning import Cleaned
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can


def activities(actor: User, rows: Sequence[Activity]) -> Iterator[tuple[int, Cleaned[Any]]]:
    contacts: dict[int, list[int]] = defaultdict(list)
    links = Activity.contacts.through.objects.filter(activity_id__in=[row.pk for row in rows])
    for activity_id, contact_id in links.order_by("pk").values_list("activity_id", "contact_id"):
        contacts[activity_id].append(contact_id)
    owners = users_then(row.owner_id for row in rows)
    groups: dict[int, list[Activity]] = defaultdict(list)
    for row in rows:
        owner = owners.get(row.owner_id)
        sells = owner is None or can(owner, Capability.SELL)
        groups[actor.pk if sells else row.owner_id].append(row)
    for pk, grouped in groups.items():
        logger = actor if pk == actor.pk else owners[pk]
        context = _context(logger, grouped, contacts)
        for row in grouped:
            raw = _as_logged(row, tuple(contacts.get(row.pk, ())))
            yield row.pk, clean_activity(raw, dataclasses.replace(context, now=row.created_at))


def _context(
    actor: User, rows: Sequence[Activity], contacts: dict[int, list[int]]
) -> ActivityContext:
    owner_ids = [row.owner_id for row in rows]
    context = activity_context(
        actor,
        owner_ids=owner_ids,
        account_ids=[row.account_id for row in rows],
        contact_ids=[pk for row in rows for pk in contacts.get(row.pk, ())],
        opportunity_ids=[row.opportunity_id for row in rows],
        case_ids=[row.case_id for row in rows],
    )
    return with_users(context, "owners", owner_ids)


def _as_logged(row: Activity, contact_ids: tuple[int, ...]) -> ActivityInput:
    logged_done = row.kind == ActivityKind.NOTE or (
        row.status == ActivityStatus.COMPLETED
        and row.completed_at is not None
        and row.completed_at <= row.created_at
    )
    return ActivityInput(
        kind=row.kind,
        subject=row.subject,
        account_id=row.account_id,
        contact_ids=contact_ids,
        opportunity_id=row.opportunity_id,
        case_id=row.case_id,
        owner_id=row.owner_id,
        notes=row.notes,
        starts_at=row.starts_at,
        duration_minutes=row.duration_minutes,
        due_at=row.due_at,
        completed=logged_done,
        outcome=row.outcome if logged_done else "",
    )

"""Reading the audit trail: the events of records, and the same events as people read
them (field names, choice labels, names of related records, money in its currency).

The trail stores values as the database holds them (ids, codes, minor units); this
module turns them into words only when they are shown, in the reader's language. It
knows no domain: model and field names come from the app registry. Which records a
person may see is decided by the caller (a page shows the trail of a record it has
already found visible; the `patron audit` command is for administrators).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patron.core.choices import AuditSource
from patron.core.models import AuditEvent
from patron.core.money import CurrencyError, Money, format_money

# Actions services write, as people read them; an action not listed reads as its code.
ACTION_LABELS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
    "archive": gettext_lazy("archived"),
    "restore": gettext_lazy("restored"),
    "remove": gettext_lazy("removed"),
    "win": gettext_lazy("won"),
    "lose": gettext_lazy("lost"),
    "reopen": gettext_lazy("reopened"),
    "move_stage": gettext_lazy("moved to another stage"),
    "reassign": gettext_lazy("reassigned"),
    "handoff": gettext_lazy("handed off"),
    "churn": gettext_lazy("churned"),
    "qualify": gettext_lazy("qualified"),
    "disqualify": gettext_lazy("disqualified"),
    "convert": gettext_lazy("converted"),
    "respond": gettext_lazy("responded to"),
    "confirm": gettext_lazy("confirmed"),
    "fulfil": gettext_lazy("fulfilled"),
    "cancel": gettext_lazy("cancelled"),
    "issue": gettext_lazy("issued"),
    "pay": gettext_lazy("payment recorded"),
    "void": gettext_lazy("voided"),
    "activate": gettext_lazy("activated"),
    "resolve": gettext_lazy("resolved"),
    "close": gettext_lazy("closed"),
    "complete": gettext_lazy("completed"),
}
EMPTY = "—"


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One field of one event: its label and its values as people read them."""

    field: str
    label: str
    old: str
    new: str
    is_creation: bool


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event as a line of a timeline."""

    event: AuditEvent
    record_label: str
    action_label: str
    source_label: str
    changes: list[ChangeLine] = field(default_factory=list)


def record_events(record: models.Model) -> QuerySet[AuditEvent]:
    """The events of one record and of the records that belong to it (its contacts,
    its lines — deleted ones too), newest first."""
    record_type = record._meta.label_lower
    return (
        AuditEvent.objects.filter(
            Q(record_type=record_type, record_id=record.pk)
            | Q(parent_type=record_type, parent_id=record.pk)
        )
        .select_related("actor")
        .order_by("-id")
    )


def audit_events(
    *,
    record_type: str | None = None,
    record_id: int | None = None,
    actor_id: int | None = None,
    since: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Events filtered by record, person and time, newest first (the `patron audit` query)."""
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    if record_type is not None:
        events = events.filter(record_type=record_type)
    if record_id is not None:
        events = events.filter(record_id=record_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    return events


def model_for(record_type: str) -> type[models.Model] | None:
    """The model a record type names ("accounts.account"), None when none does."""
    try:
        return apps.get_model(record_type)
    except (LookupError, ValueError):
        return None


def timeline(events: Iterable[AuditEvent]) -> list[TimelineEntry]:
    """The events as people read them. Related records named in the changes are loaded
    with one query per related model, whatever the number of events."""
    events = list(events)
    related = _related_names(events)
    currencies = _currencies(events)
    return [
        TimelineEntry(
            event=event,
            record_label=_record_label(event.record_type),
            action_label=str(ACTION_LABELS.get(event.action, event.action.replace("_", " "))),
            source_label=str(AuditSource(event.source).label)
            if event.source in AuditSource.values
            else event.source,
            changes=_change_lines(event, related, currencies),
        )
        for event in events
    ]


def _record_label(record_type: str) -> str:
    model = model_for(record_type)
    return str(model._meta.verbose_name) if model is not None else record_type


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _related_names(events: list[AuditEvent]) -> dict[type[models.Model], dict[Any, str]]:
    """For every foreign key value in the events, the related record's name."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for event in events:
        model = model_for(event.record_type)
        for name, values in (event.changes or {}).items():
            column = _field(model, name)
            if column is None or not column.is_relation or column.many_to_many:
                continue
            target = column.related_model
            if not isinstance(values, list):
                continue
            for value in values:
                if value is not None and isinstance(target, type):
                    wanted[target].add(value)
    return {
        target: {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in=ids)}
        for target, ids in wanted.items()
    }


def _change_lines(
    event: AuditEvent,
    related: dict[type[models.Model], dict[Any, str]],
    currencies: dict[tuple[str, int], str],
) -> list[ChangeLine]:
    model = model_for(event.record_type)
    currency = _currency_of(event, currencies)
    lines = []
    for name, values in (event.changes or {}).items():
        column = _field(model, name)
        label = str(column.verbose_name) if column is not None else name.replace("_", " ")
        if isinstance(values, list) and len(values) == 2:
            old, new = values
            lines.append(
                ChangeLine(
                    field=name,
                    label=label,
                    old=_readable(column, old, currency, related),
                    new=_readable(column, new, currency, related),
                    is_creation=old is None,
                )
            )
        else:
            # A fact the operation carried (a handoff note), not a field that changed.
            lines.append(
                ChangeLine(
                    field=name,
                    label=label,
                    old=EMPTY,
                    new=_readable(column, values, currency, related),
                    is_creation=True,
                )
            )
    return lines


def _currencies(events: list[AuditEvent]) -> dict[tuple[str, int], str]:
    """The current currency of every record among the events that has one: one query
    per type of record, whatever the number of events."""
    ids: dict[str, set[int]] = defaultdict(set)
    for event in events:
        ids[event.record_type].add(event.record_id)
        if event.parent_type and event.parent_id is not None:
            ids[event.parent_type].add(event.parent_id)
    found: dict[tuple[str, int], str] = {}
    for record_type, record_ids in ids.items():
        model = model_for(record_type)
        if model is None or _field(model, "currency") is None:
            continue
        rows = model._default_manager.filter(pk__in=record_ids).values_list("pk", "currency")
        found.update({(record_type, pk): currency for pk, currency in rows})
    return found


def _currency_of(event: AuditEvent, currencies: dict[tuple[str, int], str]) -> str | None:
    """The currency an event's minor-unit amounts are in: the record's own `currency`
    as the event set it, else as the record has it now, else its parent's (a deal's
    line is in the deal's currency)."""
    change = (event.changes or {}).get("currency")
    if isinstance(change, list) and change and change[-1]:
        return str(change[-1])
    own = currencies.get((event.record_type, event.record_id))
    if own is None and event.parent_id is not None:
        return currencies.get((event.parent_type, event.parent_id))
    return own


def _readable(
    column: models.Field[Any, Any] | None,
    value: Any,
    currency: str | None,
    related: dict[type[models.Model], dict[Any, str]],
) -> str:
    if value is None or value == "":
        return EMPTY
    if column is None:
        return str(value)
    if column.is_relation and isinstance(column.related_model, type):
        return related.get(column.related_model, {}).get(value, f"#{value}")
    if column.choices:
        labels = {str(key): label for key, label in column.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(column, models.BooleanField):
        return _("yes") if value else _("no")
    if column.name.endswith("_minor") and currency and isinstance(value, int):
        try:
            return format_money(Money.from_minor(value, currency))
        except CurrencyError:
            return str(value)
    if isinstance(column, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is None:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(column, models.DateField) and isinstance(value, str):
        day: date | None = parse_date(value)
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else value
    return str(value)

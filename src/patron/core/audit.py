"""The audit trail's one writer.

Services write events with `record_created`, `record_changed` and `record_deleted`,
in their own transaction (see `core.operations.service`): a refused or rolled-back
operation leaves no event. Each event carries the operation's name and id and the
interface it came through, set by `core.operations`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from patron.core.models import AuditEvent
from patron.core.operations import current_operation, current_request_id, current_source

# Fields every business record has that say nothing about the business: the trail
# records them once (when, who) in its own columns.
# A password hash is a secret, not a fact about the business: a password change is
# recorded as the event itself ("set_password"), never with its values.
_BOOKKEEPING_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "version", "created_by", "password", "last_login"}
)


def record_type_of(model: type[models.Model] | models.Model) -> str:
    """The stable name of a record's type in the trail: "accounts.account"."""
    return model._meta.label_lower


def _plain(value: Any) -> Any:
    """A stored value as JSON keeps it: ids, codes, integers, ISO dates, exact decimals."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def audited_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The concrete fields whose changes the trail records."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in _BOOKKEEPING_FIELDS and not field.primary_key
    ]


def snapshot(record: models.Model) -> dict[str, Any]:
    """The record's audited values as the trail stores them, keyed by field name.

    Taken before a change and handed to `record_changed` after it.
    """
    return {
        field.name: _plain(getattr(record, field.attname)) for field in audited_fields(type(record))
    }


def _parent_of(record: models.Model) -> tuple[str, int | None]:
    """The record's parent as its model's `audit_parent` names it ("", None if none)."""
    name = getattr(type(record), "audit_parent", None)
    if not name:
        return "", None
    column = record._meta.get_field(name)
    target = column.related_model
    if not isinstance(target, type):
        return "", None
    return record_type_of(target), getattr(record, f"{name}_id")


def _write(
    *,
    actor: Any,
    action: str,
    record: models.Model,
    changes: Mapping[str, Any],
    record_id: int | None = None,
) -> AuditEvent:
    operation = current_operation()
    if operation is None:
        # Only operations write business records; one called outside `@service` is a
        # programming error the contract test would also catch.
        raise RuntimeError("Audit events are written by operations (decorate with @service).")
    parent_type, parent_id = _parent_of(record)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) is not None else None,
        source=current_source(),
        request_id=current_request_id(),
        operation=operation.name,
        operation_id=operation.id,
        record_type=record_type_of(record),
        record_id=record.pk if record_id is None else record_id,
        action=action,
        changes=dict(changes),
        parent_type=parent_type,
        parent_id=parent_id,
    )


def record_created(
    record: models.Model,
    *,
    actor: Any,
    action: str = "create",
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """The record was born: each audited field that holds a value, from nothing, and
    `extra` facts no column holds (the contacts a new activity names)."""
    after = snapshot(record)
    changes: dict[str, Any] = {
        name: [None, value] for name, value in after.items() if value not in (None, "")
    }
    if extra:
        changes.update({name: _plain(value) for name, value in extra.items()})
    return _write(actor=actor, action=action, record=record, changes=changes)


def record_changed(
    record: models.Model,
    *,
    actor: Any,
    before: Mapping[str, Any],
    action: str = "update",
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent | None:
    """Each field that differs from `before`, old → new. An edit that changed nothing
    writes nothing; a named state change (`action` other than "update") is recorded
    even when no field moved, with `extra` facts it carries (a handoff note)."""
    after = snapshot(record)
    changes: dict[str, Any] = {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
    if extra:
        changes.update({name: _plain(value) for name, value in extra.items()})
    if not changes and action == "update":
        return None
    return _write(actor=actor, action=action, record=record, changes=changes)


def record_deleted(
    record: models.Model, *, actor: Any, action: str = "delete", record_id: int | None = None
) -> AuditEvent:
    """The record is gone (or archived): each value it held, to nothing. Call it before
    the delete, while the record still has its id (or pass `record_id`)."""
    before = snapshot(record)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    return _write(actor=actor, action=action, record=record, changes=changes, record_id=record_id)


def record_bulk_created(records: Iterable[models.Model], *, actor: Any) -> list[AuditEvent]:
    """One creation event per record written together (lines of a deal or an order)."""
    return [record_created(record, actor=actor) for record in records]

"""The checks the org services share: loading a record for a change, the trees that
must stay trees, and the preferences a person or the company picks from a list.

Users, teams, territories and products are reference data every signed-in user reads
(the owner pickers list them): an unknown id is `NotVisible`, and changing one is the
configurers' work (`Capability.CONFIGURE`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar
from zoneinfo import available_timezones

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _

from patron.core.audit import record_changed, snapshot
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.models import BusinessModel, update_versioned
from patron.core.validation import require_choice
from patron.org.errors import OrgErrorCode

M = TypeVar("M", bound=models.Model)


def load_for_change(model: type[M], pk: int) -> M:
    """The record, locked until the end of the operation (two edits of one record
    queue instead of racing); an unknown id is NotVisible, as an invisible one is."""
    record = model._default_manager.select_for_update().filter(pk=pk).first()
    if record is None:
        raise NotVisible(str(model._meta.verbose_name))
    return record


def require_unique(
    model: type[models.Model],
    *,
    field: str,
    value: str,
    exclude_pk: int | None = None,
    case_insensitive: bool = False,
) -> None:
    """Refuse `value` when another row of `model` already holds it (names and codes
    people pick from lists must tell records apart)."""
    lookup = f"{field}__iexact" if case_insensitive else field
    taken = model._default_manager.filter(**{lookup: value})
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise RuleViolation(
            field, CommonErrorCode.DUPLICATE, _("Another record already uses this value.")
        )


def require_no_cycle(
    start_id: int | None, record_id: int | None, parent_of: Callable[[int], int | None], field: str
) -> None:
    """The tree stays a tree: walking up from the proposed parent `start_id` must not
    reach the record itself (a team under its own sub-team would see itself twice and
    roll its numbers up forever). `parent_of` answers one step up."""
    seen: set[int] = set()
    current = start_id
    while current is not None and current not in seen:
        if current == record_id:
            raise RuleViolation(
                field,
                OrgErrorCode.PARENT_CYCLE,
                _("A record cannot sit under itself or one of the records below it."),
            )
        seen.add(current)
        current = parent_of(current)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def require_time_zone(value: str, *, field: str = "time_zone", blank: bool = True) -> str:
    """A known IANA zone name ("Asia/Bangkok"); a typo would silently fall back to UTC
    and move every "today" and every period boundary."""
    name = (value or "").strip()
    if (blank and not name) or name in _time_zones() or name == "UTC":
        return name
    raise RuleViolation(field, OrgErrorCode.UNKNOWN_TIME_ZONE, _("Choose a known time zone."))


def require_language(value: str, *, field: str = "language") -> str:
    """One of the languages Patron is translated into, or blank (the browser's)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return require_choice((value or "").strip(), field=field, choices=codes, blank=True)


def record_created_with(record: models.Model, *, actor: Any, extra: dict[str, Any]) -> None:
    """A creation event that also carries facts outside the record's columns (the
    members of a new territory): the same values `record_created` writes, plus `extra`."""
    empty = {name: value for name, value in snapshot(record).items() if value in (None, "")}
    record_changed(record, actor=actor, before=empty, action="create", extra=extra)


def write_changes(
    record: BusinessModel,
    *,
    actor: Any,
    before: dict[str, Any],
    version: int,
    extra: dict[str, Any] | None = None,
) -> None:
    """Write the columns that really moved since `before` (a versioned update) and
    their event. An edit that changes nothing writes nothing — no new version, no
    event; facts in `extra` (members of a many-to-many) count as a change."""
    fields = [name for name, value in snapshot(record).items() if before.get(name) != value]
    if fields or extra:
        update_versioned(record, expected_version=version, fields=fields)
    record_changed(record, actor=actor, before=before, extra=extra or None)

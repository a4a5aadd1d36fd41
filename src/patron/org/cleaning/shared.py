"""What the clean steps of configuration records share: the values of a unique column a
batch names that are already held, read once for every row.

Names and codes people pick from lists (usernames, team names, territory codes,
product SKUs …) must tell records apart. `services.checks.require_unique` asks the
database about one value; a clean step asks a `Taken` loaded beforehand for the whole
batch, which also knows the values two rows of the batch share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from patron.core.errors import CommonErrorCode, RuleViolation

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Taken:
    """The values of a unique column, among those a batch names, that a new row may
    not take: held by a stored row, or named by more than one row of the batch (an
    import cannot write both). Compared trimmed, and ignoring case where the column is
    unique ignoring case."""

    stored: frozenset[str] = frozenset()
    repeated: frozenset[str] = frozenset()
    case_insensitive: bool = False

    def key(self, value: str) -> str:
        return value.lower() if self.case_insensitive else value

    def require_free(self, value: str, *, field: str) -> str:
        """`value` (already trimmed), or the refusal `require_unique` gives a value
        another record holds."""
        key = self.key(value)
        if key in self.stored or key in self.repeated:
            raise duplicate_value(field)
        return value


def taken_values(
    model: type[models.Model],
    *,
    field: str,
    values: Iterable[str | None],
    case_insensitive: bool = False,
) -> Taken:
    """The values of `model.field` among `values` (one per row of the batch) that a new
    row may not take: one query, none when the batch names no value."""
    keys = [
        value.strip().lower() if case_insensitive else value.strip()
        for value in values
        if isinstance(value, str) and value.strip()
    ]
    if not keys:
        return Taken(case_insensitive=case_insensitive)
    rows = model._default_manager.all()
    if case_insensitive:
        rows = rows.annotate(patron_key=Lower(field)).filter(patron_key__in=set(keys))
    else:
        rows = rows.filter(**{f"{field}__in": set(keys)})
    stored = rows.values_list(field, flat=True)
    return Taken(
        stored=frozenset(
            str(value).lower() if case_insensitive else str(value) for value in stored
        ),
        repeated=repeated(keys),
        case_insensitive=case_insensitive,
    )


def repeated(keys: Iterable[K]) -> frozenset[K]:
    """The keys that occur more than once."""
    return frozenset(key for key, count in Counter(keys).items() if count > 1)


def duplicate_value(field: str) -> RuleViolation:
    """The refusal of a value another record already holds."""
    return RuleViolation(
        field, CommonErrorCode.DUPLICATE, _("Another record already uses this value.")
    )

"""What the read-back of every entity shares: the counts it reports, the batches it
reads, the actor it cleans as, and the undoing of what a row's people became since.

The rules each undoing keeps are listed in `patron.bulk.cleaning`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Count, F, Model, QuerySet
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from patron.core.cleaning import Cleaned, FieldError
from patron.core.errors import DomainError
from patron.core.models import CompanySettings
from patron.core.money import Money
from patron.core.validation import require_currency
from patron.org.capabilities import Capability
from patron.org.cleaning.shared import Taken
from patron.org.models import User
from patron.org.policy import can

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

BATCH_SIZE = 2000
# How many refusals per entity are kept to report.
REPORTED = 5

C = TypeVar("C", bound="DataclassInstance")
R = TypeVar("R")
M = TypeVar("M", bound=Model)
K = TypeVar("K", bound=Hashable)
# Cleans one batch of stored rows: (row id, what its create's clean step said) per row.
Cleaner = Callable[[list[Any]], Iterable[tuple[int, Cleaned[Any]]]]


@dataclass(frozen=True, slots=True)
class Refusal:
    """One stored row its create's clean step refuses: the row, the field, the code."""

    record_id: int
    field: str | None
    code: str


@dataclass(slots=True)
class CleanCount:
    """How many stored rows of one entity were cleaned and how many were refused."""

    entity: str
    rows: int = 0
    refused: int = 0
    first: list[Refusal] = field(default_factory=list)

    def add(self, record_id: int, cleaned: Cleaned[Any]) -> None:
        self.rows += 1
        if cleaned.errors:
            self.refused += 1
            if len(self.first) < REPORTED:
                error = cleaned.errors[0]
                self.first.append(Refusal(record_id, error.field, error.code))


def checking_actor() -> User | None:
    """An active user who sees everything and may own and change every sales record
    (sales ops or an administrator), the lowest id first; None when there is none."""
    for user in User.objects.filter(is_active=True).order_by("pk"):
        if all(
            can(user, capability)
            for capability in (
                Capability.SEE_EVERYTHING,
                Capability.CHANGE_RECORDS,
                Capability.SELL,
            )
        ):
            return user
    return None


def count(entity: str, rows: QuerySet[Any], limit: int | None, clean: Cleaner) -> CleanCount:
    """Every row of `rows` (the first `limit` when given), in batches of `BATCH_SIZE`
    by id, cleaned by `clean`."""
    counted = CleanCount(entity)
    for batch in batches(rows.order_by("pk"), limit):
        for record_id, cleaned in clean(batch):
            counted.add(record_id, cleaned)
    return counted


def batches(rows: QuerySet[Any], limit: int | None) -> Iterator[list[Any]]:
    last = 0
    left = limit
    while left is None or left > 0:
        size = BATCH_SIZE if left is None else min(BATCH_SIZE, left)
        batch = list(rows.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk
        if left is not None:
            left -= len(batch)


def refused(error: DomainError) -> Cleaned[Any]:
    """A row refused before its clean step ran: its stored values make no input."""
    return Cleaned(errors=[FieldError.of(error)])


def each_row(
    rows: Iterable[M], build: Callable[[M], Any], clean: Callable[[M, Any], Cleaned[Any]]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    """Each row's input built from its stored values and cleaned; a row whose stored
    values make no input (an amount in an unknown currency) is refused as such."""
    for row in rows:
        try:
            raw = build(row)
        except DomainError as error:
            yield row.pk, refused(error)
        else:
            yield row.pk, clean(row, raw)


def money(minor: int, currency: str, *, field: str = "currency") -> Money:
    """A stored amount as the create takes it; an unknown currency is refused."""
    return Money.from_minor(minor, require_currency(currency, field=field))


def as_active(users: Iterable[User]) -> dict[int, User]:
    """The users by id, each active: a user who has left since was active when the row
    naming them was created. Only the objects in memory change; nothing is saved."""
    found = {}
    for user in users:
        user.is_active = True
        found[user.pk] = user
    return found


def users_then(user_ids: Iterable[int | None]) -> dict[int, User]:
    """The named users as they were when the rows naming them were created (one query):
    those who have left since are active again (`as_active`)."""
    wanted = {pk for pk in user_ids if pk is not None}
    return as_active(User.objects.filter(pk__in=wanted)) if wanted else {}


def with_users(context: C, name: str, user_ids: Iterable[int | None]) -> C:
    """The context with the named users who have left since among its users under
    `name` (its owners, its people …), active again (`as_active`)."""
    known: Mapping[int, User] = getattr(context, name)
    wanted = {pk for pk in user_ids if pk is not None} - set(known)
    if not wanted:
        return context
    left = as_active(User.objects.filter(pk__in=wanted))
    if not left:
        return context
    return dataclasses.replace(context, **{name: {**known, **left}})


def by_actor(
    rows: Iterable[M], actor_id: Callable[[M], int | None], default: User
) -> Iterator[tuple[User, list[M]]]:
    """The rows grouped by the user whose create wrote them (its actor: the author of a
    note, who submitted a forecast), as they were then (`users_then`); rows naming
    nobody, or a user deleted since, go with `default`."""
    rows = list(rows)
    users = users_then(actor_id(row) for row in rows)
    users.setdefault(default.pk, default)
    groups: dict[int, list[M]] = defaultdict(list)
    for row in rows:
        pk = actor_id(row)
        groups[pk if pk in users else default.pk].append(row)
    for pk, grouped in groups.items():
        yield users[pk], grouped


def company_zone() -> tzinfo:
    return CompanySettings.current().zone


def day_in(zone: tzinfo, moment: datetime) -> date:
    """The company's date at `moment`: the day a row created then was created on."""
    return timezone.localdate(moment, timezone=zone)


def earlier(rows: Iterable[tuple[K, int, R]]) -> dict[int, list[R]]:
    """For entries (group, id, value), the values of each entry's group that were
    created before it (a lower id), by the entry's id."""
    by_group: dict[K, list[tuple[int, R]]] = defaultdict(list)
    for group, pk, value in rows:
        by_group[group].append((pk, value))
    found: dict[int, list[R]] = {}
    for entries in by_group.values():
        entries.sort(key=lambda entry: entry[0])
        for index, (pk, _value) in enumerate(entries):
            found[pk] = [value for _pk, value in entries[:index]]
    return found


def held_by_others(
    model: type[Model], field: str, values: Iterable[str], *, case_insensitive: bool = False
) -> Taken:
    """The `Taken` of a batch's values of a unique column: those more than one stored
    row holds (compared trimmed, ignoring case where the column is unique ignoring
    case). The rows' own values are taken by themselves, so only another row taking
    the same one refuses a row."""
    fold = str.lower if case_insensitive else str
    return Taken(
        stored=held_twice(model, field, {fold(value.strip()) for value in values}, fold=fold),
        case_insensitive=case_insensitive,
    )


def held_twice(
    model: type[Model], field: str, keys: Iterable[str], *, fold: Callable[[str], str] = str
) -> frozenset[str]:
    """Of `keys` — values of `model.field` as a rule compares them (`fold`: `str.lower`,
    `str.upper`, or `str` for as they are) — those more than one stored row holds (one
    query)."""
    wanted = {key for key in keys if key}
    if not wanted:
        return frozenset()
    folds: dict[Callable[[str], str], Any] = {str.lower: Lower(field), str.upper: Upper(field)}
    shared = (
        model._default_manager.annotate(patron_key=folds.get(fold, F(field)))
        .filter(patron_key__in=wanted)
        .order_by()
        .values("patron_key")
        .annotate(holders=Count("pk"))
        .filter(holders__gt=1)
        .values_list("patron_key", flat=True)
    )
    return frozenset(shared)

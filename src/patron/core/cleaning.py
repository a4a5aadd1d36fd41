"""The clean step of a create operation: raw values in, a checked row or every field
error out — without touching the database.

A create service is split in two (issue: one write path, the seam for bulk work):
a pure *clean* function that takes the raw values and a context preloaded once (the
company's settings, dated rates, look-up maps of users, accounts, products …) and
returns the checked values or the list of what is wrong with them, and the *write*
step of the service. The page and the API call the service, which builds the context
for one row; an import or the demo builds it once for a whole file and cleans
thousands of rows with no query per row, with the same rules and the same messages.

Unlike a service, which stops at the first refusal, a clean step reports every field
that is wrong, so an import's rejected-row report names them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from patron.core.errors import CommonErrorCode, DomainError, Forbidden, NotVisible, RuleViolation

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One thing wrong with one field of a row: the field, a stable code, a message."""

    field: str | None
    code: str
    message: str

    @classmethod
    def of(cls, error: DomainError) -> FieldError:
        return cls(error.field, error.code, error.message)


@dataclass(slots=True)
class Cleaned(Generic[T]):
    """The outcome of cleaning one row: its values when nothing is wrong, else every
    error found."""

    values: T | None = None
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def value_or_raise(self) -> T:
        """The values, or the first error as the refusal a service raises."""
        if self.errors or self.values is None:
            first = self.errors[0] if self.errors else FieldError(None, "invalid", "")
            raise RuleViolation(first.field, first.code, first.message)
        return self.values


class ErrorCollector:
    """Runs checks and keeps every refusal instead of stopping at the first one."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    @contextmanager
    def field(self) -> Iterator[None]:
        """A block whose refusal is recorded; the block's result is then missing."""
        try:
            yield
        except DomainError as error:
            self.errors.append(FieldError.of(error))

    def check(self, function: Callable[[], T], default: T) -> T:
        """`function()`, or `default` after recording its refusal."""
        try:
            return function()
        except DomainError as error:
            self.errors.append(FieldError.of(error))
            return default


def check_named(errors: ErrorCollector, field: str, function: Callable[[], T]) -> T | None:
    """`function()`, or None after recording its refusal — under `field` when the
    refusal names none (a Forbidden owner, an account that does not exist for them)."""
    try:
        return function()
    except DomainError as error:
        errors.errors.append(FieldError(error.field or field, error.code, error.message))
        return None


def raise_first(cleaned: Cleaned[T]) -> T:
    """The values, or the first error raised as the service raises it: a record the
    actor may not see stays a NotVisible (404), one they may not change a Forbidden
    (403), anything else a RuleViolation naming its field."""
    if cleaned.errors:
        first = cleaned.errors[0]
        if first.code == CommonErrorCode.FORBIDDEN:
            raise Forbidden(first.message)
        if first.code == CommonErrorCode.NOT_FOUND:
            refusal = NotVisible.__new__(NotVisible)
            DomainError.__init__(refusal, None, first.code, first.message)
            raise refusal
    return cleaned.value_or_raise()


def ids_of(values: Iterable[int | None]) -> set[int]:
    """The ids a batch of rows names (a context loads each once)."""
    return {value for value in values if value is not None}

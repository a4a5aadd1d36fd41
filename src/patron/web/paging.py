"""Pagination of list pages, with a count that never reads a whole big list.

A list's total is counted up to `COUNT_LIMIT` rows and no further: exact below it, and
shown as "more than 10,000" above it — never a guessed figure presented as exact
(decision 0021). Counting a director's half-million deals would read them all on every
page; nobody pages through ten thousand rows, they search or filter, and the total
then becomes exact again. Pages are offered up to the limit.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PER_PAGE = 25
# The largest total counted exactly; a bigger list says "more than" this.
COUNT_LIMIT = 10_000


class BoundedPaginator(Paginator):
    """A paginator whose count reads at most `limit + 1` rows — of `rows_to_count` when
    given (rows known to be as many as the list's, cheaper to count)."""

    limit = COUNT_LIMIT

    def __init__(self, *args: Any, rows_to_count: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows_to_count = rows_to_count

    @cached_property
    def counted(self) -> int:
        """The rows found, stopping one past the limit."""
        rows = self.object_list if self.rows_to_count is None else self.rows_to_count
        if isinstance(rows, QuerySet):
            # Only ids, in no order: the page's annotations and sort cost nothing here.
            return rows.order_by().values("pk")[: self.limit + 1].count()
        return min(len(rows), self.limit + 1)

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self.counted, self.limit)

    @property
    def is_bounded(self) -> bool:
        """True when the list holds more rows than were counted."""
        return self.counted > self.limit


def page_of(
    rows: QuerySet,
    number: str | None,
    *,
    per_page: int = PER_PAGE,
    rows_to_count: QuerySet | None = None,
) -> Page:
    """The requested page; a missing, malformed or out-of-range number gives the
    nearest real page instead of an error, so a stale link still shows something."""
    return BoundedPaginator(rows, per_page, rows_to_count=rows_to_count).get_page(number)

"""Pagination of list pages."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PER_PAGE = 25


def page_of(rows: QuerySet, number: str | None, *, per_page: int = PER_PAGE) -> Page:
    """The requested page; a missing, malformed or out-of-range number gives the
    nearest real page instead of an error, so a stale link still shows something."""
    return Paginator(rows, per_page).get_page(number)

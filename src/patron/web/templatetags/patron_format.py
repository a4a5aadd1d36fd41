"""Filters that show stored values the way people read them: money in its currency in
the active language's format, history values whatever their type."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import formats

from patron.core.money import Money, format_money

register = template.Library()

EMPTY = "—"


@register.filter
def money(value: Any, currency: str | None = None) -> str:
    """`{{ deal.amount_minor|money:deal.currency }}` for integer minor units, or
    `{{ summary.open_amount|money }}` for a Money."""
    if isinstance(value, Money):
        return format_money(value)
    if value is None or value == "" or not currency:
        return EMPTY
    return format_money(Money.from_minor(int(value), currency))


@register.filter
def readable(value: Any) -> str:
    """A history value: money formatted, dates in the local short format, none as a dash."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Money):
        return format_money(value)
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)

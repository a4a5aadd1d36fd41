"""Gapless document numbers: Q-2026-000042, SO-2026-000001, INV-2026-000007."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from patron.core.models import Counter


def next_value(key: str) -> int:
    """The next value of counter `key`. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value() must run inside the transaction that uses the number.")
    if Counter.objects.filter(key=key).update(value=F("value") + 1) == 0:
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, value=1)
        except IntegrityError:
            # Another transaction created it first; take the next value after theirs.
            Counter.objects.filter(key=key).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(key=key)


def next_number(prefix: str, year: int) -> str:
    """A document number with its prefix and year, e.g. next_number("INV", 2026)."""
    value = next_value(f"{prefix}-{year}")
    return f"{prefix}-{year}-{value:06d}"

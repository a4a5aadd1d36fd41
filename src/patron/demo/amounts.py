"""Integer arithmetic for generated money: amounts are scaled by whole percentages and
rounded to whole steps, never passed through a float."""

from __future__ import annotations

from random import Random


def scaled(rng: Random, amount: int, low_percent: int, high_percent: int) -> int:
    """`amount` × a random whole percentage in [low, high], rounded down."""
    return amount * rng.randint(low_percent, high_percent) // 100


def rounded(amount: int, step: int) -> int:
    """`amount` to the nearest multiple of `step` (halves up)."""
    return (amount + step // 2) // step * step

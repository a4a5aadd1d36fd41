"""Dated exchange rates: monthly, walking gently, and the conversions that use them.

Every base-currency amount in the demo data is `convert_minor` of the amount at the
rate valid on the transaction's date — the same function the services use — so a KPI
over generated data gives the answer the services would have given.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random

from patron.core.currency import convert_minor
from patron.demo.clock import Clock
from patron.demo.markets import BASE_CURRENCY, START_RATES

RATE_PLACES = Decimal("0.000001")


class RateBook:
    """One rate per foreign currency per month, from before the history starts to today."""

    def __init__(self, rng: Random, clock: Clock) -> None:
        first = date.fromordinal(clock.start_ord - 62).replace(day=1)
        self._first_month = first.year * 12 + first.month - 1
        last_month = clock.today.year * 12 + clock.today.month - 1
        self.rates: dict[str, list[Decimal]] = {}
        for currency, start in START_RATES.items():
            rate = start
            walk = []
            for _month in range(self._first_month, last_month + 1):
                walk.append(rate)
                # A random walk with a pull back towards the start: ±1.2 % a month.
                drift = (start - rate) / start * Decimal("0.08")
                step = Decimal(str(round(rng.gauss(0, 0.012), 5))) + drift
                rate = (rate * (1 + step)).quantize(RATE_PLACES)
            self.rates[currency] = walk
        self.first_day = date(first.year, first.month, 1).toordinal()
        self._month_index: dict[int, int] = {}

    def rows(self) -> list[tuple[str, date, Decimal]]:
        """(currency, valid from, rate) for every month."""
        rows = []
        for currency, walk in self.rates.items():
            for offset, rate in enumerate(walk):
                year, month = divmod(self._first_month + offset, 12)
                rows.append((currency, date(year, month + 1, 1), rate))
        return rows

    def rate(self, currency: str, ordinal: int) -> Decimal:
        """The rate valid on the day: the latest monthly rate from on or before it."""
        index = self._month_index.get(ordinal)
        if index is None:
            day = date.fromordinal(ordinal)
            index = day.year * 12 + day.month - 1 - self._first_month
            if index < 0:
                raise ValueError(f"No {currency} rate before {date.fromordinal(self.first_day)}")
            self._month_index[ordinal] = index
        walk = self.rates[currency]
        return walk[min(index, len(walk) - 1)]

    def base(self, amount_minor: int, currency: str, ordinal: int) -> int:
        """`amount_minor` of `currency` in base-currency minor units on the day."""
        if currency == BASE_CURRENCY:
            return amount_minor
        return convert_minor(
            amount_minor,
            rate=self.rate(currency, ordinal),
            currency=currency,
            base_currency=BASE_CURRENCY,
        )

    def to_currency(self, usd_minor: int, currency: str, ordinal: int) -> int:
        """A USD list price in `currency` on the day, rounded to a price a person would
        quote (whole units of ten for THB and PHP, whole units for EUR)."""
        if currency == BASE_CURRENCY:
            return usd_minor
        step = 1_000 if currency in ("THB", "PHP") else 100
        value = Decimal(usd_minor) / self.rate(currency, ordinal)
        return max(step, int(value / step + Decimal("0.5")) * step)

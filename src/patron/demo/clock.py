"""Time in the generated history, as integers.

Millions of timestamps are generated, so instants are plain integers — minutes since
0001-01-01 00:00 UTC (a date's ordinal × 1440 + the minute of the day) — and are
formatted only when written, from tables of pre-formatted days and times. The written
form, "YYYY-MM-DD HH:MM:SS" in UTC, is what Django itself stores on SQLite and what
PostgreSQL reads into a timestamptz on Django's UTC session.
"""

from __future__ import annotations

from datetime import date
from random import Random

from patron.core.periods import shift_years

MINUTES_PER_DAY = 1_440
HISTORY_YEARS = 3
# Every generated instant is in [01:00, 17:00) UTC: the same calendar day in UTC and in
# the company's time zone (Bangkok, UTC+7), so instants and dates never disagree.
FIRST_MINUTE = 60
LAST_MINUTE = 17 * 60 - 1
_TIMES = [f"{minute // 60:02d}:{minute % 60:02d}:00" for minute in range(MINUTES_PER_DAY)]


class Clock:
    """The generated history: three years ending the day before `today`."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.today_ord = today.toordinal()
        self.start = shift_years(today, -HISTORY_YEARS)
        self.start_ord = self.start.toordinal()
        # The first moment that is not history: planned work starts here.
        self.now = self.today_ord * MINUTES_PER_DAY
        self._first = self.start_ord - 800
        self._days = [
            date.fromordinal(ordinal).isoformat()
            for ordinal in range(self._first, self.today_ord + 2_000)
        ]

    def day(self, ordinal: int) -> str:
        """ISO date of a day ordinal."""
        index = ordinal - self._first
        if 0 <= index < len(self._days):
            return self._days[index]
        return date.fromordinal(ordinal).isoformat()

    def year(self, ordinal: int) -> int:
        return int(self.day(ordinal)[:4])

    def instant(self, minutes: int) -> str:
        """The stored form of an instant given in minutes."""
        ordinal, minute = divmod(minutes, MINUTES_PER_DAY)
        return f"{self.day(ordinal)} {_TIMES[minute]}"


def at(ordinal: int, minute: int) -> int:
    """The instant `minute` minutes into the day `ordinal`."""
    return ordinal * MINUTES_PER_DAY + minute


def day_of(minutes: int) -> int:
    return minutes // MINUTES_PER_DAY


def work_minute(rng: Random, start_hour: int) -> int:
    """A minute within eight working hours from `start_hour` UTC, kept inside the
    company-day window."""
    low = max(FIRST_MINUTE, start_hour * 60)
    high = min(LAST_MINUTE, low + 8 * 60)
    return rng.randint(low, high)


def weekday(ordinal: int) -> int:
    """0 for Monday … 6 for Sunday (ordinal 1, 0001-01-01, was a Monday)."""
    return (ordinal - 1) % 7


def next_workday(ordinal: int) -> int:
    """The day itself on Monday to Friday, else the Monday after."""
    day = weekday(ordinal)
    return ordinal + (7 - day if day >= 5 else 0)


def quarter_start(ordinal: int) -> int:
    day = date.fromordinal(ordinal)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1).toordinal()


def quarter_end(ordinal: int) -> int:
    """The last day of the calendar quarter containing `ordinal`."""
    day = date.fromordinal(ordinal)
    month = 3 * ((day.month - 1) // 3) + 4
    year = day.year + (month > 12)
    return date(year, (month - 1) % 12 + 1, 1).toordinal() - 1


def quarter_starts(first: int, last: int) -> list[int]:
    """Ordinals of the first days of every quarter overlapping [first, last]."""
    starts = []
    ordinal = quarter_start(first)
    while ordinal <= last:
        starts.append(ordinal)
        ordinal = quarter_end(ordinal) + 1
    return starts


def add_months(ordinal: int, months: int) -> int:
    """The same day `months` later (clipped to the month's end)."""
    day = date.fromordinal(ordinal)
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate).toordinal()
        except ValueError:
            continue
    raise ValueError(f"No day in {year}-{month + 1}")

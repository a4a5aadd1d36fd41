"""Half-open periods [start, end) in the company's time zone and fiscal calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


def shift_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) in the company's time zone. Half-open, so months tile exactly."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("A period must end after it starts.")

    def __contains__(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Period:
        length = self.end - self.start
        return Period(self.start - length, self.start)

    def same_last_year(self) -> Period:
        return Period(shift_years(self.start, -1), shift_years(self.end, -1))


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day` (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_of(day: date) -> Period:
    """The calendar month containing `day`, [first of the month, first of the next)."""
    start = day.replace(day=1)
    return Period(start, add_months(start, 1))


def fiscal_year_of(day: date, start_month: int) -> int:
    """The fiscal year containing `day`, named by the calendar year it ends in.

    With a fiscal year starting in April, 2026-05-01 is in FY2027 (April 2026 – March 2027);
    with January it is simply the calendar year.
    """
    if start_month == 1:
        return day.year
    return day.year + 1 if day.month >= start_month else day.year


def fiscal_year(year: int, start_month: int) -> Period:
    """The fiscal year named `year` (see fiscal_year_of) as a period."""
    if start_month == 1:
        return Period(date(year, 1, 1), date(year + 1, 1, 1))
    return Period(date(year - 1, start_month, 1), date(year, start_month, 1))


# Months in a fiscal quarter.
QUARTER_MONTHS = 3


def fiscal_quarter_of(day: date, start_month: int) -> tuple[int, int]:
    """The fiscal year and quarter (1–4) containing `day`: quarters count from the
    fiscal year's first month, so with an April start, May is in Q1 and January in Q4."""
    months_in = (day.month - start_month) % 12
    return fiscal_year_of(day, start_month), months_in // QUARTER_MONTHS + 1


def fiscal_quarter(year: int, quarter: int, start_month: int) -> Period:
    """Quarter `quarter` (1–4) of the fiscal year named `year`, as a period."""
    if not 1 <= quarter <= 4:
        raise ValueError("A fiscal year has quarters 1 to 4.")
    start = add_months(fiscal_year(year, start_month).start, QUARTER_MONTHS * (quarter - 1))
    return Period(start, add_months(start, QUARTER_MONTHS))


# The years a named period may fall in: business records, not history or science fiction.
NAMED_YEARS = range(1900, 3000)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^FY(\d{4})$")
# The names of the periods relative to today, and how each is found.
RELATIVE_PERIODS = (
    "this-month",
    "last-month",
    "this-quarter",
    "last-quarter",
    "this-year",
    "last-year",
)


def named_period(name: str, *, start_month: int, today: date) -> Period | None:
    """The period a name gives in the company's fiscal calendar, or None when the name
    is not one: `2026-11` (a calendar month), `2026-Q3` (a fiscal quarter of FY2026),
    `FY2026` (the fiscal year ending in 2026), and `this-month`, `last-month`,
    `this-quarter`, `last-quarter`, `this-year`, `last-year` counted from `today` (the
    company's date). Case and surrounding spaces do not matter."""
    text = name.strip().upper()
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        valid = 1 <= month <= 12 and year in NAMED_YEARS
        return month_of(date(year, month, 1)) if valid else None
    if match := _QUARTER.match(text):
        year = int(match.group(1))
        valid = year in NAMED_YEARS
        return fiscal_quarter(year, int(match.group(2)), start_month) if valid else None
    if match := _YEAR.match(text):
        year = int(match.group(1))
        return fiscal_year(year, start_month) if year in NAMED_YEARS else None
    relative = text.lower()
    if relative not in RELATIVE_PERIODS:
        return None
    which, unit = relative.split("-")
    back = 1 if which == "last" else 0
    if unit == "month":
        return month_of(add_months(today, -back))
    if unit == "quarter":
        year, quarter = fiscal_quarter_of(today, start_month)
        index = year * 4 + quarter - 1 - back
        return fiscal_quarter(index // 4, index % 4 + 1, start_month)
    return fiscal_year(fiscal_year_of(today, start_month) - back, start_month)


def previous_period(period: Period) -> Period:
    """The period a KPI compares `period` with: the one just before it, of the same
    calendar shape — the month before a month, the quarter before a quarter, the year
    before a year (any run of whole months moves back by its number of months, so
    March follows February whatever their days). A range that is not whole months moves
    back by its own length in days."""
    start, end = period.start, period.end
    if start.day == 1 and end.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month
        return Period(add_months(start, -months), start)
    return period.previous()

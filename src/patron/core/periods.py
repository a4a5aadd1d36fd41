"""Half-open periods [start, end) in the company's time zone and fiscal calendar."""

from __future__ import annotations

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

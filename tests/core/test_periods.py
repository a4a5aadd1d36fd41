import datetime as dt

import pytest

from patron.core.periods import (
    Period,
    add_months,
    fiscal_quarter_of,
    fiscal_year,
    fiscal_year_of,
    month_of,
    named_period,
    previous_period,
    shift_years,
)


def test_a_period_is_half_open():
    q1 = Period(dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert dt.date(2026, 1, 1) in q1
    assert dt.date(2026, 3, 31) in q1
    assert dt.date(2026, 4, 1) not in q1
    assert q1.days == 90


def test_previous_period_has_the_same_length_just_before():
    q1 = Period(dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert q1.previous() == Period(dt.date(2025, 10, 3), dt.date(2026, 1, 1))


def test_same_period_last_year_shifts_by_a_year_and_handles_29_february():
    assert Period(dt.date(2028, 2, 29), dt.date(2028, 3, 1)).same_last_year() == Period(
        dt.date(2027, 2, 28), dt.date(2027, 3, 1)
    )
    assert shift_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_an_empty_or_reversed_period_is_refused():
    with pytest.raises(ValueError, match="end after it starts"):
        Period(dt.date(2026, 1, 1), dt.date(2026, 1, 1))


def test_fiscal_years_are_named_by_the_year_they_end_in():
    assert fiscal_year_of(dt.date(2026, 5, 1), start_month=4) == 2027
    assert fiscal_year_of(dt.date(2026, 3, 31), start_month=4) == 2026
    assert fiscal_year_of(dt.date(2026, 12, 31), start_month=1) == 2026
    assert fiscal_year(2027, start_month=4) == Period(dt.date(2026, 4, 1), dt.date(2027, 4, 1))
    assert fiscal_year(2026, start_month=1) == Period(dt.date(2026, 1, 1), dt.date(2027, 1, 1))


def test_add_months_crosses_years_both_ways():
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 1)
    assert add_months(dt.date(2026, 1, 31), -1) == dt.date(2025, 12, 1)
    assert add_months(dt.date(2026, 12, 1), 0) == dt.date(2026, 12, 1)


def test_month_of_is_the_half_open_calendar_month():
    assert month_of(dt.date(2024, 2, 29)) == Period(dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert month_of(dt.date(2026, 12, 31)) == Period(dt.date(2026, 12, 1), dt.date(2027, 1, 1))


# Named periods in the fiscal calendar. April start: FY2027 runs 1 April 2026 – 31 March
# 2027, its Q1 is April–June 2026 and its Q4 January–March 2027.
APRIL = 4
JANUARY = 1


def d(year: int, month: int, day: int = 1) -> dt.date:
    return dt.date(year, month, day)


@pytest.mark.parametrize(
    ("day", "start_month", "expected"),
    [
        (d(2026, 5, 15), APRIL, (2027, 1)),
        (d(2026, 4, 1), APRIL, (2027, 1)),
        (d(2026, 3, 31), APRIL, (2026, 4)),
        (d(2027, 1, 1), APRIL, (2027, 4)),
        (d(2026, 9, 30), JANUARY, (2026, 3)),
        (d(2026, 10, 1), JANUARY, (2026, 4)),
    ],
)
def test_the_fiscal_quarter_of_a_day(day, start_month, expected):
    assert fiscal_quarter_of(day, start_month) == expected


@pytest.mark.parametrize(
    ("name", "start_month", "expected"),
    [
        ("2026-11", APRIL, Period(d(2026, 11), d(2026, 12))),
        ("2026-12", JANUARY, Period(d(2026, 12), d(2027, 1))),
        ("2026-Q3", JANUARY, Period(d(2026, 7), d(2026, 10))),
        ("2027-Q1", APRIL, Period(d(2026, 4), d(2026, 7))),
        ("2027-q4", APRIL, Period(d(2027, 1), d(2027, 4))),
        ("FY2026", JANUARY, Period(d(2026, 1), d(2027, 1))),
        (" fy2027 ", APRIL, Period(d(2026, 4), d(2027, 4))),
    ],
)
def test_a_named_period_in_the_fiscal_calendar(name, start_month, expected):
    assert named_period(name, start_month=start_month, today=d(2026, 12, 4)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # today 4 December 2026, fiscal year from April: Q3 of FY2027 (Oct–Dec 2026)
        ("this-month", Period(d(2026, 12), d(2027, 1))),
        ("last-month", Period(d(2026, 11), d(2026, 12))),
        ("this-quarter", Period(d(2026, 10), d(2027, 1))),
        ("last-quarter", Period(d(2026, 7), d(2026, 10))),
        ("this-year", Period(d(2026, 4), d(2027, 4))),
        ("last-year", Period(d(2025, 4), d(2026, 4))),
    ],
)
def test_periods_named_from_today(name, expected):
    assert named_period(name, start_month=APRIL, today=d(2026, 12, 4)) == expected


def test_the_quarter_before_the_first_is_the_last_of_the_previous_fiscal_year():
    # 15 April 2026 is in Q1 of FY2027; the quarter before is Q4 of FY2026
    last = named_period("last-quarter", start_month=APRIL, today=d(2026, 4, 15))
    assert last == Period(d(2026, 1), d(2026, 4))
    # and last month from a 1 January is December of the year before
    assert named_period("last-month", start_month=JANUARY, today=d(2027, 1, 1)) == Period(
        d(2026, 12), d(2027, 1)
    )


@pytest.mark.parametrize(
    "name",
    ["", "2026", "2026-13", "2026-00", "2026-Q5", "Q3-2026", "FY26", "next-month", "9999-12"],
)
def test_a_name_that_is_no_period_gives_none(name):
    assert named_period(name, start_month=APRIL, today=d(2026, 12, 4)) is None


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # a month: the month before, however many days each has
        (Period(d(2026, 3), d(2026, 4)), Period(d(2026, 2), d(2026, 3))),
        # a fiscal quarter (February–April): the three months before
        (Period(d(2026, 2), d(2026, 5)), Period(d(2025, 11), d(2026, 2))),
        # a fiscal year from April
        (Period(d(2026, 4), d(2027, 4)), Period(d(2025, 4), d(2026, 4))),
        # any range of days: its own length just before
        (Period(d(2026, 3, 10), d(2026, 3, 20)), Period(d(2026, 2, 28), d(2026, 3, 10))),
    ],
)
def test_the_period_compared_with_has_the_same_calendar_shape(period, expected):
    assert previous_period(period) == expected

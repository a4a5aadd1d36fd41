import datetime as dt

import pytest

from patron.core.periods import (
    Period,
    add_months,
    fiscal_year,
    fiscal_year_of,
    month_of,
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

import datetime as dt

import pytest

from patron.core.errors import RuleViolation
from patron.core.periods import Period
from patron.forecasting.periods import forecast_period

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "fiscal_start"),
    [
        (D(2026, 3, 1), D(2026, 4, 1), 1),  # a month
        (D(2026, 12, 1), D(2027, 1, 1), 4),  # a month across the year end
        (D(2026, 4, 1), D(2026, 7, 1), 1),  # a calendar quarter
        (D(2026, 7, 1), D(2026, 10, 1), 4),  # Q2 of an April fiscal year
        (D(2026, 11, 1), D(2027, 2, 1), 5),  # a quarter across the year end
        (D(2026, 1, 1), D(2027, 1, 1), 1),  # a fiscal year
        (D(2026, 4, 1), D(2027, 4, 1), 4),
    ],
)
def test_whole_months_fiscal_quarters_and_years_are_periods(start, end, fiscal_start):
    assert forecast_period(start, end, fiscal_year_start_month=fiscal_start) == Period(start, end)


@pytest.mark.parametrize(
    ("start", "end", "fiscal_start", "field"),
    [
        (D(2026, 3, 10), D(2026, 4, 1), 1, "period_start"),  # not the first of a month
        (D(2026, 3, 1), D(2026, 3, 31), 1, "period_end"),  # not half-open
        (D(2026, 2, 1), D(2026, 5, 1), 1, "period_end"),  # three months off the quarters
        (D(2026, 4, 1), D(2026, 7, 1), 2, "period_end"),
        (D(2026, 1, 1), D(2027, 1, 1), 4, "period_end"),  # a calendar year, fiscal April
        (D(2026, 1, 1), D(2026, 3, 1), 1, "period_end"),  # two months
        (D(2026, 4, 1), D(2026, 4, 1), 1, "period_end"),  # empty
    ],
)
def test_other_ranges_are_refused(start, end, fiscal_start, field):
    with pytest.raises(RuleViolation) as caught:
        forecast_period(start, end, fiscal_year_start_month=fiscal_start)
    assert (caught.value.field, caught.value.code) == (field, "period_not_aligned")

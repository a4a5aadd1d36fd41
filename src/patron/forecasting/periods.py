"""The periods a forecast may be called for: a whole month, fiscal quarter or fiscal
year of the company's calendar.

Accuracy (K34) compares a forecast with what was booked in the same period, and a
manager rolls up the forecasts of a team for one period: both need every forecaster
to call the same periods, so an arbitrary range ("10 March to 22 April") is refused.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.core.errors import RuleViolation
from patron.core.periods import Period, add_months
from patron.forecasting.errors import ForecastErrorCode

# Months in each kind of period a forecast may cover.
MONTH, QUARTER, YEAR = 1, 3, 12


def forecast_period(start: date, end: date, *, fiscal_year_start_month: int) -> Period:
    """[start, end) when it is a whole month, a whole fiscal quarter or a whole fiscal
    year; otherwise a refusal naming `period_start` or `period_end`."""
    if start.day != 1:
        raise _not_aligned("period_start")
    months_from_fiscal_start = (start.month - fiscal_year_start_month) % 12
    if end == add_months(start, MONTH):
        return Period(start, end)
    if end == add_months(start, QUARTER) and months_from_fiscal_start % QUARTER == 0:
        return Period(start, end)
    if end == add_months(start, YEAR) and months_from_fiscal_start == 0:
        return Period(start, end)
    raise _not_aligned("period_end")


def _not_aligned(field: str) -> RuleViolation:
    return RuleViolation(
        field,
        ForecastErrorCode.PERIOD_NOT_ALIGNED,
        _("Forecast a whole month, fiscal quarter or fiscal year."),
    )

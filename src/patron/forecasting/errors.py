"""Stable codes of the forecasting rules.

Generic codes (required, too long, wrong currency, negative amount…) come from
`core.errors.CommonErrorCode`; this enum holds only the rules of this domain. The codes
are part of the API and the import reports: a code never changes once released.
"""

from __future__ import annotations

from enum import StrEnum


class ForecastErrorCode(StrEnum):
    """Why a forecast submission or override was refused."""

    PERIOD_NOT_ALIGNED = "period_not_aligned"
    PERIOD_OVER = "period_over"
    BEST_CASE_BELOW_COMMIT = "best_case_below_commit"
    # Only a person's forecast is overridden; a team's is resubmitted by its manager.
    TEAM_FORECAST = "team_forecast"
    # A newer forecast of the person for the period exists: review it first.
    SUPERSEDED = "superseded"

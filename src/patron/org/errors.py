"""Stable codes of the org errors: users, teams, territories and company settings.

Generic codes (required, too long, unknown choice, duplicate…) come from
`core.errors.CommonErrorCode`; these are the org's own rules. The codes are part of the
API and the import reports: clients match on them, so a code never changes once
released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class OrgErrorCode(StrEnum):
    """Why an org or company-settings operation was refused."""

    INVALID_USERNAME = "invalid_username"
    INVALID_PASSWORD = "invalid_password"  # noqa: S105 (an error code, not a secret)
    MANAGER_CYCLE = "manager_cycle"
    PARENT_CYCLE = "parent_cycle"
    UNKNOWN_TEAM = "unknown_team"
    UNKNOWN_TERRITORY = "unknown_territory"
    UNKNOWN_TIME_ZONE = "unknown_time_zone"
    TEAM_NOT_EMPTY = "team_not_empty"
    DEACTIVATE_SELF = "deactivate_self"
    EMPLOYEE_RANGE = "employee_range"
    BASE_CURRENCY_LOCKED = "base_currency_locked"
    RATE_OF_BASE_CURRENCY = "rate_of_base_currency"

"""Stable codes of the customer-service rules.

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely). Codes of
generic checks (required, too long, choices, unknown users) are
`core.errors.CommonErrorCode`'s.
"""

from __future__ import annotations

from enum import StrEnum


class ServiceErrorCode(StrEnum):
    """Why a case, SLA policy or survey operation was refused."""

    INVALID_TRANSITION = "invalid_transition"
    CASE_CLOSED = "case_closed"
    CONTACT_NOT_ON_ACCOUNT = "contact_not_on_account"
    OWNER_CANNOT_WORK_CASE = "owner_cannot_work_case"
    RESOLUTION_BEFORE_RESPONSE = "resolution_before_response"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    CASE_NOT_RESOLVED = "case_not_resolved"
    ALREADY_RATED = "already_rated"
    CASE_NOT_FOR_NPS = "case_not_for_nps"

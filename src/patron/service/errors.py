"""Stable codes of the customer-service errors.

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class ServiceErrorCode(StrEnum):
    """Why a case or survey operation was refused."""

    INVALID_TRANSITION = "invalid_transition"
    SUBJECT_REQUIRED = "subject_required"
    RESOLUTION_REQUIRED = "resolution_required"
    TOO_LONG = "too_long"
    UNKNOWN_PRIORITY = "unknown_priority"
    UNKNOWN_CATEGORY = "unknown_category"
    CONTACT_NOT_ON_ACCOUNT = "contact_not_on_account"
    UNKNOWN_OWNER = "unknown_owner"
    OWNER_CANNOT_WORK_CASE = "owner_cannot_work_case"
    UNKNOWN_SURVEY = "unknown_survey"
    SCORE_OUT_OF_RANGE = "score_out_of_range"
    CASE_REQUIRED = "case_required"
    CASE_NOT_RESOLVED = "case_not_resolved"
    ALREADY_RATED = "already_rated"
    CONTACT_REQUIRED = "contact_required"
    CASE_NOT_FOR_NPS = "case_not_for_nps"

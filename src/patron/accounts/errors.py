"""Stable codes of the account errors (accounts, account team, contacts, handoffs, churn).

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    """Why an account operation was refused."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    UNKNOWN_CHOICE = "unknown_choice"
    UNKNOWN_USER = "unknown_user"
    CANNOT_OWN = "cannot_own"
    UNKNOWN_TERRITORY = "unknown_territory"
    UNKNOWN_COUNTRY = "unknown_country"
    OUT_OF_RANGE = "out_of_range"
    INVALID_EMAIL = "invalid_email"
    PARENT_CYCLE = "parent_cycle"
    DUPLICATE_EXTERNAL_ID = "duplicate_external_id"
    CUSTOMER_SINCE_REQUIRED = "customer_since_required"
    USE_CHURN = "use_churn"
    ALREADY_ON_TEAM = "already_on_team"
    NOT_ON_TEAM = "not_on_team"
    SAME_OWNER = "same_owner"
    IN_FUTURE = "in_future"
    NOT_A_CUSTOMER = "not_a_customer"
    BEFORE_CUSTOMER_SINCE = "before_customer_since"

"""Stable codes of the account rules (accounts, account team, contacts, competitors,
handoffs, churn).

Only the codes of rules that belong to accounts: the shape of a value (required, too
long, a choice, a country, an e-mail…), unknown users, who may own and duplicates are
`core.errors.CommonErrorCode`, with the same strings. The codes are part of the API and
the import reports: clients match on them, so a code never changes once released
(messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    """Why an account operation was refused."""

    UNKNOWN_TERRITORY = "unknown_territory"
    PARENT_CYCLE = "parent_cycle"
    DUPLICATE_EXTERNAL_ID = "duplicate_external_id"
    CUSTOMER_SINCE_REQUIRED = "customer_since_required"
    USE_CHURN = "use_churn"
    ALREADY_ON_TEAM = "already_on_team"
    NOT_ON_TEAM = "not_on_team"
    SAME_OWNER = "same_owner"
    NOT_A_CUSTOMER = "not_a_customer"
    BEFORE_CUSTOMER_SINCE = "before_customer_since"
    CONTACT_INACTIVE = "contact_inactive"
    CONTACT_ACTIVE = "contact_active"
    INVALID_URL = "invalid_url"

"""Stable codes of the planning errors (only the rules of this domain; the generic ones
are `core.errors.CommonErrorCode`).

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class PlanningErrorCode(StrEnum):
    """Why an account plan or quota operation was refused."""

    # The plan's or action's owner, or a reviewer, does not see the plan's account.
    CANNOT_SEE_ACCOUNT = "cannot_see_account"
    # The plan's currency changes while targets are written in the old one.
    CURRENCY_HAS_TARGETS = "currency_has_targets"
    # Completing a plan action that is already done.
    ALREADY_DONE = "already_done"
    # A quota for nobody, or for more than one user, team or territory.
    ONE_HOLDER = "one_holder"
    # A quota period that ends on or before its start.
    EMPTY_PERIOD = "empty_period"
    # Another quota of the same holder and metric covers part of the period.
    OVERLAPPING_QUOTA = "overlapping_quota"

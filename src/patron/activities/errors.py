"""Stable codes of the activity errors (only the rules of this domain; the generic ones
are `core.errors.CommonErrorCode`).

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class ActivityErrorCode(StrEnum):
    """Why an activity operation was refused."""

    # Neither an account, a contact nor a deal for something other than a task.
    NOTHING_LINKED = "nothing_linked"
    # A contact, deal or case that belongs to another account than the activity's.
    OTHER_ACCOUNT = "other_account"
    # An outcome for something that has not happened yet.
    NOT_COMPLETED = "not_completed"
    # Completing or cancelling what is no longer planned.
    NOT_PLANNED = "not_planned"
    # Reopening what is still planned.
    ALREADY_PLANNED = "already_planned"

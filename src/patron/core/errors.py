"""Domain errors: a request that breaks a rule, named by field and stable code.

Interfaces translate them once: a form error, a 400/409 JSON body, a rejected import
row. Nothing was changed when one is raised (services run in one transaction).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _


class CommonErrorCode(StrEnum):
    """Codes every domain shares: the shape of a typed value, money, who may own.

    Declared once here; a domain's own `errors.py` holds only the codes of its own rules.
    The codes are part of the API and the import reports and never change once released.
    """

    REQUIRED = "required"
    TOO_LONG = "too_long"
    UNKNOWN_CHOICE = "unknown_choice"
    IN_FUTURE = "in_future"
    OUT_OF_RANGE = "out_of_range"
    INVALID_EMAIL = "invalid_email"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_CURRENCY = "unknown_currency"
    WRONG_CURRENCY = "wrong_currency"
    TOO_PRECISE = "too_precise"
    NEGATIVE_AMOUNT = "negative_amount"
    AMOUNT_TOO_LARGE = "amount_too_large"
    UNKNOWN_USER = "unknown_user"
    CANNOT_OWN = "cannot_own"
    UNKNOWN_REFERENCE = "unknown_reference"
    DUPLICATE = "duplicate"
    NO_EXCHANGE_RATE = "no_exchange_rate"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    STALE_VERSION = "stale_version"


class DomainError(Exception):
    """A request that breaks a business rule. Nothing was changed."""

    def __init__(self, field: str | None, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field  # the input at fault; None when the record as a whole is
        self.code = code  # machine-readable, never translated: "already_closed"
        self.message = str(message)  # for people, translated

    def __str__(self) -> str:
        prefix = f"{self.field}: " if self.field else ""
        return f"{prefix}{self.message}"


class RuleViolation(DomainError):
    """The input is well-formed but the business rules refuse it."""


class StaleVersion(DomainError):
    """Someone changed the record since the caller read it; reload and try again."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            "version",
            CommonErrorCode.STALE_VERSION,
            _(
                "This record was changed by someone else (now at version %(version)s); "
                "reload it and apply your change again."
            )
            % {"version": current_version},
        )
        self.current_version = current_version


class NotVisible(DomainError):
    """The record does not exist for this user (invisible records look absent)."""

    def __init__(self, model: str) -> None:
        super().__init__(
            None, CommonErrorCode.NOT_FOUND, _("No such %(model)s.") % {"model": model}
        )


class Forbidden(DomainError):
    """The user may see the record but their role does not let them change it."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            None,
            CommonErrorCode.FORBIDDEN,
            message or _("Your role does not allow you to change this record."),
        )

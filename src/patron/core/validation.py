"""The generic checks of typed values, each written once with its error code.

Every service (and the clean step of every bulk load) checks what people type with
these: a page, the API and an import refuse the same value with the same code and the
same message, naming the field. Rules that belong to one domain (a deal cannot close
before it opened) stay in that domain; rules about the shape of a value live here.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Literal, overload

from babel import Locale
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import company_today
from patron.core.money import CurrencyError, Money, minor_digits, validate_currency

# The largest amount (minor units) any single amount may carry — a deal, a line, an
# order, an invoice, a payment, a contract: ten trillion units of a two-decimal
# currency, so sums of many of them stay inside 64-bit integer columns.
MAX_AMOUNT_MINOR = 10**15
# PositiveIntegerField and IntegerField are 32-bit integers on PostgreSQL.
MAX_INT32 = 2_147_483_647

# CLDR region codes that are not countries: unions and groupings, the unknown region,
# pseudo-locales and the exceptionally reserved islands ISO 3166-1 does not assign.
_NOT_COUNTRIES = frozenset(
    {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
)
# ISO 3166-1 alpha-2 codes plus Kosovo's XK (in common use), from Babel's CLDR data;
# numeric codes such as "001" are regions, not countries.
COUNTRY_CODES = frozenset(
    code
    for code in map(str, Locale("en").territories)
    if code.isalpha() and code not in _NOT_COUNTRIES
)


def require_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    """`value` without surrounding spaces, refused when empty (if required) or too long."""
    value = (value or "").strip()
    if required and not value:
        raise RuleViolation(field, CommonErrorCode.REQUIRED, _("This field is required."))
    if len(value) > limit:
        raise RuleViolation(
            field, CommonErrorCode.TOO_LONG, _("At most %(limit)s characters.") % {"limit": limit}
        )
    return value


def require_choice(value: str, *, field: str, choices: Collection[str], blank: bool = False) -> str:
    """`value` when it is one of `choices` (or blank, where blank is allowed)."""
    if (blank and value == "") or value in choices:
        return value
    raise RuleViolation(field, CommonErrorCode.UNKNOWN_CHOICE, _("Choose a value from the list."))


def require_not_future(day: date, *, field: str, today: date | None = None) -> date:
    """A fact (a win, a payment, a churn) happened today or earlier in the company's
    calendar, wherever the person recording it sits. A clean step passes the company's
    `today` it loaded with its context, so it asks no query."""
    if day > (today if today is not None else company_today()):
        raise RuleViolation(
            field, CommonErrorCode.IN_FUTURE, _("This date cannot be in the future.")
        )
    return day


@overload
def require_int_range(
    value: int | None, *, field: str, low: int = ..., high: int = ..., required: Literal[True]
) -> int: ...


@overload
def require_int_range(
    value: int | None, *, field: str, low: int = ..., high: int = ..., required: bool = ...
) -> int | None: ...


def require_int_range(
    value: int | None, *, field: str, low: int = 0, high: int = MAX_INT32, required: bool = False
) -> int | None:
    """A whole number in [low, high]; None only where the field may stay empty."""
    if value is None:
        if required:
            raise RuleViolation(field, CommonErrorCode.REQUIRED, _("This field is required."))
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RuleViolation(
            field,
            CommonErrorCode.OUT_OF_RANGE,
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
        )
    return value


def require_email(value: str, *, field: str = "email", required: bool = False) -> str:
    """A trimmed e-mail address (blank allowed unless required)."""
    email = require_text(value, field=field, limit=254, required=required)
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise RuleViolation(
                field, CommonErrorCode.INVALID_EMAIL, _("Enter a valid e-mail address.")
            ) from error
    return email


def require_country(value: str, *, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code in capitals, or blank."""
    country = (value or "").strip().upper()
    if country and country not in COUNTRY_CODES:
        raise RuleViolation(
            field, CommonErrorCode.UNKNOWN_COUNTRY, _("Choose a country from the list.")
        )
    return country


def require_currency(currency: str, *, field: str = "currency") -> str:
    """An ISO 4217 code Babel knows (and therefore knows the minor unit of)."""
    try:
        return validate_currency(currency)
    except CurrencyError as error:
        raise RuleViolation(
            field, CommonErrorCode.UNKNOWN_CURRENCY, _("Unknown currency code.")
        ) from error


def minor_units(money: Money, *, currency: str, field: str, allow_negative: bool = False) -> int:
    """`money` as minor units of `currency`.

    One rule for every amount: another currency is refused, and so is a fraction of the
    minor unit (0.001 USD) rather than rounding someone's money silently, and a size no
    column can sum. Negative amounts are refused unless the caller says the field is a
    signed one (a credit, an adjustment) — no amount people type is negative otherwise.
    """
    if money.currency != currency:
        raise RuleViolation(
            field,
            CommonErrorCode.WRONG_CURRENCY,
            _("The amount must be in %(currency)s.") % {"currency": currency},
        )
    try:
        minor = money.to_minor()
    except CurrencyError as error:
        raise RuleViolation(
            field,
            CommonErrorCode.TOO_PRECISE,
            _("%(currency)s amounts have at most %(digits)s decimals.")
            % {"currency": currency, "digits": minor_digits(currency)},
        ) from error
    if minor < 0 and not allow_negative:
        raise RuleViolation(
            field, CommonErrorCode.NEGATIVE_AMOUNT, _("The amount cannot be negative.")
        )
    require_storable(minor, field=field)
    return minor


def require_storable(minor: int, *, field: str) -> int:
    """An amount (or a sum of amounts) small enough for the 64-bit columns and their sums."""
    if abs(minor) > MAX_AMOUNT_MINOR:
        raise RuleViolation(
            field, CommonErrorCode.AMOUNT_TOO_LARGE, _("This amount is too large to record.")
        )
    return minor

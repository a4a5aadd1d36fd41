"""The clean step of a new exchange rate (see `core.cleaning` and decision 0020): the
raw values and a context loaded beforehand in, the checked rate or every wrong field
out, with no query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import CompanySettings, ExchangeRate
from patron.core.validation import require_currency
from patron.org.capabilities import Capability
from patron.org.cleaning.shared import repeated
from patron.org.errors import OrgErrorCode
from patron.org.models import User
from patron.org.policy import require_capability

# ExchangeRate.rate is a DECIMAL(20, 10): ten digits before the point, ten after.
RATE_DECIMALS = 10
MAX_RATE = Decimal(10) ** 10


@dataclass(frozen=True)
class ExchangeRateInput:
    """A new exchange rate as typed or imported: what one unit of `currency` is worth
    in the base currency from `valid_from` on."""

    currency: str
    valid_from: date
    rate: Decimal


@dataclass(frozen=True)
class ExchangeRateContext:
    """What cleaning new exchange rates needs from the database: the actor, the base
    currency, and the (currency, first day) pairs the batch names that already have a
    rate — or that more than one row of the batch names."""

    actor: User
    base_currency: str
    taken_days: frozenset[tuple[str, date]]
    repeated_days: frozenset[tuple[str, date]]


@dataclass(frozen=True)
class ExchangeRateValues:
    """A new exchange rate ready to be written."""

    currency: str
    valid_from: date
    rate: Decimal


def exchange_rate_context(
    actor: User, *, rate_days: Iterable[tuple[str, date]] = ()
) -> ExchangeRateContext:
    """The context for cleaning new rates naming these (currency, first day) pairs,
    one per row: two queries (the base currency, the rates already recorded on those
    days), whatever the number of rows."""
    wanted = [(currency_code(currency), day) for currency, day in rate_days]
    taken: frozenset[tuple[str, date]] = frozenset()
    if wanted:
        stored = ExchangeRate.objects.filter(
            currency__in={currency for currency, _day in wanted},
            valid_from__in={day for _currency, day in wanted},
        ).values_list("currency", "valid_from")
        taken = frozenset(stored) & frozenset(wanted)
    return ExchangeRateContext(
        actor=actor,
        base_currency=base_currency(),
        taken_days=taken,
        repeated_days=repeated(wanted),
    )


def clean_exchange_rate(
    raw: ExchangeRateInput, context: ExchangeRateContext
) -> Cleaned[ExchangeRateValues]:
    """Every check of a new exchange rate (the rules are `record_exchange_rate`'s), each
    wrong field reported, in the order the service checks them: may configure, a known
    currency other than the base one, a free day for it, then the rate itself."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    code = errors.check(lambda: require_currency(currency_code(raw.currency)), "")
    if code and code == context.base_currency:
        errors.errors.append(
            FieldError(
                "currency",
                OrgErrorCode.RATE_OF_BASE_CURRENCY,
                _("The base currency is always worth 1; it has no rate."),
            )
        )
    elif code and (code, raw.valid_from) in context.taken_days | context.repeated_days:
        errors.errors.append(FieldError.of(rate_day_taken(code)))
    rate = errors.check(lambda: require_rate(raw.rate), Decimal(0))
    if errors.errors:
        return Cleaned(errors=errors.errors)
    return Cleaned(ExchangeRateValues(currency=code, valid_from=raw.valid_from, rate=rate))


def currency_code(value: str) -> str:
    """A currency code as people type it, trimmed and in capitals."""
    return value.strip().upper()


def base_currency() -> str:
    """The base currency, without creating the settings row (a read is no write)."""
    row = CompanySettings.objects.filter(pk=1).values_list("base_currency", flat=True).first()
    return row or str(CompanySettings._meta.get_field("base_currency").default)


def require_rate(value: Decimal) -> Decimal:
    """A positive rate the column stores exactly (at most ten decimals)."""
    try:
        rate = Decimal(value)
        valid = Decimal(0) < rate < MAX_RATE and rate == rate.quantize(
            Decimal(1).scaleb(-RATE_DECIMALS)
        )
    except (InvalidOperation, TypeError, ValueError):
        valid = False
    if not valid:
        raise RuleViolation(
            "rate",
            CommonErrorCode.OUT_OF_RANGE,
            _("Enter a rate above 0 with at most %(digits)s decimals.") % {"digits": RATE_DECIMALS},
        )
    # Stored with all ten decimals: the event's old and new values then read alike.
    return rate.quantize(Decimal(1).scaleb(-RATE_DECIMALS))


def rate_day_taken(currency: str) -> RuleViolation:
    """The refusal of a second rate of `currency` from one day: one rate per currency
    and day, so a conversion finds one answer."""
    return RuleViolation(
        "valid_from",
        CommonErrorCode.DUPLICATE,
        _("%(currency)s already has a rate from this day.") % {"currency": currency},
    )

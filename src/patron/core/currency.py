"""Conversion of amounts to the company's base currency at the rate of their date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import CompanySettings, rate_on
from patron.core.money import minor_digits, round_minor


def convert_minor(amount_minor: int, *, rate: Decimal, currency: str, base_currency: str) -> int:
    """Minor units of `currency` → minor units of the base currency at `rate`, half-even.

    One function for every conversion (services, import, demo data) so the same
    transaction always gets the same base amount.
    """
    shift = minor_digits(base_currency) - minor_digits(currency)
    return round_minor(Decimal(amount_minor) * rate * (Decimal(10) ** shift))


def to_base_minor(amount_minor: int, currency: str, on: date, *, field: str = "currency") -> int:
    """`amount_minor` of `currency` in base-currency minor units at the rate valid on `on`."""
    base = CompanySettings.current().base_currency
    if currency == base:
        return amount_minor
    rate = rate_on(currency, on)
    if rate is None:
        raise missing_rate(currency, on, field=field)
    return convert_minor(amount_minor, rate=rate, currency=currency, base_currency=base)


def missing_rate(currency: str, on: date, *, field: str = "currency") -> RuleViolation:
    """The refusal of an amount no stored rate converts: none is that old."""
    return RuleViolation(
        field,
        CommonErrorCode.NO_EXCHANGE_RATE,
        _("No exchange rate for %(currency)s on or before %(day)s.")
        % {"currency": currency, "day": on.isoformat()},
    )

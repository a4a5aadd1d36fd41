"""Conversion of amounts to the company's base currency at the rate of their date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import CompanySettings, ExchangeRate, rate_on
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


@dataclass(frozen=True)
class Rates:
    """The base currency and, per other currency a batch of rows names, its
    (valid_from, rate) pairs latest first: what a clean step converts with, in memory."""

    base_currency: str
    table: Mapping[str, tuple[tuple[date, Decimal], ...]]

    def rate_on(self, currency: str, day: date) -> Decimal | None:
        """The rate valid on `day` (`core.models.rate_on`, from the table in memory)."""
        if currency == self.base_currency:
            return Decimal(1)
        return next((rate for since, rate in self.table.get(currency, ()) if since <= day), None)

    def base_minor(
        self, amount_minor: int, currency: str, day: date, *, field: str = "currency"
    ) -> int:
        """`to_base_minor` at the rate of `day`, from the table in memory; a missing rate
        is refused under `field`."""
        if currency == self.base_currency:
            return amount_minor
        rate = self.rate_on(currency, day)
        if rate is None:
            raise missing_rate(currency, day, field=field)
        return convert_minor(
            amount_minor, rate=rate, currency=currency, base_currency=self.base_currency
        )


def load_rates(base_currency: str, currencies: Iterable[str | None]) -> Rates:
    """Every stored rate of the currencies named other than the base one (one query;
    none when every row is in the base currency)."""
    wanted = {code for code in currencies if code and code != base_currency}
    table: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    if wanted:
        for code, since, rate in (
            ExchangeRate.objects.filter(currency__in=wanted)
            .order_by("currency", "-valid_from")
            .values_list("currency", "valid_from", "rate")
        ):
            table[code].append((since, rate))
    return Rates(base_currency, {code: tuple(pairs) for code, pairs in table.items()})

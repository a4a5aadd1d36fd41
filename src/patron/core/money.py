"""Money: an exact Decimal amount with its ISO 4217 currency.

The database keeps integer minor units (SQLite has no decimal type: a DecimalField
there is REAL and SUM() drifts by cents); Python code works with Money; JSON carries
strings. Conversions between the two are here and nowhere else, and so is the one
way an amount is shown to people (`format_money`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel.core import UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision, list_currencies
from django.utils.translation import get_language, to_locale

KNOWN_CURRENCIES = frozenset(list_currencies())


class CurrencyError(ValueError):
    """An unknown currency code or an amount with more precision than the currency has."""


def validate_currency(code: str) -> str:
    if code not in KNOWN_CURRENCIES:
        raise CurrencyError(f"Unknown currency code {code!r}.")
    return code


def minor_digits(currency: str) -> int:
    """Digits after the decimal point in the currency's minor unit (THB 2, JPY 0)."""
    return int(get_currency_precision(validate_currency(currency)))


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency. Adding two currencies is an error, never a guess."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        validate_currency(self.currency)
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal (never a float).")
        if not self.amount.is_finite():
            raise CurrencyError("Money.amount must be a finite number.")

    @classmethod
    def parse(cls, text: str, currency: str) -> Money:
        try:
            amount = Decimal(text.strip())
        except (InvalidOperation, AttributeError) as error:
            raise CurrencyError(f"{text!r} is not a number.") from error
        money = cls(amount, currency)
        money.to_minor()  # rejects more decimals than the currency has
        return money

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor).scaleb(-minor_digits(currency)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def sum(cls, amounts: Iterable[Money], *, currency: str) -> Money:
        total = cls.zero(currency)
        for money in amounts:
            total = total + money
        return total

    def to_minor(self) -> int:
        """Integer minor units; refuses an amount finer than the currency allows."""
        scaled = self.amount.scaleb(minor_digits(self.currency))
        if scaled != scaled.to_integral_value():
            raise CurrencyError(
                f"{self.amount} has more decimals than {self.currency} allows "
                f"({minor_digits(self.currency)})."
            )
        return int(scaled)

    def quantize(self) -> Money:
        """Round half-even to the currency's minor unit (for computed amounts)."""
        exponent = Decimal(1).scaleb(-minor_digits(self.currency))
        return Money(self.amount.quantize(exponent, rounding=ROUND_HALF_EVEN), self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyError(f"Cannot combine {self.currency} with {other.currency}.")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.amount:.{minor_digits(self.currency)}f} {self.currency}"


def format_money(money: Money) -> str:
    """`money` as people read it in the active language: Babel's currency format
    (฿1,250.00, $1,250.00, ₱1,250.00); English when Babel has no such locale."""
    try:
        return format_currency(
            money.amount, money.currency, locale=to_locale(get_language() or "en")
        )
    except (UnknownLocaleError, ValueError):
        return format_currency(money.amount, money.currency, locale="en")


def round_minor(value: Decimal) -> int:
    """A computed minor-unit value (e.g. amount × rate) rounded half-even to an integer."""
    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))

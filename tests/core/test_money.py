from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from patron.core.money import CurrencyError, Money, format_money, minor_digits, round_minor


def test_minor_units_follow_the_currency():
    assert minor_digits("THB") == 2
    assert minor_digits("PHP") == 2
    assert minor_digits("JPY") == 0
    assert Money.from_minor(123456, "THB") == Money(Decimal("1234.56"), "THB")
    assert Money.from_minor(500, "JPY").to_minor() == 500


def test_parse_rejects_more_decimals_than_the_currency_has():
    assert Money.parse("10.50", "USD").to_minor() == 1050
    with pytest.raises(CurrencyError, match="more decimals"):
        Money.parse("10.505", "USD")
    with pytest.raises(CurrencyError, match="more decimals"):
        Money.parse("10.5", "JPY")


def test_parse_rejects_garbage_and_unknown_currencies():
    with pytest.raises(CurrencyError, match="not a number"):
        Money.parse("ten", "USD")
    with pytest.raises(CurrencyError, match="Unknown currency"):
        Money.parse("1", "XYZ")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]


def test_two_currencies_never_add_up():
    with pytest.raises(CurrencyError, match="Cannot combine THB with USD"):
        Money.parse("1", "THB") + Money.parse("1", "USD")


def test_quantize_rounds_half_even():
    assert Money(Decimal("0.125"), "USD").quantize().amount == Decimal("0.12")
    assert Money(Decimal("0.135"), "USD").quantize().amount == Decimal("0.14")
    assert round_minor(Decimal("2.5")) == 2
    assert round_minor(Decimal("3.5")) == 4


def test_str_shows_the_currency_precision():
    assert str(Money.from_minor(5, "USD")) == "0.05 USD"


@given(st.lists(st.integers(min_value=0, max_value=10**12), max_size=50))
def test_the_sum_of_money_equals_the_sum_of_minor_units(minors):
    total = Money.sum((Money.from_minor(m, "PHP") for m in minors), currency="PHP")
    assert total.to_minor() == sum(minors)


@pytest.mark.parametrize(
    ("language", "money", "expected"),
    [
        ("en", Money(Decimal("1250.00"), "USD"), "$1,250.00"),
        ("th", Money(Decimal("1250.5"), "THB"), "฿1,250.50"),
        ("fil", Money(Decimal("1250"), "PHP"), "₱1,250.00"),
        ("en", Money(Decimal("1500"), "JPY"), "¥1,500"),
    ],
)
def test_format_money_uses_the_active_language(language, money, expected):
    with translation.override(language):
        assert format_money(money) == expected


def test_format_money_falls_back_to_english_for_a_language_babel_does_not_know():
    with translation.override("xx"):
        assert format_money(Money(Decimal("3.5"), "USD")) == "$3.50"

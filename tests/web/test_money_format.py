from decimal import Decimal

import pytest
from django.utils import translation

from patron.core.money import Money
from patron.web.templatetags.patron_format import money, readable


@pytest.mark.parametrize(
    ("language", "minor", "currency", "expected"),
    [
        ("en", 123_456, "USD", "$1,234.56"),
        ("en", 5, "USD", "$0.05"),
        ("en", 1500, "JPY", "¥1,500"),
        ("th", 1_234_567_89, "THB", "฿1,234,567.89"),
        ("fil", 1_000_00, "PHP", "₱1,000.00"),
        ("en", 0, "EUR", "€0.00"),
    ],
)
def test_money_is_formatted_from_minor_units_for_the_language(language, minor, currency, expected):
    with translation.override(language):
        assert money(minor, currency) == expected


def test_money_accepts_a_money_value():
    with translation.override("en"):
        assert money(Money(Decimal("12.30"), "USD")) == "$12.30"


def test_missing_money_is_a_dash():
    assert money(None, "USD") == "—"
    assert money(100, "") == "—"


def test_readable_shows_none_as_a_dash_and_text_as_is():
    assert readable(None) == "—"
    assert readable("Proposal") == "Proposal"

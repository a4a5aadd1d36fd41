import datetime as dt
from decimal import Decimal

import pytest

from patron.core.currency import convert_minor, to_base_minor
from patron.core.errors import RuleViolation
from patron.core.models import ExchangeRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def thb_rates(company):
    ExchangeRate.objects.create(
        currency="THB", valid_from=dt.date(2026, 1, 1), rate=Decimal("0.028")
    )
    ExchangeRate.objects.create(
        currency="THB", valid_from=dt.date(2026, 3, 1), rate=Decimal("0.030")
    )


def test_an_amount_is_converted_at_the_rate_valid_on_its_date(thb_rates):
    # 1,000,000.00 THB = 100,000,000 satang
    assert to_base_minor(100_000_000, "THB", dt.date(2026, 2, 28)) == 2_800_000
    assert to_base_minor(100_000_000, "THB", dt.date(2026, 3, 1)) == 3_000_000
    assert to_base_minor(100_000_000, "THB", dt.date(2026, 12, 31)) == 3_000_000


def test_the_base_currency_is_not_converted(company):
    assert to_base_minor(12_345, "USD", dt.date(2020, 1, 1)) == 12_345


def test_a_date_before_any_rate_is_refused_with_the_field_named(thb_rates):
    with pytest.raises(RuleViolation) as caught:
        to_base_minor(100, "THB", dt.date(2025, 12, 31), field="amount")
    assert caught.value.field == "amount"
    assert caught.value.code == "no_exchange_rate"


def test_conversion_rounds_half_even_and_respects_minor_digits():
    # 1 satang-precision THB at 0.0285 → 0.0285 US cents per satang
    assert convert_minor(50, rate=Decimal("0.01"), currency="THB", base_currency="USD") == 0
    assert convert_minor(150, rate=Decimal("0.01"), currency="THB", base_currency="USD") == 2
    # JPY has no minor unit: 1,000 JPY at 0.0067 USD = 6.70 USD = 670 cents
    assert convert_minor(1000, rate=Decimal("0.0067"), currency="JPY", base_currency="USD") == 670

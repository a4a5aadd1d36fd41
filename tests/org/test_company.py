"""The company's settings and exchange rates."""

import datetime as dt
from decimal import Decimal

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.models import CompanySettings, ExchangeRate
from patron.org.services.company import (
    correct_exchange_rate,
    record_exchange_rate,
    update_company_settings,
)
from tests.factories.catalog import ProductFactory
from tests.org.conftest import NOT_CONFIGURERS, audit_trail, refused

DAY = dt.date(2026, 1, 1)


def test_sales_ops_change_the_calendar_and_sales_rules(org, company):
    # when
    update_company_settings(
        actor=org.sales_ops,
        fiscal_year_start_month=4,
        time_zone="Asia/Bangkok",
        quote_discount_approval_percent=Decimal("12.5"),
        renewal_lead_days=60,
    )
    # then
    company.refresh_from_db()
    assert (company.fiscal_year_start_month, company.time_zone, company.renewal_lead_days) == (
        4,
        "Asia/Bangkok",
        60,
    )
    [(action, changes, _actor)] = audit_trail(company)
    assert action == "update"
    assert changes == {
        "fiscal_year_start_month": [1, 4],
        "time_zone": ["UTC", "Asia/Bangkok"],
        "quote_discount_approval_percent": ["15.00", "12.50"],
        "renewal_lead_days": [90, 60],
    }


def test_the_base_currency_changes_while_no_amount_is_recorded(org, company):
    update_company_settings(actor=org.sales_ops, base_currency="thb")
    company.refresh_from_db()
    assert company.base_currency == "THB"


@pytest.mark.parametrize("recorded", ["product", "rate"])
def test_the_base_currency_is_locked_once_amounts_exist(org, company, recorded):
    if recorded == "product":
        ProductFactory()
    else:
        ExchangeRate.objects.create(currency="THB", valid_from=DAY, rate=Decimal("0.028"))
    error = refused(
        RuleViolation, update_company_settings, actor=org.sales_ops, base_currency="THB"
    )
    assert (error.field, error.code) == ("base_currency", "base_currency_locked")


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month", "out_of_range"),
        ({"fiscal_year_start_month": 0}, "fiscal_year_start_month", "out_of_range"),
        ({"time_zone": "Bangkok"}, "time_zone", "unknown_time_zone"),
        ({"time_zone": ""}, "time_zone", "unknown_time_zone"),
        (
            {"quote_discount_approval_percent": Decimal(101)},
            "quote_discount_approval_percent",
            "out_of_range",
        ),
        (
            {"quote_discount_approval_percent": Decimal("-1")},
            "quote_discount_approval_percent",
            "out_of_range",
        ),
        (
            {"quote_discount_approval_percent": Decimal("1.005")},
            "quote_discount_approval_percent",
            "out_of_range",
        ),
        ({"renewal_lead_days": -1}, "renewal_lead_days", "out_of_range"),
        ({"base_currency": "XYZ"}, "base_currency", "unknown_currency"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_settings_refuse_bad_values(org, company, values, field, code):
    error = refused(RuleViolation, update_company_settings, actor=org.sales_ops, **values)
    assert (error.field, error.code) == (field, code)


@NOT_CONFIGURERS
def test_only_configurers_change_settings(org, company, persona):
    refused(Forbidden, update_company_settings, actor=getattr(org, persona), renewal_lead_days=1)


def test_a_rate_is_recorded_and_corrected(org, company):
    # when
    rate = record_exchange_rate(
        actor=org.sales_ops, currency="thb", valid_from=DAY, rate=Decimal("0.028")
    )
    correct_exchange_rate(actor=org.sales_ops, rate_id=rate.pk, rate=Decimal("0.0285"))
    # then
    rate.refresh_from_db()
    assert (rate.currency, rate.valid_from, rate.rate) == ("THB", DAY, Decimal("0.0285"))
    trail = audit_trail(rate)
    assert [action for action, _changes, _actor in trail] == ["create", "correct"]
    assert trail[0][1]["rate"] == [None, "0.0280000000"]
    assert trail[1][1] == {"rate": ["0.0280000000", "0.0285000000"]}


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"currency": "USD"}, "currency", "rate_of_base_currency"),
        ({"currency": "XYZ"}, "currency", "unknown_currency"),
        ({"rate": Decimal(0)}, "rate", "out_of_range"),
        ({"rate": Decimal("-0.5")}, "rate", "out_of_range"),
        ({"rate": Decimal("0.12345678901")}, "rate", "out_of_range"),
        ({"valid_from": DAY}, "valid_from", "duplicate"),
    ],
)
def test_a_rate_refuses_bad_values(org, company, values, field, code):
    ExchangeRate.objects.create(currency="THB", valid_from=DAY, rate=Decimal("0.028"))
    base = {"currency": "THB", "valid_from": dt.date(2026, 2, 1), "rate": Decimal("0.03")}
    error = refused(RuleViolation, record_exchange_rate, actor=org.sales_ops, **{**base, **values})
    assert (error.field, error.code) == (field, code)


def test_a_correction_cannot_take_another_rates_day(org, company):
    ExchangeRate.objects.create(currency="THB", valid_from=DAY, rate=Decimal("0.028"))
    later = ExchangeRate.objects.create(
        currency="THB", valid_from=dt.date(2026, 2, 1), rate=Decimal("0.03")
    )
    error = refused(
        RuleViolation, correct_exchange_rate, actor=org.sales_ops, rate_id=later.pk, valid_from=DAY
    )
    assert (error.field, error.code) == ("valid_from", "duplicate")


def test_an_unknown_rate_is_not_visible(org, company):
    refused(NotVisible, correct_exchange_rate, actor=org.sales_ops, rate_id=999_999)


@NOT_CONFIGURERS
def test_only_configurers_record_rates(org, company, persona):
    rate = ExchangeRate.objects.create(currency="THB", valid_from=DAY, rate=Decimal("0.028"))
    actor = getattr(org, persona)
    refused(Forbidden, record_exchange_rate, actor=actor, currency="EUR", valid_from=DAY, rate=1)
    refused(Forbidden, correct_exchange_rate, actor=actor, rate_id=rate.pk, rate=Decimal(1))


def test_settings_are_created_with_their_event_when_missing(org):
    CompanySettings.objects.all().delete()
    row = update_company_settings(actor=org.sales_ops, name="Siam Trading")
    [(action, changes, _actor)] = audit_trail(row)
    assert (action, changes["name"]) == ("update", [None, "Siam Trading"])

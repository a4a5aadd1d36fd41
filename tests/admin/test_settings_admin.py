"""The company's settings and exchange rates in the admin, through their services."""

import datetime as dt
from decimal import Decimal

import pytest

from patron.core.models import AuditEvent, CompanySettings, ExchangeRate
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


def _settings_form(row: CompanySettings, **changes) -> dict[str, object]:
    data = {
        "name": row.name,
        "address": row.address,
        "tax_id": row.tax_id,
        "base_currency": row.base_currency,
        "fiscal_year_start_month": row.fiscal_year_start_month,
        "time_zone": row.time_zone,
        "quote_discount_approval_percent": row.quote_discount_approval_percent,
        "renewal_lead_days": row.renewal_lead_days,
    }
    data.update(changes)
    return data


def test_sales_ops_change_the_fiscal_year(client_for, company, ops):
    response = client_for(ops).post(
        admin_url(CompanySettings, "change", company.pk),
        _settings_form(company, fiscal_year_start_month=10),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.fiscal_year_start_month == 10
    event = AuditEvent.objects.get(record_type="core.companysettings")
    assert (event.source, event.changes) == ("admin", {"fiscal_year_start_month": [1, 10]})


def test_an_unknown_time_zone_is_refused_on_the_field(client_for, company, ops):
    response = client_for(ops).post(
        admin_url(CompanySettings, "change", company.pk),
        _settings_form(company, time_zone="Bangkok"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["time_zone"] == ["Choose a known time zone."]
    company.refresh_from_db()
    assert company.time_zone == "UTC"


def test_sales_ops_record_a_rate(client_for, company, ops):
    response = client_for(ops).post(
        admin_url(ExchangeRate, "add"),
        {"currency": "THB", "valid_from": "2026-01-01", "rate": "0.028"},
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.valid_from, rate.rate) == (
        "THB",
        dt.date(2026, 1, 1),
        Decimal("0.028"),
    )


def test_a_rate_for_the_base_currency_is_refused_on_the_field(client_for, company, ops):
    response = client_for(ops).post(
        admin_url(ExchangeRate, "add"),
        {"currency": "USD", "valid_from": "2026-01-01", "rate": "1"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["currency"] == [
        "The base currency is always worth 1; it has no rate."
    ]
    assert not ExchangeRate.objects.exists()

"""Shared forecasting fixtures: a frozen clock in the first fiscal quarter of 2026, and
a check that a refused call changed nothing."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from patron.core.models import AuditEvent
from patron.core.money import Money
from patron.forecasting.models import ForecastSubmission

# Tuesday 10 March 2026, noon UTC; the company's base currency is USD.
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
Q1 = (dt.date(2026, 1, 1), dt.date(2026, 4, 1))
Q2 = (dt.date(2026, 4, 1), dt.date(2026, 7, 1))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def snapshot() -> tuple[list[dict], ...]:
    return (
        list(ForecastSubmission.objects.order_by("pk").values()),
        list(AuditEvent.objects.order_by("pk").values()),
    )


def refused(error_type, call, **kwargs):
    """Run `call(**kwargs)`, expect `error_type`, check nothing changed; the error."""
    before = snapshot()
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


def events(record) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            record_type="forecasting.forecastsubmission", record_id=record.pk
        ).order_by("pk")
    )

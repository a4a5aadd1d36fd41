"""The tiny demo company, generated once per module for the read-only checks."""

import datetime as dt

import pytest

from patron.bulk.database import delete_business_data
from patron.core.models import CompanySettings, Counter
from patron.demo.generator import Generated, generate

# Mid-quarter, so the history ends with deals, orders and cases in flight.
TODAY = dt.date(2026, 5, 20)
SEED = 7


def wipe() -> None:
    """Leave the database as the other tests expect it: no business data, default
    company settings, no counters."""
    delete_business_data()
    CompanySettings.objects.all().delete()
    Counter.objects.all().delete()


@pytest.fixture(scope="module")
def tiny_company(django_db_setup, django_db_blocker) -> Generated:
    """Generated and committed once for the module; the tests only read it."""
    with django_db_blocker.unblock():
        generated = generate(scale="tiny", seed=SEED, today=TODAY)
    yield generated
    with django_db_blocker.unblock():
        wipe()

"""Shared order-to-cash fixtures: a customer of the persona rep, products, THB rates."""

import datetime as dt
from decimal import Decimal

import pytest

from patron.accounts.models import Account
from patron.catalog.models import Product
from patron.core.models import ExchangeRate
from patron.pipeline.models import Opportunity
from tests.factories.accounts import AccountFactory
from tests.factories.catalog import ProductFactory
from tests.factories.orders import won_opportunity


@pytest.fixture
def customer(org) -> Account:
    """An account owned by the persona rep (so the rep, their manager and the director
    see it; the peer team does not)."""
    return AccountFactory(owner=org.rep, name="Siam Cement")


@pytest.fixture
def licence(db) -> Product:
    return ProductFactory(name="Licence", currency="USD", list_price_minor=100_000)


@pytest.fixture
def training(db) -> Product:
    return ProductFactory(name="Training", currency="USD", list_price_minor=25_000)


@pytest.fixture
def thb_rates(company) -> None:
    """USD is the base currency; one baht was worth 0.0280 USD from 1 January 2026 and
    0.0285 USD from 1 March 2026."""
    ExchangeRate.objects.create(
        currency="THB", valid_from=dt.date(2026, 1, 1), rate=Decimal("0.0280")
    )
    ExchangeRate.objects.create(
        currency="THB", valid_from=dt.date(2026, 3, 1), rate=Decimal("0.0285")
    )


@pytest.fixture
def won_deal(customer) -> Opportunity:
    return won_opportunity(account=customer, amount_minor=1_000_000, amount_base_minor=1_000_000)

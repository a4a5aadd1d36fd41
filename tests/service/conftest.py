"""Shared customer-service fixtures: a customer of the persona rep and its contact."""

import pytest

from patron.accounts.models import Account, Contact
from tests.factories.accounts import AccountFactory, ContactFactory


@pytest.fixture
def customer(org) -> Account:
    """An account owned by the persona rep: the rep's team sees it, the peer team does not."""
    return AccountFactory(owner=org.rep, name="Bangkok Bank")


@pytest.fixture
def contact(customer) -> Contact:
    return ContactFactory(account=customer, first_name="Somchai", last_name="Wong")

"""A small book of business for the page tests: the rep's, rep2's and the peer team's
accounts and deals, with names that say whose they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from patron.accounts.models import Account
from patron.pipeline.models import Opportunity
from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import OpportunityFactory


@dataclass
class Book:
    rep_account: Account
    rep2_account: Account
    peer_account: Account
    rep_deal: Opportunity
    rep2_deal: Opportunity
    peer_deal: Opportunity


@pytest.fixture
def book(org) -> Book:
    rep_account = AccountFactory(name="Alpha Foods", owner=org.rep, lifecycle="customer", tier="A")
    rep2_account = AccountFactory(name="Bravo Logistics", owner=org.rep2, lifecycle="prospect")
    peer_account = AccountFactory(name="Zulu Peer Bank", owner=org.peer_rep, lifecycle="customer")
    return Book(
        rep_account=rep_account,
        rep2_account=rep2_account,
        peer_account=peer_account,
        rep_deal=OpportunityFactory(
            name="Alpha renewal", account=rep_account, close_date=dt.date(2026, 3, 20)
        ),
        rep2_deal=OpportunityFactory(
            name="Bravo fleet", account=rep2_account, close_date=dt.date(2026, 4, 10)
        ),
        peer_deal=OpportunityFactory(
            name="Zulu core banking", account=peer_account, close_date=dt.date(2026, 5, 1)
        ),
    )

"""A list's total may be counted from the viewer's access rows: it must be the total of
the list itself, for every person."""

from __future__ import annotations

import pytest

from patron.accounts import selectors as account_selectors
from patron.pipeline import selectors as pipeline_selectors
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory
from tests.factories.pipeline import OpportunityFactory

PEOPLE = ["director", "manager", "rep", "rep2", "account_manager", "peer_manager", "peer_rep"]


@pytest.fixture
def book(org):
    own = AccountFactory(owner=org.rep)
    peer = AccountFactory(owner=org.peer_rep)
    AccountTeamMemberFactory(account=peer, user=org.account_manager)
    OpportunityFactory(account=own, owner=org.rep)
    OpportunityFactory(account=own, owner=org.peer_rep)  # an outsider's deal on our account
    OpportunityFactory(account=peer, owner=org.peer_rep)
    OpportunityFactory(account=peer, owner=org.rep2)  # our deal on an outsider's account


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_the_unfiltered_totals_counted_from_access_rows_are_the_lists(org, book, person):
    viewer = getattr(org, person)
    accounts = account_selectors.account_list_rows_to_count(viewer=viewer)
    deals = pipeline_selectors.opportunity_list_rows_to_count(viewer=viewer)
    assert accounts.count() == account_selectors.account_list(viewer=viewer).count()
    assert deals.count() == pipeline_selectors.opportunity_list(viewer=viewer).count()


@pytest.mark.django_db
def test_a_filtered_list_is_counted_itself(org, book):
    assert account_selectors.account_list_rows_to_count(viewer=org.rep, search="x") is None
    assert pipeline_selectors.opportunity_list_rows_to_count(viewer=org.rep, status="open") is None
    assert account_selectors.account_list_rows_to_count(viewer=org.sales_ops) is None

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from patron.accounts.models import Handoff
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory, ContactFactory
from tests.factories.pipeline import OpportunityFactory


def url(account) -> str:
    return reverse("web:account-detail", args=[account.pk])


def test_a_rep_gets_404_for_a_peer_reps_account(client_for, org, book):
    response = client_for(org.rep).get(url(book.peer_account))
    assert response.status_code == 404
    assert b"Zulu Peer Bank" not in response.content


def test_a_missing_account_is_the_same_404(client_for, org, book):
    response = client_for(org.rep).get(reverse("web:account-detail", args=[987654]))
    assert response.status_code == 404


def test_a_manager_opens_a_team_account_but_not_a_peer_team_account(client_for, org, book):
    client = client_for(org.manager)
    assert client.get(url(book.rep2_account)).status_code == 200
    assert client.get(url(book.peer_account)).status_code == 404


@pytest.mark.parametrize("persona", ["sales_ops", "executive", "admin", "director"])
def test_roles_that_see_everything_open_any_account(client_for, org, book, persona):
    response = client_for(getattr(org, persona)).get(url(book.peer_account))
    assert response.status_code == 200
    assert response.context["account"] == book.peer_account


def test_anonymous_is_sent_to_sign_in(client, book):
    response = client.get(url(book.rep_account))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next={url(book.rep_account)}"


def test_the_header_shows_tier_lifecycle_owner_territory_and_customer_since(client_for, org, book):
    # given
    account = book.rep_account
    account.customer_since = dt.date(2024, 2, 1)
    account.save()
    org.rep.first_name, org.rep.last_name = "Somchai", "Rattana"
    org.rep.save()
    # when
    html = client_for(org.rep).get(url(account)).content.decode()
    # then
    assert "Key account A" in html
    assert "Customer" in html
    assert "Somchai Rattana" in html
    assert "02/01/2024" in html


def test_parent_and_subsidiaries_are_shown_only_when_visible(client_for, org):
    # given: the rep's account has a visible parent, a visible and a hidden subsidiary
    parent = AccountFactory(name="Holding Group", owner=org.rep)
    account = AccountFactory(name="Operating Co", owner=org.rep, parent=parent)
    AccountFactory(name="Visible Sub", owner=org.rep, parent=account)
    AccountFactory(name="Hidden Sub", owner=org.peer_rep, parent=account)
    # when
    response = client_for(org.rep).get(url(account))
    # then
    overview = response.context["overview"]
    assert overview.parent == parent
    assert [sub.name for sub in overview.subsidiaries] == ["Visible Sub"]
    assert b"Hidden Sub" not in response.content


def test_an_invisible_parent_is_not_named(client_for, org):
    parent = AccountFactory(name="Secret Holding", owner=org.peer_rep)
    account = AccountFactory(name="Child Co", owner=org.rep, parent=parent)
    response = client_for(org.rep).get(url(account))
    assert response.context["overview"].parent is None
    assert b"Secret Holding" not in response.content


def test_shows_the_account_team_with_roles(client_for, org, book):
    org.account_manager.first_name, org.account_manager.last_name = "Maria", "Santos"
    org.account_manager.save()
    AccountTeamMemberFactory(
        account=book.rep_account, user=org.account_manager, role="account_manager"
    )
    html = client_for(org.rep).get(url(book.rep_account)).content.decode()
    assert "Maria Santos" in html
    assert "Account manager" in html


def test_the_buying_committee_shows_roles_strength_touch_and_gaps(client_for, org, book):
    # given
    now = timezone.now()
    ContactFactory(
        account=book.rep_account,
        first_name="Ploy",
        last_name="Chai",
        buying_role="economic_buyer",
        relationship_strength=4,
        touch_every_days=30,
        last_touched_at=now - dt.timedelta(days=45),
    )
    ContactFactory(
        account=book.rep_account,
        first_name="Ken",
        last_name="Lim",
        buying_role="champion",
        relationship_strength=2,
        touch_every_days=30,
        last_touched_at=now - dt.timedelta(days=3),
    )
    ContactFactory(account=book.rep_account, first_name="Gone", is_active=False)
    # when
    response = client_for(org.rep).get(url(book.rep_account))
    # then
    overview = response.context["overview"]
    assert [(m.contact.first_name, m.touch_overdue) for m in overview.committee] == [
        ("Ploy", True),
        ("Ken", False),
    ]
    assert [str(role) for role in overview.uncovered_roles] == [
        "Technical decision maker",
        "Purchasing",
        "Influencer",
        "User",
    ]
    html = response.content.decode()
    assert "Economic buyer" in html
    assert "4 of 5" in html
    assert "touch overdue" in html
    assert "Gone" not in html


def test_lists_the_accounts_deals_and_handoffs(client_for, org, book):
    # given
    OpportunityFactory(name="Alpha expansion", account=book.rep_account, amount_minor=250_050)
    Handoff.objects.create(
        account=book.rep_account,
        from_user=org.rep,
        to_user=org.account_manager,
        handed_off_on=dt.date(2026, 2, 3),
        note="Signed three-year deal; CFO is the sponsor.",
    )
    # when
    response = client_for(org.rep).get(url(book.rep_account))
    # then
    html = response.content.decode()
    assert [deal.name for deal in response.context["opportunities"]] == [
        "Alpha renewal",
        "Alpha expansion",
    ]
    assert "$2,500.50" in html
    assert "Signed three-year deal; CFO is the sponsor." in html
    assert reverse("web:opportunity-detail", args=[book.rep_deal.pk]) in html


def test_a_service_agent_sees_the_account_without_a_deals_section(client_for, org, book):
    response = client_for(org.service_agent).get(url(book.rep_account))
    assert response.status_code == 200
    assert b"Alpha renewal" not in response.content
    assert b'id="deals-heading"' not in response.content


def test_the_account_page_query_count_is_bounded(
    client_for, org, book, django_assert_max_num_queries
):
    # given
    for number in range(30):
        ContactFactory(account=book.rep_account, buying_role="user")
        OpportunityFactory(account=book.rep_account, name=f"Deal {number}")
    client = client_for(org.rep)
    # when / then: each visible_to walks the reporting tree (2 queries) — none per row
    with django_assert_max_num_queries(30):
        response = client.get(url(book.rep_account))
    assert len(response.context["overview"].committee) == 30

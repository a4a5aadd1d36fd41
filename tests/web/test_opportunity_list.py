import datetime as dt

import pytest
from django.urls import reverse

from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import OpportunityFactory, stage

URL = reverse("web:opportunity-list")


def names(response) -> list[str]:
    return [deal.name for deal in response.context["page"].object_list]


def test_a_rep_sees_only_their_own_deals(client_for, org, book):
    response = client_for(org.rep).get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alpha renewal"]
    assert b"Zulu core banking" not in response.content


def test_a_manager_sees_the_team_but_not_the_peer_team(client_for, org, book):
    response = client_for(org.manager).get(URL)
    assert names(response) == ["Alpha renewal", "Bravo fleet"]


@pytest.mark.parametrize("persona", ["sales_ops", "executive", "admin"])
def test_roles_that_see_everything_see_every_deal(client_for, org, book, persona):
    response = client_for(getattr(org, persona)).get(URL)
    assert names(response) == ["Alpha renewal", "Bravo fleet", "Zulu core banking"]


def test_a_service_agent_sees_no_deals(client_for, org, book):
    response = client_for(org.service_agent).get(URL)
    assert names(response) == []


def test_a_deal_the_rep_owns_on_an_account_they_cannot_see_is_listed_without_a_link(
    client_for, org, book
):
    # given: the rep owns a deal on the peer rep's account
    OpportunityFactory(name="Side deal", account=book.peer_account, owner=org.rep)
    # when
    response = client_for(org.rep).get(URL)
    # then
    html = response.content.decode()
    assert names(response) == ["Alpha renewal", "Side deal"]
    assert "Zulu Peer Bank" in html
    assert reverse("web:account-detail", args=[book.peer_account.pk]) not in html
    assert reverse("web:account-detail", args=[book.rep_account.pk]) in html


def test_search_matches_deal_or_account_name(client_for, org, book):
    client = client_for(org.sales_ops)
    assert names(client.get(URL, {"search": "fleet"})) == ["Bravo fleet"]
    assert names(client.get(URL, {"search": "peer bank"})) == ["Zulu core banking"]


def test_filters_by_status_stage_and_owner(client_for, org, book):
    # given
    negotiation = stage("Negotiation")
    book.rep2_deal.stage = negotiation
    book.rep2_deal.save()
    OpportunityFactory(
        name="Alpha lost",
        account=book.rep_account,
        stage=stage("Closed lost"),
        status="lost",
        loss_reason="price",
        closed_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )
    client = client_for(org.sales_ops)
    # when / then
    assert names(client.get(URL, {"status": "lost"})) == ["Alpha lost"]
    assert names(client.get(URL, {"stage": negotiation.pk})) == ["Bravo fleet"]
    assert names(client.get(URL, {"owner": org.rep.pk, "status": "open"})) == ["Alpha renewal"]


def test_the_owner_filter_offers_only_owners_of_visible_deals(client_for, org, book):
    # given
    for user, first_name in [(org.rep, "Somchai"), (org.rep2, "Anan")]:
        user.first_name = first_name
        user.save(update_fields=["first_name"])
    # when
    response = client_for(org.manager).get(URL)
    # then
    owners = list(response.context["filters"].fields["owner"].queryset)
    assert owners == [org.rep2, org.rep]


def test_an_owner_outside_the_viewers_sight_is_ignored(client_for, org, book):
    response = client_for(org.rep).get(URL, {"owner": org.peer_rep.pk})
    assert names(response) == ["Alpha renewal"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("close_date", ["Alpha renewal", "Bravo fleet", "Zulu core banking"]),
        ("-close_date", ["Zulu core banking", "Bravo fleet", "Alpha renewal"]),
        ("amount", ["Bravo fleet", "Zulu core banking", "Alpha renewal"]),
        ("-amount", ["Alpha renewal", "Zulu core banking", "Bravo fleet"]),
        ("name", ["Alpha renewal", "Bravo fleet", "Zulu core banking"]),
    ],
)
def test_sorts_by_close_date_amount_and_name(client_for, org, book, sort, expected):
    # given: amounts in the base currency decide the amount order
    for deal, base in [(book.rep_deal, 900), (book.rep2_deal, 100), (book.peer_deal, 500)]:
        deal.amount_base_minor = base
        deal.save()
    # when
    response = client_for(org.sales_ops).get(URL, {"sort": sort})
    # then
    assert names(response) == expected


def test_amounts_are_shown_in_each_deals_currency(client_for, org, book):
    OpportunityFactory(
        name="Baht deal", account=book.rep_account, currency="THB", amount_minor=123_456_78
    )
    OpportunityFactory(name="Yen deal", account=book.rep_account, currency="JPY", amount_minor=5000)
    html = client_for(org.rep).get(URL).content.decode()
    assert "THB123,456.78" in html
    assert "¥5,000" in html
    assert "$10,000.00" in html


def test_sort_header_links_keep_the_filters_and_reset_the_page(client_for, org, book):
    html = client_for(org.sales_ops).get(URL, {"status": "open", "page": "1"}).content.decode()
    assert f'href="{URL}?status=open&amp;sort=name"' in html
    assert 'aria-sort="ascending"' in html


def test_pages_hold_25_deals(client_for, org):
    account = AccountFactory(owner=org.rep)
    for number in range(30):
        OpportunityFactory(name=f"Deal {number:02d}", account=account)
    client = client_for(org.rep)
    assert len(client.get(URL).context["page"].object_list) == 25
    assert names(client.get(URL, {"page": 2, "sort": "name"})) == [
        f"Deal {n:02d}" for n in range(25, 30)
    ]


@pytest.mark.parametrize("persona", ["rep", "manager", "sales_ops"])
def test_the_query_count_does_not_grow_with_the_rows(
    client_for, org, django_assert_max_num_queries, persona
):
    # given
    for owner in (org.rep, org.rep2):
        account = AccountFactory(owner=owner)
        for number in range(20):
            OpportunityFactory(name=f"Deal {number:02d}", account=account)
    client = client_for(getattr(org, persona))
    # when / then: session, user, visibility walks, count, rows, stage and owner choices
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    expected_rows = 20 if persona == "rep" else 25
    assert len(response.context["page"].object_list) == expected_rows

import pytest
from django.urls import reverse

from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory

URL = reverse("web:account-list")


def names(response) -> list[str]:
    return [account.name for account in response.context["page"].object_list]


def test_a_rep_sees_only_their_own_accounts(client_for, org, book):
    # when
    response = client_for(org.rep).get(URL)
    # then
    assert response.status_code == 200
    assert names(response) == ["Alpha Foods"]
    assert b"Zulu Peer Bank" not in response.content


def test_a_rep_also_sees_accounts_whose_team_they_are_on(client_for, org, book):
    # given
    AccountTeamMemberFactory(account=book.peer_account, user=org.rep)
    # when
    response = client_for(org.rep).get(URL)
    # then
    assert names(response) == ["Alpha Foods", "Zulu Peer Bank"]


def test_a_manager_sees_the_team_but_not_the_peer_team(client_for, org, book):
    response = client_for(org.manager).get(URL)
    assert names(response) == ["Alpha Foods", "Bravo Logistics"]


@pytest.mark.parametrize("persona", ["sales_ops", "executive", "director", "service_agent"])
def test_roles_that_see_every_account_see_all_of_them(client_for, org, book, persona):
    response = client_for(getattr(org, persona)).get(URL)
    assert names(response) == ["Alpha Foods", "Bravo Logistics", "Zulu Peer Bank"]


def test_search_matches_part_of_the_name_in_any_case(client_for, org, book):
    response = client_for(org.sales_ops).get(URL, {"search": "LOGIST"})
    assert names(response) == ["Bravo Logistics"]


def test_search_never_reveals_an_invisible_account(client_for, org, book):
    response = client_for(org.rep).get(URL, {"search": "Zulu"})
    assert names(response) == []
    assert b"No accounts match these filters." in response.content


def test_filters_by_lifecycle_and_tier(client_for, org, book):
    client = client_for(org.sales_ops)
    assert names(client.get(URL, {"lifecycle": "customer"})) == ["Alpha Foods", "Zulu Peer Bank"]
    assert names(client.get(URL, {"lifecycle": "customer", "tier": "A"})) == ["Alpha Foods"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha Foods", "Bravo Logistics", "Zulu Peer Bank"]),
        ("-name", ["Zulu Peer Bank", "Bravo Logistics", "Alpha Foods"]),
        ("lifecycle", ["Alpha Foods", "Zulu Peer Bank", "Bravo Logistics"]),
        ("-created", ["Zulu Peer Bank", "Bravo Logistics", "Alpha Foods"]),
        ("tier", ["Bravo Logistics", "Zulu Peer Bank", "Alpha Foods"]),
    ],
)
def test_sorts_by_the_chosen_column(client_for, org, book, sort, expected):
    response = client_for(org.sales_ops).get(URL, {"sort": sort})
    assert names(response) == expected


def test_sorts_by_owner_name(client_for, org, book):
    # given: owners named so their order is known
    for user, first_name in [(org.rep, "Carla"), (org.rep2, "Anan"), (org.peer_rep, "Bea")]:
        user.first_name = first_name
        user.save(update_fields=["first_name"])
    # when
    response = client_for(org.sales_ops).get(URL, {"sort": "owner"})
    # then
    assert names(response) == ["Bravo Logistics", "Zulu Peer Bank", "Alpha Foods"]


def test_an_unknown_sort_or_filter_value_falls_back_to_the_default(client_for, org, book):
    response = client_for(org.sales_ops).get(URL, {"sort": "password", "lifecycle": "nonsense"})
    assert response.status_code == 200
    assert names(response) == ["Alpha Foods", "Bravo Logistics", "Zulu Peer Bank"]


def test_pages_hold_25_accounts_and_keep_the_filters(client_for, org):
    # given
    for number in range(30):
        AccountFactory(name=f"Customer {number:02d}", owner=org.rep, lifecycle="customer")
    AccountFactory(name="Prospect only", owner=org.rep)
    client = client_for(org.rep)
    # when
    first = client.get(URL, {"lifecycle": "customer"})
    second = client.get(URL, {"lifecycle": "customer", "page": "2"})
    # then
    assert names(first) == [f"Customer {n:02d}" for n in range(25)]
    assert names(second) == [f"Customer {n:02d}" for n in range(25, 30)]
    assert "?lifecycle=customer&amp;page=2" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_a_page_number_past_the_end_shows_the_last_page(client_for, org, book):
    response = client_for(org.sales_ops).get(URL, {"page": "99"})
    assert response.context["page"].number == 1
    assert names(response) == ["Alpha Foods", "Bravo Logistics", "Zulu Peer Bank"]


def test_htmx_gets_only_the_results_fragment(client_for, org, book):
    # when
    response = client_for(org.sales_ops).get(URL, {"search": "Alpha"}, HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert names(response) == ["Alpha Foods"]
    assert "<html" not in html
    assert '<span id="sort-control" hx-swap-oob="true">' in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client_for, org, book):
    response = client_for(org.sales_ops).get(
        URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("persona", ["rep", "manager", "sales_ops"])
def test_the_query_count_does_not_grow_with_the_rows(
    client_for, org, django_assert_max_num_queries, persona
):
    # given
    for number in range(40):
        AccountFactory(name=f"Account {number:02d}", owner=org.rep)
    client = client_for(getattr(org, persona))
    # when / then: session, user, visibility (teams, users), count, rows
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 25

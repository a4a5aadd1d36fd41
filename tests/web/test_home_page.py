import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import OpportunityFactory, stage

URL = reverse("web:home")
TODAY = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def deals(org):
    """The rep: three open deals (two close in March 2026), one won; rep2 and the peer
    rep one open deal each."""
    account = AccountFactory(name="Alpha Foods", owner=org.rep)
    AccountFactory(name="Second Alpha", owner=org.rep)

    def deal(name, owner, close_date, amount, **extra):
        return OpportunityFactory(
            name=name,
            account=account,
            owner=owner,
            close_date=close_date,
            amount_minor=amount,
            amount_base_minor=amount,
            **extra,
        )

    deal("March one", org.rep, dt.date(2026, 3, 1), 1_000_000)
    deal("March end", org.rep, dt.date(2026, 3, 31), 250_050)
    deal("April", org.rep, dt.date(2026, 4, 1), 500_000)
    deal(
        "Won in March",
        org.rep,
        dt.date(2026, 3, 5),
        9_900_000,
        stage=stage("Closed won"),
        status="won",
        closed_at=dt.datetime(2026, 3, 5, tzinfo=dt.UTC),
    )
    deal("Rep2 deal", org.rep2, dt.date(2026, 3, 15), 300_000)
    peer_account = AccountFactory(owner=org.peer_rep)
    OpportunityFactory(
        account=peer_account, close_date=dt.date(2026, 3, 15), amount_base_minor=700_000
    )


def stat(response, testid: str) -> str:
    html = response.content.decode()
    start = html.index(f'data-testid="{testid}">') + len(f'data-testid="{testid}">')
    return html[start : html.index("<", start)]


@time_machine.travel(TODAY)
def test_a_rep_sees_their_own_open_pipeline_and_this_months_closes(client_for, org, deals):
    # when
    response = client_for(org.rep).get(URL)
    # then
    assert response.status_code == 200
    assert stat(response, "open-count") == "3"
    assert stat(response, "open-amount") == "$17,500.50"
    assert stat(response, "closing-count") == "2"
    assert stat(response, "closing-amount") == "$12,500.50"
    assert stat(response, "owned-accounts") == "2"
    assert 'data-testid="visible-count"' not in response.content.decode()
    next_deals = [deal.name for deal in response.context["summary"].next_deals]
    assert next_deals == ["March one", "March end", "April"]


@time_machine.travel(TODAY)
def test_a_manager_also_sees_the_teams_open_pipeline_but_not_the_peer_team(client_for, org, deals):
    response = client_for(org.manager).get(URL)
    assert stat(response, "open-count") == "0"
    assert stat(response, "visible-count") == "4"
    assert stat(response, "visible-amount") == "$20,500.50"


@time_machine.travel(TODAY)
def test_sales_ops_sees_the_whole_companys_open_pipeline(client_for, org, deals):
    response = client_for(org.sales_ops).get(URL)
    assert stat(response, "visible-count") == "5"
    assert stat(response, "visible-amount") == "$27,500.50"


@time_machine.travel(TODAY)
def test_a_service_agent_sees_no_pipeline_numbers(client_for, org, deals):
    response = client_for(org.service_agent).get(URL)
    assert response.status_code == 200
    assert response.context["summary"] is None
    assert 'data-testid="open-count"' not in response.content.decode()


@time_machine.travel(TODAY)
def test_an_empty_book_shows_zeros_not_errors(client_for, org):
    response = client_for(org.rep).get(URL)
    assert stat(response, "open-count") == "0"
    assert stat(response, "open-amount") == "$0.00"
    assert b"You have no open deals." in response.content


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next=/"

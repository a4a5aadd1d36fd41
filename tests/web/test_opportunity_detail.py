import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from patron.pipeline.models import OpportunityHistory, OpportunityLine
from tests.factories.catalog import ProductFactory
from tests.factories.pipeline import OpportunityFactory, stage


def url(deal) -> str:
    return reverse("web:opportunity-detail", args=[deal.pk])


def test_a_rep_gets_404_for_a_peer_reps_deal(client_for, org, book):
    response = client_for(org.rep).get(url(book.peer_deal))
    assert response.status_code == 404
    assert b"Zulu core banking" not in response.content


def test_a_manager_opens_a_team_deal_but_not_a_peer_team_deal(client_for, org, book):
    client = client_for(org.manager)
    assert client.get(url(book.rep2_deal)).status_code == 200
    assert client.get(url(book.peer_deal)).status_code == 404


@pytest.mark.parametrize("persona", ["sales_ops", "executive", "admin", "director"])
def test_roles_that_see_everything_open_any_deal(client_for, org, book, persona):
    assert client_for(getattr(org, persona)).get(url(book.peer_deal)).status_code == 200


def test_a_service_agent_gets_404_for_any_deal(client_for, org, book):
    assert client_for(org.service_agent).get(url(book.rep_deal)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, book):
    response = client.get(url(book.rep_deal))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_shows_the_amount_formatted_from_minor_units(client_for, org, book):
    # given
    deal = OpportunityFactory(account=book.rep_account, currency="THB", amount_minor=1_234_567_89)
    # when
    html = client_for(org.rep).get(url(deal)).content.decode()
    # then
    assert "THB1,234,567.89" in html


def test_the_amount_follows_the_active_language(client_for, org, book):
    deal = OpportunityFactory(account=book.rep_account, currency="THB", amount_minor=1_234_567_89)
    client = client_for(org.rep)
    html = client.get(url(deal), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    translation.activate("en")
    assert "฿1,234,567.89" in html


def test_shows_line_items_with_money_in_the_deals_currency(client_for, org, book):
    # given
    product = ProductFactory(name="Analytics Suite", sku="AN-1")
    OpportunityLine.objects.create(
        opportunity=book.rep_deal,
        product=product,
        quantity=3,
        unit_price_minor=250_000,
        discount_percent=Decimal("10.00"),
        total_minor=675_000,
    )
    # when
    response = client_for(org.rep).get(url(book.rep_deal))
    # then
    html = response.content.decode()
    assert "Analytics Suite" in html
    assert "$2,500.00" in html
    assert "$6,750.00" in html
    assert "10%" in html


def test_the_history_shows_stage_owner_amount_and_dates_readably(client_for, org, book):
    # given
    deal = book.rep_deal
    org.rep.first_name, org.rep.last_name = "Anong", "Sukjai"
    org.rep.save()
    org.rep2.first_name, org.rep2.last_name = "Ben", "Cruz"
    org.rep2.save()
    prospecting, proposal = stage("Prospecting"), stage("Proposal")
    rows = [
        ("stage", "", str(prospecting.pk)),
        ("amount", "", "1000000"),
        ("stage", str(prospecting.pk), str(proposal.pk)),
        ("amount", "1000000", "1250050"),
        ("close_date", "2026-03-20", "2026-04-30"),
        ("forecast_category", "pipeline", "commit"),
        ("owner", str(org.rep2.pk), str(org.rep.pk)),
    ]
    for field, old, new in rows:
        OpportunityHistory.objects.create(
            opportunity=deal, field=field, old_value=old, new_value=new, changed_by=org.rep
        )
    # when
    response = client_for(org.rep).get(url(deal))
    # then
    history = response.context["history"]
    assert [(e.field_label, str(e.old), str(e.new)) for e in history] == [
        ("Owner", "Ben Cruz", "Anong Sukjai"),
        ("Forecast category", "Pipeline", "Commit"),
        ("Close date", "2026-03-20", "2026-04-30"),
        ("Amount", "10000.00 USD", "12500.50 USD"),
        ("Stage", "Prospecting", "Proposal"),
        ("Amount", "None", "10000.00 USD"),
        ("Stage", "None", "Prospecting"),
    ]
    html = response.content.decode()
    assert "$10,000.00" in html
    assert "$12,500.50" in html
    assert "04/30/2026" in html
    assert "set to" in html


def test_the_page_links_to_the_account_only_when_it_is_visible(client_for, org, book):
    side_deal = OpportunityFactory(name="Side deal", account=book.peer_account, owner=org.rep)
    client = client_for(org.rep)
    html = client.get(url(side_deal)).content.decode()
    assert "Zulu Peer Bank" in html
    assert reverse("web:account-detail", args=[book.peer_account.pk]) not in html
    own = client.get(url(book.rep_deal)).content.decode()
    assert reverse("web:account-detail", args=[book.rep_account.pk]) in own


def test_the_deal_page_query_count_does_not_grow_with_history(
    client_for, org, book, django_assert_max_num_queries
):
    # given
    product = ProductFactory()
    for number in range(30):
        OpportunityHistory.objects.create(
            opportunity=book.rep_deal,
            field="close_date",
            old_value="2026-03-01",
            new_value=(dt.date(2026, 3, 1) + dt.timedelta(days=number)).isoformat(),
            changed_by=org.rep,
        )
        OpportunityLine.objects.create(
            opportunity=book.rep_deal, product=product, unit_price_minor=100, total_minor=100
        )
    client = client_for(org.rep)
    # when / then
    with django_assert_max_num_queries(20):
        response = client.get(url(book.rep_deal))
    assert len(response.context["history"]) == 30

"""The "Changes" card on record pages: the audit trail of the record and of what belongs
to it, as people read it, for whoever may open the page."""

from __future__ import annotations

from django.urls import reverse

from patron.accounts.services.contacts import create_contact
from patron.accounts.services.team import add_account_team_member
from patron.catalog.pricing import LineInput
from patron.core.operations import audit_source
from patron.pipeline.services.lines import set_opportunity_lines
from tests.factories.catalog import ProductFactory


def test_the_account_page_shows_who_added_a_contact_and_from_where(client_for, org, book):
    # given
    with audit_source("web"):
        create_contact(
            actor=org.rep, account_id=book.rep_account.pk, first_name="Somchai", title="CFO"
        )
    # when
    response = client_for(org.rep).get(reverse("web:account-detail", args=[book.rep_account.pk]))
    # then
    entries = response.context["audit_entries"]
    (entry,) = [entry for entry in entries if entry.event.record_type == "accounts.contact"]
    assert entry.event.actor == org.rep
    assert entry.source_label == "Web page"
    assert {change.field: change.new for change in entry.changes}["title"] == "CFO"
    html = response.content.decode()
    assert "Somchai" in html
    assert 'data-testid="audit-timeline"' in html


def test_a_deals_timeline_keeps_the_lines_that_were_replaced(client_for, org, book):
    # given: two sets of lines, the first one removed by the second
    deal = book.rep_deal
    first = ProductFactory(name="Analytics Suite", currency=deal.currency)
    second = ProductFactory(name="Support Plan", currency=deal.currency)
    set_opportunity_lines(
        actor=org.rep, opportunity_id=deal.pk, version=1, lines=[LineInput(first.pk)]
    )
    set_opportunity_lines(
        actor=org.rep, opportunity_id=deal.pk, version=2, lines=[LineInput(second.pk)]
    )
    # when
    response = client_for(org.manager).get(reverse("web:opportunity-detail", args=[deal.pk]))
    # then: the deleted line's event is still on the deal's timeline, with its product
    line_entries = [
        entry
        for entry in response.context["audit_entries"]
        if entry.event.record_type == "pipeline.opportunityline"
    ]
    assert sorted(entry.event.action for entry in line_entries) == ["create", "create", "delete"]
    (deleted,) = [entry for entry in line_entries if entry.event.action == "delete"]
    products = {change.field: change.old for change in deleted.changes}
    assert products["product"] == "Analytics Suite"
    assert "Analytics Suite" in response.content.decode()


def test_the_changes_card_costs_the_same_queries_for_many_events(
    client_for, org, book, django_assert_max_num_queries
):
    # given: a page with one event, then with forty
    client = client_for(org.rep)
    url = reverse("web:account-detail", args=[book.rep_account.pk])
    add_account_team_member(
        actor=org.rep, account_id=book.rep_account.pk, user_id=org.rep2.pk, role="account_manager"
    )
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for number in range(40):
        create_contact(actor=org.rep, account_id=book.rep_account.pk, first_name=f"Person {number}")
    # then
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_peer_cannot_read_the_trail_of_a_record_they_cannot_open(client_for, org, book):
    create_contact(actor=org.peer_rep, account_id=book.peer_account.pk, first_name="Secret")
    response = client_for(org.rep).get(reverse("web:account-detail", args=[book.peer_account.pk]))
    assert response.status_code == 404
    assert b"Secret" not in response.content

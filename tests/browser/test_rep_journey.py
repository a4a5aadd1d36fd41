"""A rep's first journey: sign in, find an account, open a deal and read its history,
sign out — on a laptop and on a phone, with no error in the browser console."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from patron.pipeline.models import OpportunityHistory
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.pipeline import OpportunityFactory, stage

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


@pytest.fixture
def rep_book(org):
    """The rep's account with a contact and a deal that moved from Prospecting to
    Proposal; and a peer rep's account the rep must never see."""
    org.rep.first_name, org.rep.last_name = "Anong", "Sukjai"
    org.rep.save()
    account = AccountFactory(name="Alpha Foods", owner=org.rep, lifecycle="customer", tier="A")
    ContactFactory(
        account=account, first_name="Ploy", last_name="Chai", buying_role="economic_buyer"
    )
    deal = OpportunityFactory(
        name="Alpha renewal",
        account=account,
        currency="THB",
        amount_minor=1_250_000_00,
        amount_base_minor=35_000_00,  # USD at the close-date rate
        close_date=dt.date(2026, 6, 30),
        stage=stage("Proposal"),
    )
    prospecting, proposal = stage("Prospecting"), stage("Proposal")
    for field, old, new in [
        ("stage", "", str(prospecting.pk)),
        ("amount", "", "100000000"),
        ("stage", str(prospecting.pk), str(proposal.pk)),
        ("amount", "100000000", "125000000"),
    ]:
        OpportunityHistory.objects.create(
            opportunity=deal, field=field, old_value=old, new_value=new, changed_by=org.rep
        )
    AccountFactory(name="Zulu Peer Bank", owner=org.peer_rep)
    return deal


def sign_in(session, username: str) -> None:
    page = session.page
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Anong")).to_be_visible()


def test_a_rep_signs_in_opens_an_account_and_a_deals_history_and_signs_out(laptop, rep_book):
    page = laptop.page
    # given / when: sign in
    sign_in(laptop, "rep")
    expect(page.get_by_test_id("open-count")).to_have_text("1")
    expect(page.get_by_test_id("open-amount")).to_have_text("$35,000.00")
    laptop.screenshot("01-home")

    # the accounts list shows only the rep's accounts; searching narrows it in place
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Accounts"
    ).click()
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Alpha Foods")
    expect(page.get_by_text("Zulu Peer Bank")).to_have_count(0)
    page.get_by_label("Search accounts").fill("nothing like it")
    expect(page.get_by_text("No accounts match these filters.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"search=nothing"))
    page.get_by_label("Search accounts").fill("alpha")
    expect(rows).to_have_count(1)
    # sorting by a column header keeps the search and updates the sort control
    page.get_by_role("link", name="Name").click()
    expect(page).to_have_url(re.compile(r"search=alpha.*sort=-name"))
    expect(page.get_by_label("Sort")).to_have_value("-name")
    expect(rows).to_have_count(1)
    # picking a filter refreshes the list too
    page.get_by_label("Lifecycle").select_option("prospect")
    expect(page.get_by_text("No accounts match these filters.")).to_be_visible()
    page.get_by_label("Lifecycle").select_option("customer")
    expect(rows).to_have_count(1)
    laptop.screenshot("02-accounts")

    # the account page
    page.get_by_role("link", name="Alpha Foods").click()
    expect(page.get_by_role("heading", name="Alpha Foods", level=1)).to_be_visible()
    expect(page.get_by_text("Key account A")).to_be_visible()
    expect(page.get_by_role("cell", name="Economic buyer")).to_be_visible()
    laptop.screenshot("03-account")

    # the deal and its history
    page.get_by_role("link", name="Alpha renewal").click()
    expect(page.get_by_role("heading", name="Alpha renewal", level=1)).to_be_visible()
    expect(page.get_by_test_id("amount")).to_have_text("THB1,250,000.00")
    history = page.locator(".timeline-entry")
    expect(history).to_have_count(4)
    expect(history.nth(0)).to_contain_text("Amount: THB1,000,000.00")
    expect(history.nth(0)).to_contain_text("THB1,250,000.00")
    expect(history.nth(1)).to_contain_text("Stage: Prospecting")
    expect(history.nth(1)).to_contain_text("Proposal")
    laptop.screenshot("04-opportunity")

    # sign out
    page.get_by_role("button", name="Anong Sukjai").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto("/accounts/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/accounts/$"))

    assert laptop.console_errors == []


def test_on_a_phone_the_menu_opens_and_the_pages_fit(phone, rep_book):
    page = phone.page
    sign_in(phone, "rep")
    page.get_by_role("button", name="Show navigation").click()
    page.get_by_role("link", name="Opportunities", exact=True).click()
    expect(page.get_by_role("link", name="Alpha renewal")).to_be_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390
    phone.screenshot("05-phone-opportunities")
    assert phone.console_errors == []

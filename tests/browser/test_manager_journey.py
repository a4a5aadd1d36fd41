"""A sales manager's home shows their team's open pipeline, and a list longer than the
counting limit says "more than" instead of a figure it did not count — in English and
in Thai."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from patron.web.paging import BoundedPaginator
from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import OpportunityFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
TEAM_PIPELINE = {"en": "My team's open pipeline", "th": "ไปป์ไลน์ที่เปิดอยู่ของทีมฉัน"}
MORE_THAN = {"en": "More than 3 opportunities", "th": "มากกว่า 3 โอกาสการขาย"}


@pytest.mark.parametrize("language", ["en", "th"])
def test_a_manager_sees_the_team_pipeline_and_a_bounded_list(laptop, org, monkeypatch, language):
    # given: five open deals of the manager's two reps (50,000.00 each), and a counting
    # limit of three so the list is "longer than counted"
    org.manager.language = language
    org.manager.save(update_fields=["language"])
    for index in range(5):
        owner = org.rep if index % 2 == 0 else org.rep2
        OpportunityFactory(
            account=AccountFactory(owner=owner, name=f"Customer {index}"),
            owner=owner,
            amount_minor=5_000_000,
            amount_base_minor=5_000_000,
            close_date=dt.date(2026, 12, 20),
        )
    monkeypatch.setattr(BoundedPaginator, "limit", 3)
    page = laptop.page
    page.goto("/login/")
    page.locator("#id_username").fill("manager")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    # when / then: the home page counts the team's five deals
    card = page.locator('[aria-labelledby="stat-visible"]')
    expect(card).to_contain_text(TEAM_PIPELINE[language])
    expect(page.get_by_test_id("visible-count")).to_have_text("5")
    laptop.screenshot(f"09-manager-home-{language}")
    # and the list says it holds more than it counted, with the way to the rest
    page.goto("/opportunities/")
    expect(page.get_by_role("status")).to_contain_text(MORE_THAN[language])
    expect(page.get_by_test_id("bounded-note")).to_be_visible()
    laptop.screenshot(f"10-bounded-list-{language}")
    assert laptop.console_errors == []

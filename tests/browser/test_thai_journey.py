"""A Thai account executive works in Thai: sign in from a Thai browser, the pages in
Thai, an account and a deal's history, with no error in the browser console."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from patron.org.models import User
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_rep_journey import PASSWORD, rep_book  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def th(text: str, **values: str) -> str:
    with translation.override("th"):
        translated = translation.gettext(text)
    assert translated != text, f"no Thai for {text!r}"
    return translated % values if values else translated


@pytest.fixture
def thai_browser(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 800}, locale="th-TH"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    context.close()


def test_a_thai_rep_works_in_thai(thai_browser, org, rep_book):  # noqa: F811
    page, errors = thai_browser
    User.objects.filter(pk=org.rep.pk).update(language="th")
    # sign in: the browser asks for Thai, so the sign-in page is in Thai already
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    page.locator("input[name=username]").fill("rep")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=th("Sign in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anong")
    # the navigation and the accounts list
    page.get_by_role("navigation", name=th("Main navigation")).get_by_role(
        "link", name=th("Accounts")
    ).click()
    expect(page.get_by_role("heading", name=th("Accounts"))).to_be_visible()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    page.get_by_role("link", name="Alpha Foods").click()
    expect(page.get_by_role("heading", name="Alpha Foods", level=1)).to_be_visible()
    # the deal's history, field names in Thai
    page.get_by_role("link", name="Alpha renewal").click()
    history = page.locator(".timeline-entry")
    expect(history).to_have_count(4)
    expect(history.nth(1)).to_contain_text(re.compile(re.escape(th("Stage"))))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "th-04-opportunity.png"), full_page=True)
    assert errors == []

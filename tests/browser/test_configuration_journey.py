"""Sales operations reach the configuration screens (the Django admin) from the app, and
those screens load without a browser console error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from patron.org.choices import Role
from patron.org.roles import assign_role
from tests.factories.accounts import AccountFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_sales_ops_opens_configuration_and_an_account_in_it(laptop, org):
    # given
    assign_role(user=org.sales_ops, role=Role.SALES_OPS)
    AccountFactory(name="Alpha Foods", owner=org.rep)
    page = laptop.page
    # when
    page.goto("/login/")
    page.get_by_label("Username").fill("ops")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Configuration").click()
    # then
    expect(page.get_by_role("heading", name="Configuration")).to_be_visible()
    page.locator('#content-main a[href="/admin/accounts/account/"]').first.click()
    page.get_by_role("link", name="Alpha Foods").click()
    expect(page).to_have_url(re.compile(r"/admin/accounts/account/\d+/change/$"))
    expect(page.get_by_label("Name:")).to_have_value("Alpha Foods")
    laptop.screenshot("06-configuration-account")
    assert laptop.console_errors == []


@pytest.mark.parametrize("language", ["en", "th"])
def test_an_admin_edit_goes_through_the_service_and_shows_in_the_account_changes(
    laptop, org, language
):
    # given
    assign_role(user=org.sales_ops, role=Role.SALES_OPS)
    org.sales_ops.language = language
    org.sales_ops.save(update_fields=["language"])
    account = AccountFactory(name="Alpha Foods", owner=org.rep, city="Bangkok")
    page = laptop.page
    page.goto("/login/")
    page.locator("#id_username").fill("ops")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    # when: a rule-breaking edit (a country that does not exist) is refused on its field
    page.goto(f"/admin/accounts/account/{account.pk}/change/")
    page.locator("#id_country").fill("ZZ")
    page.locator("#id_city").fill("Chiang Mai")
    page.locator("input[name=_save]").click()
    expect(page.locator(".field-country .errorlist")).to_be_visible()
    laptop.screenshot(f"07-configuration-refused-{language}")
    account.refresh_from_db()
    assert (account.country, account.city) == ("TH", "Bangkok")
    # and a good one is saved through the service
    page.locator("#id_country").fill("TH")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    # then: the account page shows who changed what, from the configuration screens
    page.goto(f"/accounts/{account.pk}/")
    timeline = page.get_by_test_id("audit-timeline")
    expect(timeline).to_contain_text("Chiang Mai")
    expect(timeline).to_contain_text("Bangkok")
    laptop.screenshot(f"08-account-changes-{language}")
    account.refresh_from_db()
    assert account.city == "Chiang Mai"
    assert laptop.console_errors == []

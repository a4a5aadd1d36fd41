"""Sales operations reach the configuration screens (the Django admin) from the app, and
those screens load without a browser console error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from patron.org.choices import Role
from patron.org.services import assign_role
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

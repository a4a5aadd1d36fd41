"""The admin speaks Thai and Filipino: its section headers, and the messages of Django's
own that Patron's catalogues translate where Django's do not."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from patron.core.models import ExchangeRate
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


@pytest.fixture(autouse=True)
def default_language_after():
    """A request leaves its user's language active in the thread; the next test's
    set-up runs in the default one."""
    yield
    translation.deactivate()


def error_note(response) -> str:
    """The message above a form with errors."""
    found = re.search(r'<p class="errornote">\s*(.*?)\s*</p>', response.content.decode())
    assert found is not None
    return found[1]


def speaking(user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(language=language)
    user.refresh_from_db()
    return user


@pytest.mark.parametrize(
    ("language", "one", "several"),
    [
        ("th", "โปรดแก้ไขข้อผิดพลาดด้านล่าง", "โปรดแก้ไขข้อผิดพลาดด้านล่าง"),
        ("fil", "Pakitama ang mali sa ibaba.", "Pakitama ang mga mali sa ibaba."),
    ],
)
def test_a_form_with_errors_says_so_in_the_users_language(
    client_for, company, ops, language, one, several
):
    client = client_for(speaking(ops, language))
    url = admin_url(ExchangeRate, "add")
    # one field missing
    response = client.post(url, {"currency": "THB", "valid_from": "", "rate": "0.028"})
    assert response.status_code == 200
    assert len(response.context["errors"]) == 1
    assert error_note(response) == one
    # every field missing
    response = client.post(url, {})
    assert len(response.context["errors"]) == 3
    assert error_note(response) == several


@pytest.mark.parametrize("language", ["th", "fil"])
def test_the_section_headers_are_in_the_users_language(client_for, company, ops, language):
    response = client_for(speaking(ops, language)).get(reverse("admin:index"))
    names = {app["app_label"]: app["name"] for app in response.context["app_list"]}
    with translation.override(language):
        accounts = translation.gettext("Accounts")
    assert accounts != "Accounts"
    assert names["accounts"] == accounts

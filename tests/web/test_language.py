"""Pages speak the signed-in user's language; before sign-in, the browser's."""

from __future__ import annotations

import pytest
from django.utils import translation

from patron.org.models import User

pytestmark = pytest.mark.django_db


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", ["th", "fil"])
def test_a_user_who_chose_a_language_gets_the_pages_in_it(client_for, org, language):
    # given: the browser asks for English
    User.objects.filter(pk=org.rep.pk).update(language=language)
    org.rep.refresh_from_db()
    # when
    response = client_for(org.rep).get("/accounts/", headers={"accept-language": "en"})
    # then
    body = response.content.decode()
    assert response["Content-Language"] == language
    assert f'<html lang="{language}"' in body
    accounts = in_language(language, "Accounts")
    assert accounts != "Accounts"
    assert accounts in body


def test_without_a_choice_the_browsers_language_is_used(client_for, org):
    response = client_for(org.rep).get("/accounts/", headers={"accept-language": "th"})
    assert response["Content-Language"] == "th"


def test_a_language_patron_does_not_ship_is_ignored(client_for, org):
    User.objects.filter(pk=org.rep.pk).update(language="xx")
    org.rep.refresh_from_db()
    response = client_for(org.rep).get("/accounts/", headers={"accept-language": "fil"})
    assert response["Content-Language"] == "fil"


def test_the_sign_in_page_follows_the_browser(client):
    response = client.get("/login/", headers={"accept-language": "th"})
    assert response["Content-Language"] == "th"
    assert in_language("th", "Sign in") in response.content.decode()

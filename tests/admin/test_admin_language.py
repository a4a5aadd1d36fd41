"""The admin speaks Thai and Filipino: its section headers, and the messages of Django's
own that Patron's catalogue of them (locale_django) translates where Django's do not."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import django
import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html

import patron
from patron.accounts.models import Account
from patron.core.models import ExchangeRate
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url
from tests.factories.accounts import AccountFactory

LOCALE_DJANGO = Path(patron.__file__).parent / "locale_django"
DJANGO = Path(django.__file__).parent
LANGUAGES = ("th", "fil")
DOMAINS = ("django", "djangojs")
# Django's catalogues whose every message a Patron user can meet on the admin, sign-in
# and password pages: (package, domain).
ADMIN_AND_AUTH = [
    ("contrib/admin", "django"),
    ("contrib/admin", "djangojs"),
    ("contrib/auth", "django"),
]
# Django itself and the packages Patron installs that ship catalogues: Django merges all
# of their Thai translations (domain "django").
INSTALLED_WITH_CATALOGUES = (
    "conf",
    "contrib/admin",
    "contrib/auth",
    "contrib/contenttypes",
    "contrib/humanize",
    "contrib/sessions",
)
PYTHON_FORMAT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdrifgGeExXoc]")
BRACE_FORMAT = re.compile(r"\{[a-z_]*\}")
TAG = re.compile(r"<[^>]+>")

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


def read(path: Path, language: str):
    with path.open("rb") as source:
        return read_po(source, locale=language)


def ours(language: str, domain: str):
    return read(LOCALE_DJANGO / language / "LC_MESSAGES" / f"{domain}.po", language)


def djangos(package: str, language: str, domain: str):
    return read(DJANGO / package / "locale" / language / "LC_MESSAGES" / f"{domain}.po", language)


def key(message: Message) -> tuple[str | None, str | tuple[str, ...]]:
    return (message.context, message.id)


def translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(message.id) and not message.fuzzy and all(strings)


def in_language(language: str) -> dict[str, str]:
    """A handful of Django's messages on the admin and sign-in pages, as they come out."""
    with translation.override(language):
        account = str(Account._meta.verbose_name)
        return {
            "save and add another": translation.gettext("Save and add another"),
            "select to change": translation.gettext("Select %s to change") % account,
            "added": format_html(
                translation.gettext("The {name} “{obj}” was added successfully."),
                name=account,
                obj="Siam Cement",
            ),
            "required": translation.gettext("This field is required."),
            "too short": translation.ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                12,
            )
            % 12,
            "too common": translation.gettext("This password is too common."),
            "several errors": translation.ngettext(
                "Please correct the error below.", "Please correct the errors below.", 2
            ),
            "jan": translation.pgettext("abbrev. month", "Jan."),
        }


def test_django_messages_come_out_in_filipino():
    assert in_language("fil") == {
        "save and add another": "I-save at magdagdag ng isa pa",
        "select to change": "Pumili ng account na babaguhin",
        "added": "Matagumpay na naidagdag ang account na “Siam Cement”.",
        "required": "Kailangan ang field na ito.",
        "too short": (
            "Masyadong maikli ang password na ito. Dapat itong may hindi bababa sa 12 character."
        ),
        "too common": "Masyadong karaniwan ang password na ito.",
        "several errors": "Pakitama ang mga mali sa ibaba.",
        "jan": "Ene.",
    }


def test_django_messages_come_out_in_thai():
    # Django's own Thai catalogue for what it has, Patron's where Django's lacks them.
    assert in_language("th") == {
        "save and add another": "บันทึกและเพิ่ม",
        "select to change": "เลือก บัญชีลูกค้า เพื่อเปลี่ยนแปลง",
        "added": "เพิ่ม บัญชีลูกค้า “Siam Cement” เรียบร้อยแล้ว",
        "required": "จำเป็นต้องกรอกช่องนี้",
        "too short": "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 12 ตัวอักษร",
        "too common": "รหัสผ่านนี้ใช้กันทั่วไปเกินไป",
        "several errors": "โปรดแก้ไขข้อผิดพลาดด้านล่าง",
        "jan": "ม.ค.",
    }


def test_a_filipino_staff_user_gets_the_change_page_in_filipino(client_for, org, ops):
    account = AccountFactory(owner=org.rep)
    client = client_for(speaking(ops, "fil"))

    response = client.get(f"/admin/accounts/account/{account.pk}/change/")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="I-save" class="default" name="_save"' in body
    assert 'value="I-save at ituloy ang pag-edit" name="_continue"' in body
    assert 'value="Save"' not in body


@pytest.mark.parametrize(
    ("language", "added"),
    [
        ("th", "เพิ่ม {name} “{obj}” เรียบร้อยแล้ว"),
        ("fil", "Matagumpay na naidagdag ang {name} na “{obj}”."),
    ],
)
def test_the_added_message_is_in_the_users_language(client_for, company, ops, language, added):
    client = client_for(speaking(ops, language))

    response = client.post(
        admin_url(ExchangeRate, "add"),
        {"currency": "THB", "valid_from": "2026-01-01", "rate": "0.028"},
    )

    assert response.status_code == 302
    rate = ExchangeRate.objects.get(currency="THB")
    link = format_html('<a href="{}">{}</a>', admin_url(ExchangeRate, "change", rate.pk), rate)
    with translation.override(language):
        name = str(ExchangeRate._meta.verbose_name)
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [added.format(name=name, obj=link)]


@pytest.mark.parametrize(("language", "now"), [("th", "ขณะนี้"), ("fil", "Ngayon")])
def test_the_date_and_time_widgets_speak_the_users_language(client_for, ops, language, now):
    response = client_for(speaking(ops, language)).get(reverse("admin:jsi18n"))

    catalog = response.content.decode()
    assert f'"Now": {json.dumps(now)}' in catalog
    with translation.override(language):
        sunday = translation.gettext("Sunday")
    assert sunday != "Sunday"
    assert f'"Sunday": {json.dumps(sunday)}' in catalog


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_admin_and_auth_message_is_translated(language):
    """Every message of Django's admin and auth catalogues has a translation: Django's own,
    or, where Django has none, Patron's (fails after a Django upgrade adds messages)."""
    have = {
        domain: {key(message) for message in ours(language, domain) if translated(message)}
        for domain in DOMAINS
    }
    if language == "th":
        for package in INSTALLED_WITH_CATALOGUES:
            have["django"] |= {
                key(message) for message in djangos(package, "th", "django") if translated(message)
            }
        have["djangojs"] |= {
            key(message)
            for message in djangos("contrib/admin", "th", "djangojs")
            if translated(message)
        }
    missing = [
        (package, domain, message.id)
        for package, domain in ADMIN_AND_AUTH
        for message in djangos(package, "en", domain)
        if message.id and key(message) not in have[domain]
    ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_placeholders_and_markup(language, domain):
    broken = []
    for message in ours(language, domain):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        for target in targets:
            for pattern in (PYTHON_FORMAT, BRACE_FORMAT, TAG):
                if set(pattern.findall(target)) != set(pattern.findall(source)):
                    broken.append((source, target))
    assert broken == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogue_is_complete_and_compiled(language, domain):
    catalog = ours(language, domain)
    plurals = {"th": "nplurals=1; plural=0;", "fil": "nplurals=2; plural=(n > 1);"}[language]
    assert dict(catalog.mime_headers)["Plural-Forms"] == plurals
    with (LOCALE_DJANGO / language / "LC_MESSAGES" / f"{domain}.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    untranslated, stale = [], []
    for message in catalog:
        if not message.id:
            continue
        if not translated(message):
            untranslated.append(message.id)
        elif isinstance(message.id, str):
            found = (
                translations.pgettext(message.context, message.id)
                if message.context
                else translations.gettext(message.id)
            )
            if found != message.string:
                stale.append(message.id)
        elif translations.ngettext(*message.id, 1) != message.string[0]:
            stale.append(message.id[0])
    assert untranslated == []
    assert stale == [], "run: python scripts/translations.py compile"

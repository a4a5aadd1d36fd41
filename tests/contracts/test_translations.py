"""Thai and Filipino are shipped whole: every string translated, placeholders kept, and
the compiled catalogue is the one its translators wrote."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import patron

LOCALE = Path(patron.__file__).parent / "locale"
LANGUAGES = ("th", "fil")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as source:
        return read_po(source, locale=language)


def messages(language: str):
    return [message for message in catalog(language) if message.id]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    untranslated = [
        message.id
        for message in messages(language)
        if message.fuzzy
        or not message.string
        or (isinstance(message.string, tuple) and not all(message.string))
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    broken = []
    for message in messages(language):
        source = message.id if isinstance(message.id, str) else message.id[0]
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        for target in targets:
            if sorted(PLACEHOLDER.findall(target)) != sorted(PLACEHOLDER.findall(source)):
                broken.append((source, target))
    assert broken == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_translations(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = []
    for message in messages(language):
        if isinstance(message.id, str):
            if translations.gettext(message.id) != message.string:
                stale.append(message.id)
        elif translations.ngettext(*message.id, 1) != message.string[0]:
            stale.append(message.id[0])
    assert stale == [], "run: python scripts/translations.py compile"


def strings_in_python() -> set[str]:
    keywords = {"_": None, "gettext": None, "gettext_lazy": None}
    found = set()
    for path in (LOCALE.parent).rglob("*.py"):
        relative = path.relative_to(LOCALE.parent).parts
        if relative[0] == "demo" or "migrations" in relative:
            continue
        with path.open("rb") as source:
            for _line, message, _comments, _context in extract("python", source, keywords):
                if isinstance(message, str) and message:
                    found.add(message)
    return found


TRANSLATE_TAG = re.compile(r"""\{% (?:translate|trans) (["'])(.+?)\1""")
BLOCK_TAG = re.compile(r"\{% blocktranslate(?: with [^%]*)? %\}(.+?)\{% endblocktranslate %\}")
VARIABLE = re.compile(r"\{\{ *(\w+) *\}\}")


def strings_in_templates() -> set[str]:
    found = set()
    for path in (LOCALE.parent / "web" / "templates").rglob("*.html"):
        text = path.read_text()
        found |= {match[1] for match in TRANSLATE_TAG.findall(text)}
        for block in BLOCK_TAG.findall(text):
            found.add(VARIABLE.sub(r"%(\1)s", block.replace("%", "%%")))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_in_the_catalogue(language):
    translated = {message.id for message in messages(language) if isinstance(message.id, str)}
    missing = sorted((strings_in_python() | strings_in_templates()) - translated)
    assert missing == [], "run: python scripts/translations.py extract, then translate"

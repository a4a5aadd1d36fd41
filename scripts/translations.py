"""Update and compile Patron's translation catalogues (Thai, Filipino).

    python scripts/translations.py extract   # new and changed strings into the .po files
    python scripts/translations.py compile   # .po → .mo (committed, so installs need no gettext)

`extract` runs Django's makemessages (it needs GNU gettext: apt-get install gettext) and
refreshes only Patron's own catalogues (locale/). `compile` uses Babel, which Patron already
depends on, and compiles every catalogue: Patron's (locale/) and the one that translates
Django's own messages (locale_django/, edited by hand, never extracted).
tests/contracts/test_translations.py fails when a catalogue has an untranslated or fuzzy
entry, a placeholder that does not match, or a .mo that was not compiled from its .po.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "patron"
LANGUAGES = ("th", "fil")
# Patron's own messages (extracted from its source), then Django's (translated by hand).
CATALOGUES = ("locale", "locale_django")


def extract() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patron.settings")
    import django
    from django.core.management import call_command

    django.setup()
    os.chdir(PACKAGE)
    call_command(
        "makemessages",
        locale=list(LANGUAGES),
        ignore_patterns=["migrations/*", "demo/*"],
        no_location=True,
        no_wrap=True,
        verbosity=1,
    )


def compile_catalogues() -> None:
    for catalogue in CATALOGUES:
        for language in LANGUAGES:
            folder = PACKAGE / catalogue / language / "LC_MESSAGES"
            for po in sorted(folder.glob("*.po")):
                with po.open("rb") as source:
                    catalog = read_po(source, locale=language, domain=po.stem)
                with po.with_suffix(".mo").open("wb") as target:
                    write_mo(target, catalog)
                sys.stdout.write(
                    f"{catalogue}/{language}/{po.name}: {len(catalog)} messages compiled\n"
                )


if __name__ == "__main__":
    commands = {"extract": extract, "compile": compile_catalogues}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    commands[sys.argv[1]]()

"""Messages of Django's admin that Patron's Thai and Filipino catalogues translate.

Django's own Thai catalogue for the admin predates some of its messages, and Django
ships no Filipino one. Django reads Patron's catalogues (LOCALE_PATHS) after its own,
so an entry there fills the gap. Marking the messages here keeps those entries when
`scripts/translations.py extract` refreshes the catalogues from the source: an entry
no source marks would be dropped as obsolete.
"""

from __future__ import annotations

from django.utils.translation import ngettext_lazy

ADMIN_MESSAGES = (
    # The admin's change form, change list, sign-in and password pages, above a form
    # with errors ({% blocktranslate count %}: a plural entry, not the singular one).
    ngettext_lazy("Please correct the error below.", "Please correct the errors below."),
)

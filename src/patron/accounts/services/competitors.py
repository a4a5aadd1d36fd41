"""Competitors: the companies we meet in deals, and where we meet them.

Who may record them: any seller (a role that sells and changes records) creates and
edits a competitor, not only sales ops. Competitors are met in the field: the rep who
runs into a new one in a deal must be able to record it there and then (a deal's or an
account's competitor must exist first), and strengths and weaknesses are what sellers
learn. The list is shared by the whole company, so every change is in the audit trail
and a wrong edit can be traced and undone. Executives (read only) and service agents
(who do not sell) record none.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import AccountCompetitor, Competitor
from patron.accounts.selectors import visible_account
from patron.accounts.services.checks import account_competitor_for_change, require_seller
from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_text
from patron.org.models import User

# Longest name and web address (the columns' lengths); the notes are free text, kept
# to what a battlecard holds.
COMPETITOR_NAME_MAX_LENGTH = 200
WEBSITE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 10_000
COMPETITOR_FIELDS = ("name", "website", "strengths", "weaknesses")


@service
def create_competitor(
    *, actor: User, name: str, website: str = "", strengths: str = "", weaknesses: str = ""
) -> Competitor:
    """Record a company we compete with, known by a name no other competitor has
    (compared without regard to case: "Acme" and "ACME" are one company)."""
    require_seller(actor)
    values = _competitor_values(
        name=name, website=website, strengths=strengths, weaknesses=weaknesses
    )
    _require_unique_name(values["name"])
    competitor = Competitor.objects.create(**values, created_by=actor)
    record_created(competitor, actor=actor)
    return competitor


@service
def update_competitor(
    *,
    actor: User,
    competitor_id: int,
    version: int,
    name: str | Unset = UNSET,
    website: str | Unset = UNSET,
    strengths: str | Unset = UNSET,
    weaknesses: str | Unset = UNSET,
) -> Competitor:
    """Correct a competitor's name or web address, or what we know of its strengths
    and weaknesses; arguments left out keep their value (an edit that changes no value
    writes nothing). The name stays unique."""
    competitor = Competitor.objects.select_for_update().filter(pk=competitor_id).first()
    if competitor is None:
        raise NotVisible(str(Competitor._meta.verbose_name))
    require_seller(actor)
    require_version(competitor, version)
    given: dict[str, Any] = {
        key: value
        for key, value in {
            "name": name,
            "website": website,
            "strengths": strengths,
            "weaknesses": weaknesses,
        }.items()
        if not isinstance(value, Unset)
    }
    current = {key: getattr(competitor, key) for key in COMPETITOR_FIELDS}
    values = _competitor_values(**{**current, **given})
    if "name" in given:
        _require_unique_name(values["name"], other_than=competitor.pk)
    before = snapshot(competitor)
    for key in given:
        setattr(competitor, key, values[key])
    if snapshot(competitor) == before:
        return competitor  # nothing changed: no new version, no event
    update_versioned(competitor, expected_version=version, fields=list(given))
    record_changed(competitor, actor=actor, before=before)
    return competitor


@service
def add_account_competitor(
    *, actor: User, account_id: int, competitor_id: int, is_incumbent: bool = False, note: str = ""
) -> AccountCompetitor:
    """Record that a competitor is present at an account — the incumbent supplier, or
    a challenger — with a note. Anyone who sees the account and sells records it (the
    account team knows who else is there); a competitor is at an account once."""
    account = visible_account(actor, account_id)
    require_seller(actor)
    competitor = Competitor.objects.filter(pk=competitor_id).first()
    if competitor is None:
        raise RuleViolation(
            "competitor",
            CommonErrorCode.UNKNOWN_REFERENCE,
            _("There is no such competitor."),
        )
    note = require_text(note, field="note", limit=NOTE_MAX_LENGTH)
    if AccountCompetitor.objects.filter(account=account, competitor=competitor).exists():
        raise RuleViolation(
            "competitor",
            CommonErrorCode.DUPLICATE,
            _("%(competitor)s is already recorded at this account.") % {"competitor": competitor},
        )
    link = AccountCompetitor.objects.create(
        account=account,
        competitor=competitor,
        is_incumbent=bool(is_incumbent),
        note=note,
        created_by=actor,
    )
    record_created(link, actor=actor)
    return link


@service
def update_account_competitor(
    *,
    actor: User,
    account_competitor_id: int,
    version: int,
    is_incumbent: bool | Unset = UNSET,
    note: str | Unset = UNSET,
) -> AccountCompetitor:
    """Change whether a competitor at an account is the incumbent, or the note about
    it; arguments left out keep their value (an edit that changes no value writes
    nothing)."""
    link = account_competitor_for_change(actor, account_competitor_id)
    require_version(link, version)
    before = snapshot(link)
    fields = []
    if not isinstance(is_incumbent, Unset):
        link.is_incumbent = bool(is_incumbent)
        fields.append("is_incumbent")
    if not isinstance(note, Unset):
        link.note = require_text(note, field="note", limit=NOTE_MAX_LENGTH)
        fields.append("note")
    if snapshot(link) == before:
        return link  # nothing changed: no new version, no event
    update_versioned(link, expected_version=version, fields=fields)
    record_changed(link, actor=actor, before=before)
    return link


@service
def remove_account_competitor(*, actor: User, account_competitor_id: int, version: int) -> None:
    """The competitor is no longer at the account (it left, or was recorded by
    mistake). The competitor itself stays: deals and other accounts may name it."""
    link = account_competitor_for_change(actor, account_competitor_id)
    require_version(link, version)
    record_deleted(link, actor=actor, action="remove")
    link.delete()


def _competitor_values(
    *, name: str, website: str, strengths: str, weaknesses: str
) -> dict[str, str]:
    """The checked, trimmed values of a competitor's own fields."""
    values = {
        "name": require_text(name, field="name", limit=COMPETITOR_NAME_MAX_LENGTH, required=True),
        "website": require_text(website, field="website", limit=WEBSITE_MAX_LENGTH),
        "strengths": require_text(strengths, field="strengths", limit=NOTE_MAX_LENGTH),
        "weaknesses": require_text(weaknesses, field="weaknesses", limit=NOTE_MAX_LENGTH),
    }
    if values["website"]:
        try:
            URLValidator(schemes=["http", "https"])(values["website"])
        except ValidationError as error:
            raise RuleViolation(
                "website", AccountErrorCode.INVALID_URL, _("Enter a valid web address.")
            ) from error
    return values


def _require_unique_name(name: str, *, other_than: int | None = None) -> None:
    others = Competitor.objects.filter(name__iexact=name)
    if other_than is not None:
        others = others.exclude(pk=other_than)
    if others.exists():
        raise RuleViolation(
            "name",
            CommonErrorCode.DUPLICATE,
            _("Another competitor already has this name."),
        )

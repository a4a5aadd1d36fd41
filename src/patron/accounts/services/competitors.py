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

from patron.accounts.cleaning.competitors import (
    COMPETITOR_FIELDS,
    NOTE_MAX_LENGTH,
    AccountCompetitorInput,
    CompetitorInput,
    account_competitor_context,
    clean_account_competitor,
    clean_competitor,
    clean_competitor_fields,
    competitor_context,
    require_unique_competitor_name,
    taken_competitor_names,
)
from patron.accounts.models import AccountCompetitor, Competitor
from patron.accounts.services.checks import account_competitor_for_change, require_seller
from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import NotVisible
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_text
from patron.org.models import User


@service
def create_competitor(
    *, actor: User, name: str, website: str = "", strengths: str = "", weaknesses: str = ""
) -> Competitor:
    """Record a company we compete with, known by a name no other competitor has
    (compared without regard to case: "Acme" and "ACME" are one company)."""
    # The checks are `clean_competitor`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_competitor(
            CompetitorInput(name=name, website=website, strengths=strengths, weaknesses=weaknesses),
            competitor_context(actor, names=[name]),
        )
    )
    competitor = Competitor.objects.create(**vars(values), created_by=actor)
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
    values = clean_competitor_fields(CompetitorInput(**{**current, **given})).value_or_raise()
    if "name" in given:
        require_unique_competitor_name(
            values.name, taken_competitor_names([values.name], other_than=competitor.pk)
        )
    before = snapshot(competitor)
    for key in given:
        setattr(competitor, key, getattr(values, key))
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
    # The checks are `clean_account_competitor`'s, on a context built for this one row
    # (an import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_account_competitor(
            AccountCompetitorInput(
                account_id=account_id,
                competitor_id=competitor_id,
                is_incumbent=is_incumbent,
                note=note,
            ),
            account_competitor_context(
                actor, account_ids=[account_id], competitor_ids=[competitor_id]
            ),
        )
    )
    link = AccountCompetitor.objects.create(**vars(values), created_by=actor)
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

"""Contacts: the people at an account, their place in the buying committee, how often
we mean to reach them and what they agreed to be reached by.

Contacts are archived (`deactivate_contact`), never deleted: a person who left still
appears on the activities, cases and deals they took part in.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.cleaning.contacts import (
    ContactFields,
    ContactInput,
    clean_contact,
    clean_contact_fields,
    contact_context,
    require_contact_access,
)
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Contact
from patron.accounts.services.checks import contact_for_change
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.models import User

# The consent flags; changing one records when consent was given or withdrawn.
CONSENT_FIELDS = ("email_opt_in", "phone_opt_in")
# A contact's own fields, as `update_contact` takes them.
EDITABLE_FIELDS = tuple(ContactFields.__dataclass_fields__)


@service
def create_contact(
    *,
    actor: User,
    account_id: int,
    first_name: str,
    last_name: str = "",
    title: str = "",
    email: str = "",
    phone: str = "",
    buying_role: str = "",
    owner_id: int | None = None,
    influence: int | None = None,
    relationship_strength: int | None = None,
    is_primary: bool = False,
    touch_every_days: int | None = None,
    email_opt_in: bool = False,
    phone_opt_in: bool = False,
) -> Contact:
    """Add a person at an account, owned by the actor unless they name a seller whose
    records they may change.

    Anyone who sees the account and may change records adds its people — an account
    manager on the team maps the buying committee of an account someone else owns,
    and a service agent records who called. A new primary contact takes the place of
    the account's previous one (an account has one). A consent given on creation is
    recorded with its time, as a later change would be.
    """
    # The checks are `clean_contact`'s, shared with bulk loads: the context of this
    # one row, then its first refusal raised.
    raw = ContactInput(
        account_id=account_id,
        owner_id=owner_id,
        first_name=first_name,
        last_name=last_name,
        title=title,
        email=email,
        phone=phone,
        buying_role=buying_role,
        influence=influence,
        relationship_strength=relationship_strength,
        is_primary=is_primary,
        touch_every_days=touch_every_days,
        email_opt_in=email_opt_in,
        phone_opt_in=phone_opt_in,
    )
    context = contact_context(actor, account_ids=[account_id], owner_ids=[owner_id])
    require_contact_access(raw, context)  # NotVisible and Forbidden raised as they are
    values = clean_contact(raw, context).value_or_raise()
    if values.fields.is_primary:
        _demote_primary(values.account_id, actor=actor)
    consent_given = values.fields.email_opt_in or values.fields.phone_opt_in
    contact = Contact.objects.create(
        account_id=values.account_id,
        owner=values.owner,
        **values.fields.as_dict(),
        consent_recorded_at=timezone.now() if consent_given else None,
        created_by=actor,
    )
    record_created(contact, actor=actor)
    return contact


@service
def update_contact(
    *,
    actor: User,
    contact_id: int,
    version: int,
    first_name: str | Unset = UNSET,
    last_name: str | Unset = UNSET,
    title: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    buying_role: str | Unset = UNSET,
    influence: int | Unset | None = UNSET,
    relationship_strength: int | Unset | None = UNSET,
    is_primary: bool | Unset = UNSET,
    touch_every_days: int | Unset | None = UNSET,
    email_opt_in: bool | Unset = UNSET,
    phone_opt_in: bool | Unset = UNSET,
) -> Contact:
    """Change what we know about a contact; arguments left out keep their value (and
    an edit that changes no value writes nothing).

    Whoever sees the contact and may change records keeps it current. An account has
    one primary contact: making this one primary makes the previous one an ordinary
    contact, and a contact who left the account (archived) cannot be made primary.
    Changing a consent flag records the moment (`consent_recorded_at`): privacy law
    (PDPA, GDPR) asks when a person agreed or withdrew, not only whether.
    """
    contact = contact_for_change(actor, contact_id)
    require_version(contact, version)
    given: dict[str, Any] = {
        key: value
        for key, value in {
            "first_name": first_name,
            "last_name": last_name,
            "title": title,
            "email": email,
            "phone": phone,
            "buying_role": buying_role,
            "influence": influence,
            "relationship_strength": relationship_strength,
            "is_primary": is_primary,
            "touch_every_days": touch_every_days,
            "email_opt_in": email_opt_in,
            "phone_opt_in": phone_opt_in,
        }.items()
        if not isinstance(value, Unset)
    }
    current = {key: getattr(contact, key) for key in EDITABLE_FIELDS}
    values = clean_contact_fields(ContactFields(**{**current, **given})).value_or_raise().as_dict()
    if values["is_primary"] and not contact.is_primary:
        if not contact.is_active:
            raise RuleViolation(
                "is_primary",
                AccountErrorCode.CONTACT_INACTIVE,
                _("A contact who left the account cannot be its primary contact."),
            )
        _demote_primary(contact.account_id, actor=actor)
    before = snapshot(contact)
    for key, value in values.items():
        setattr(contact, key, value)
    fields = list(given)
    if any(before[name] != values[name] for name in CONSENT_FIELDS):
        contact.consent_recorded_at = timezone.now()
        fields.append("consent_recorded_at")
    if snapshot(contact) == before:
        return contact  # nothing changed: no new version, no event
    update_versioned(contact, expected_version=version, fields=fields)
    record_changed(contact, actor=actor, before=before)
    return contact


@service
def deactivate_contact(*, actor: User, contact_id: int, version: int) -> Contact:
    """Archive a contact who left the account: they leave the buying committee and
    stop being its primary contact, and keep their history (contacts are never
    deleted — activities, cases and deals still name them)."""
    contact = contact_for_change(actor, contact_id)
    require_version(contact, version)
    if not contact.is_active:
        raise RuleViolation(
            "is_active",
            AccountErrorCode.CONTACT_INACTIVE,
            _("This contact is already archived."),
        )
    before = snapshot(contact)
    contact.is_active = False
    contact.is_primary = False
    update_versioned(contact, expected_version=version, fields=["is_active", "is_primary"])
    record_changed(contact, actor=actor, before=before, action="deactivate")
    return contact


@service
def reactivate_contact(*, actor: User, contact_id: int, version: int) -> Contact:
    """Bring an archived contact back (they returned, or were archived by mistake),
    as an ordinary contact: who is primary is decided again with `update_contact`."""
    contact = contact_for_change(actor, contact_id)
    require_version(contact, version)
    if contact.is_active:
        raise RuleViolation(
            "is_active",
            AccountErrorCode.CONTACT_ACTIVE,
            _("This contact is not archived."),
        )
    before = snapshot(contact)
    contact.is_active = True
    update_versioned(contact, expected_version=version, fields=["is_active"])
    record_changed(contact, actor=actor, before=before, action="reactivate")
    return contact


def _demote_primary(account_id: int, *, actor: User) -> None:
    """The account's current primary contact, if any, becomes an ordinary contact (an
    account has one primary contact; the database refuses a second)."""
    previous = (
        Contact.objects.select_for_update().filter(account_id=account_id, is_primary=True).first()
    )
    if previous is None:
        return
    before = snapshot(previous)
    previous.is_primary = False
    update_versioned(previous, expected_version=previous.version, fields=["is_primary"])
    record_changed(previous, actor=actor, before=before)

"""The clean step of a new contact: its fields, account and owner checked against a
context loaded once for every row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from patron.accounts.choices import BuyingRole
from patron.accounts.cleaning.shared import (
    active_user,
    active_users,
    as_dict_of,
    visible_account_ids_of,
)
from patron.accounts.models import Account
from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.errors import NotVisible
from patron.core.validation import require_choice, require_email, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability, require_may_change_sales_record, require_may_own

# Longest text of each free-text contact field (the columns' lengths).
CONTACT_TEXT_LIMITS = {"first_name": 100, "last_name": 100, "title": 150, "phone": 40}
# Influence and relationship strength are rated 1 (low) to 5 (high).
RATING_RANGE = (1, 5)
# The longest touch cadence: a contact reached less than once in ten years has none.
MAX_TOUCH_EVERY_DAYS = 3650


@dataclass(frozen=True, slots=True)
class ContactFields:
    """A contact's own fields, as typed (raw) or checked and trimmed."""

    first_name: str
    last_name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    buying_role: str = ""
    influence: int | None = None
    relationship_strength: int | None = None
    is_primary: bool = False
    touch_every_days: int | None = None
    email_opt_in: bool = False
    phone_opt_in: bool = False

    def as_dict(self) -> dict[str, Any]:
        return as_dict_of(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactInput(ContactFields):
    """One new contact as a person or a file gives it: its account, owner and fields."""

    account_id: int
    owner_id: int | None = None


@dataclass(frozen=True, slots=True)
class ContactValues:
    """A new contact's checked values, ready to write."""

    fields: ContactFields
    account_id: int
    owner: User


@dataclass(frozen=True, slots=True)
class ContactContext:
    """What cleaning new contacts needs from the database, loaded once for all rows."""

    actor: User
    owners: Mapping[int, User]  # the active users named as owners, by id
    visible_account_ids: frozenset[int]  # the named accounts the actor may see


def contact_context(
    actor: User, *, account_ids: Iterable[int | None] = (), owner_ids: Iterable[int | None] = ()
) -> ContactContext:
    """The context to clean new contacts at these accounts with these owners: one query
    per kind of reference, whatever the number of rows."""
    return ContactContext(
        actor=actor,
        owners=active_users(actor, owner_ids),
        visible_account_ids=visible_account_ids_of(actor, ids_of(account_ids)),
    )


def clean_contact(raw: ContactInput, context: ContactContext) -> Cleaned[ContactValues]:
    """The checked new contact, or every field that is wrong with it.

    The account must be one the actor sees, the actor must be allowed to change
    records, and the owner is the actor unless they name an active seller whose
    records they may change. The access checks come first, in the order
    `require_contact_access` runs them.
    """
    errors = ErrorCollector()
    check_named(errors, "account", lambda: _require_contact_account(context, raw.account_id))
    owner = check_named(errors, "owner", lambda: _contact_owner(context, raw.owner_id))
    own_fields = _contact_fields(raw, errors)
    if errors.errors or owner is None or own_fields is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(ContactValues(fields=own_fields, account_id=raw.account_id, owner=owner))


def require_contact_access(raw: ContactInput, context: ContactContext) -> None:
    """The access checks of `clean_contact`, raised as they are (`NotVisible` for an
    account the actor cannot see, `Forbidden` for a role that changes nothing)."""
    _require_contact_account(context, raw.account_id)
    _contact_owner(context, raw.owner_id)


def clean_contact_fields(raw: ContactFields) -> Cleaned[ContactFields]:
    """A contact's own fields checked and trimmed, or every error (also the check of
    `update_contact`)."""
    errors = ErrorCollector()
    own_fields = _contact_fields(raw, errors)
    return Cleaned(own_fields, errors.errors)


def _contact_fields(raw: ContactFields, errors: ErrorCollector) -> ContactFields | None:
    before = len(errors.errors)
    low, high = RATING_RANGE
    checked: dict[str, Any] = {
        key: errors.check(
            partial(
                require_text,
                getattr(raw, key),
                field=key,
                limit=limit,
                required=key == "first_name",
            ),
            "",
        )
        for key, limit in CONTACT_TEXT_LIMITS.items()
    }
    checked["email"] = errors.check(lambda: require_email(raw.email), "")
    checked["buying_role"] = errors.check(
        lambda: require_choice(
            raw.buying_role, field="buying_role", choices=BuyingRole.values, blank=True
        ),
        "",
    )
    for key in ("influence", "relationship_strength"):
        checked[key] = errors.check(
            partial(require_int_range, getattr(raw, key), field=key, low=low, high=high), None
        )
    checked["touch_every_days"] = errors.check(
        lambda: require_int_range(
            raw.touch_every_days, field="touch_every_days", low=1, high=MAX_TOUCH_EVERY_DAYS
        ),
        None,
    )
    for flag in ("is_primary", "email_opt_in", "phone_opt_in"):
        checked[flag] = bool(getattr(raw, flag))
    if len(errors.errors) > before:
        return None
    return ContactFields(**checked)


def _require_contact_account(context: ContactContext, account_id: int) -> None:
    if account_id not in context.visible_account_ids:
        raise NotVisible(str(Account._meta.verbose_name))
    require_capability(context.actor, Capability.CHANGE_RECORDS)


def _contact_owner(context: ContactContext, owner_id: int | None) -> User:
    """The actor, or the seller they name (`org.policy.resolve_owner`, preloaded)."""
    if owner_id is None:
        return context.actor
    owner = active_user(context.owners, owner_id)
    require_may_change_sales_record(context.actor, owner.pk)
    return require_may_own(owner, field="owner")

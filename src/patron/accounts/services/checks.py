"""The checks every account service shares.

The write rule is the owned-records rule (`org.visibility.may_change_owned_by`): the
account must be visible to the actor (else it does not exist for them), and the actor
must own it or manage its owner (sales ops and admins change every account; executives
and service agents none). Also: who may own an account, and the shape of the values
people type.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import company_today
from patron.org.models import User
from patron.org.policy import require_may_change_sales_record, require_may_own


def account_for_change(actor: User, account_id: int) -> Account:
    """The account, locked, if visible (else NotVisible) and the actor's to change."""
    account = Account.objects.visible_to(actor).select_for_update().filter(pk=account_id).first()
    if account is None:
        raise NotVisible(str(Account._meta.verbose_name))
    require_may_change_sales_record(actor, account.owner_id)
    return account


def visible_account(actor: User, account_id: int) -> Account:
    account = Account.objects.visible_to(actor).filter(pk=account_id).first()
    if account is None:
        raise NotVisible(str(Account._meta.verbose_name))
    return account


def active_user(user_id: int, *, field: str) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise RuleViolation(
            field, AccountErrorCode.UNKNOWN_USER, _("There is no active user with this id.")
        )
    return user


def resolve_owner(actor: User, owner_id: int | None, *, field: str) -> User:
    owner = actor if owner_id is None else active_user(owner_id, field=field)
    require_may_change_sales_record(actor, owner.pk)
    require_may_own(owner, field=field)
    return owner


def require_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise RuleViolation(field, AccountErrorCode.REQUIRED, _("This field is required."))
    if len(value) > limit:
        raise RuleViolation(
            field, AccountErrorCode.TOO_LONG, _("At most %(limit)s characters.") % {"limit": limit}
        )
    return value


def require_choice(value: str, *, field: str, choices: Collection[str], blank: bool = False) -> str:
    if (blank and value == "") or value in choices:
        return value
    raise RuleViolation(field, AccountErrorCode.UNKNOWN_CHOICE, _("Choose a value from the list."))


def require_not_future(day: date, *, field: str) -> None:
    if day > company_today():
        raise RuleViolation(
            field, AccountErrorCode.IN_FUTURE, _("This date cannot be in the future.")
        )

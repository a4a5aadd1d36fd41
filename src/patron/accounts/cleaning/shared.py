"""What the account and contact clean steps share: preloading users and visible
accounts, and recording an access refusal under the field at fault."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from typing import Any, TypeVar

from patron.accounts.models import Account
from patron.core.cleaning import ErrorCollector, FieldError
from patron.core.errors import DomainError
from patron.org.models import User
from patron.org.policy import active_user_among
from patron.org.visibility import is_signed_in, visible_owner_ids

T = TypeVar("T")


def as_dict_of(record: Any) -> dict[str, Any]:
    """A dataclass's fields by name, shallow (model instances stay themselves)."""
    return {item.name: getattr(record, item.name) for item in fields(record)}


def collect(errors: ErrorCollector, field: str, check: Callable[[], T]) -> T | None:
    """`check()`, or None after recording its refusal under `field` when it names none
    (a parent that does not exist for the actor is that row's parent's fault)."""
    try:
        return check()
    except DomainError as error:
        errors.errors.append(FieldError(error.field or field, error.code, error.message))
        return None


def ids_of(values: Iterable[int | None]) -> set[int]:
    return {value for value in values if value is not None}


def active_users(actor: User, owner_ids: Iterable[int | None]) -> dict[int, User]:
    """The named users who are active, by id — and the actor's reporting tree, which
    the write policy reads, walked now rather than while cleaning."""
    if is_signed_in(actor):
        visible_owner_ids(actor)
    wanted = ids_of(owner_ids)
    if not wanted:
        return {}
    return {user.pk: user for user in User.objects.filter(pk__in=wanted, is_active=True)}


def active_user(owners: Mapping[int, User], owner_id: int) -> User:
    """`org.policy.active_user` against the preloaded users."""
    return active_user_among(owners, owner_id, field="owner")


def visible_account_ids_of(actor: User, account_ids: set[int]) -> frozenset[int]:
    if not account_ids:
        return frozenset()
    visible = Account.objects.visible_to(actor).filter(pk__in=account_ids)
    return frozenset(visible.values_list("pk", flat=True))

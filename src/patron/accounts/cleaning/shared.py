"""What the account and contact clean steps share: preloading users and visible
accounts, and recording an access refusal under the field at fault."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any, TypeVar

from patron.accounts.models import Account
from patron.org.models import User
from patron.org.policy import active_user_among, active_users_by_id
from patron.org.visibility import with_reporting_tree

T = TypeVar("T")


def as_dict_of(record: Any) -> dict[str, Any]:
    """A dataclass's fields by name, shallow (model instances stay themselves)."""
    return {item.name: getattr(record, item.name) for item in fields(record)}


def active_users(actor: User, owner_ids: Iterable[int | None]) -> dict[int, User]:
    """The named users who are active, by id — and the actor's reporting tree, which
    the write policy reads, walked now rather than while cleaning."""
    with_reporting_tree(actor)
    return active_users_by_id(owner_ids)


def active_user(owners: Mapping[int, User], owner_id: int) -> User:
    """`org.policy.active_user` against the preloaded users."""
    return active_user_among(owners, owner_id, field="owner")


def visible_account_ids_of(actor: User, account_ids: set[int]) -> frozenset[int]:
    if not account_ids:
        return frozenset()
    visible = Account.objects.visible_to(actor).filter(pk__in=account_ids)
    return frozenset(visible.values_list("pk", flat=True))

"""Visibility of accounts and of everything that hangs off an account.

The rule (SPEC 2.10): a seller sees the accounts they or anyone below them own, and the
accounts on whose account team they or anyone below them sit — and every record under
those accounts. Sales ops, admins and executives see all; service agents see every
account and contact (they answer any customer's case).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db import models
from django.db.models import Q

from patron.accounts.choices import Lifecycle
from patron.org.access import access_condition, reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.org.visibility import is_signed_in, visible_owner_ids

if TYPE_CHECKING:
    from patron.org.models import User


def visible_account_ids(user: User) -> models.QuerySet | None:
    """A subquery of the ids of accounts `user` may see; None means every account.

    Read from the access table (decision 0021), one index range per viewer, never
    from the reporting tree at request time; `visible_account_ids_by_rule` is the rule
    the table is proven equal to."""
    if user.sees_everything or can(user, Capability.SERVE_ACCOUNTS):
        return None
    access_model = apps.get_model("accounts", "AccountAccess")
    return access_model.objects.filter(viewer_id=user.pk).values("account_id")


def visible_account_ids_by_rule(user: User) -> models.QuerySet | None:
    """The rule itself, computed from the reporting tree: the accounts owned by the
    user or anyone below them, or with one of them on the account team."""
    if user.sees_everything or can(user, Capability.SERVE_ACCOUNTS):
        return None
    owners = visible_owner_ids(user)
    account_model = apps.get_model("accounts", "Account")
    member_model = apps.get_model("accounts", "AccountTeamMember")
    return account_model.objects.filter(
        Q(owner_id__in=owners)
        | Q(pk__in=member_model.objects.filter(user_id__in=owners).values("account_id"))
    ).values("pk")


def on_visible_account(user: User, *, account_field: str = "account_id") -> Q | None:
    """A filter for rows under an account the user may see; None means no restriction.

    `account_field` names the account's id on the filtered model ("pk" for accounts)."""
    if user.sees_everything or can(user, Capability.SERVE_ACCOUNTS):
        return None
    access_model = apps.get_model("accounts", "AccountAccess")
    return access_condition(user, access_model, "account_id", account_field)


class AccountQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        """Accounts owned by the user or anyone below them, or with them on the team."""
        if not is_signed_in(user):
            return self.none()
        condition = on_visible_account(user, account_field="pk")
        return self if condition is None else self.filter(condition)

    def customers(self) -> Self:
        return self.filter(lifecycle=Lifecycle.CUSTOMER)


class OnAccountQuerySet(models.QuerySet):
    """For records with no owner of their own: visible exactly when their account is."""

    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        condition = on_visible_account(user)
        return self if condition is None else self.filter(condition)


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        """Contacts of visible accounts, and contacts the user (or their reports) own."""
        if not is_signed_in(user):
            return self.none()
        condition = on_visible_account(user)
        if condition is None:
            return self
        return self.filter(condition | Q(owner_id__in=reached_owner_ids(user)))


class AccountTeamMemberQuerySet(OnAccountQuerySet):
    pass

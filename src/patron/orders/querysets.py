"""Visibility of contracts, orders, invoices and payments: with their account, or their owner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from patron.accounts.querysets import on_visible_account
from patron.org.access import reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.org.visibility import is_signed_in

if TYPE_CHECKING:
    from patron.org.models import User


def _condition(user: User, prefix: str, *, owned: bool) -> Q | None:
    if can(user, Capability.SEE_EVERYTHING):
        return None
    if not can(user, Capability.SELL):
        # Orders and contracts are sellers' records: a role that neither sells nor sees
        # everything (a service agent serving accounts) sees none of them.
        return Q(pk__in=[])
    condition = on_visible_account(user, account_field=f"{prefix}account_id")
    if owned:
        own = Q(**{f"{prefix}owner_id__in": reached_owner_ids(user)})
        condition = own if condition is None else condition | own
    return condition


class AccountRecordQuerySet(models.QuerySet):
    """Contracts, orders and invoices: visible with their account or to their owner."""

    owned = True

    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        condition = _condition(user, "", owned=self.owned)
        return self if condition is None else self.filter(condition)


class InvoiceQuerySet(AccountRecordQuerySet):
    owned = False


class OrderChildQuerySet(models.QuerySet):
    """Order lines: visible with their order."""

    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        condition = _condition(user, "order__", owned=True)
        return self if condition is None else self.filter(condition)


class PaymentQuerySet(models.QuerySet):
    """Payments: visible with their invoice's account."""

    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        condition = _condition(user, "invoice__", owned=False)
        return self if condition is None else self.filter(condition)

"""Who may work customer cases, read from the accounts loaded beforehand.

Those whose role works every case (service agents, sales ops, admins: the
`WORK_ALL_CASES` capability) work every case; sellers work the cases of the accounts
they may see (their customers' problems are theirs to chase); executives read and
never change. The clean steps of cases and survey answers read the rule from their
context; `services.access.may_work_cases_of` asks it of one account.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from django.utils.translation import gettext as _

from patron.accounts.models import Account
from patron.core.errors import Forbidden
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can


def may_work_cases(user: User, account_id: int, seen_account_ids: Container[int]) -> bool:
    """True when `user` may open and change cases (and surveys) of the account, given
    the accounts `user` sees among those asked about (`seen_for_cases` loads them)."""
    if not can(user, Capability.CHANGE_RECORDS):
        return False
    if can(user, Capability.WORK_ALL_CASES):
        return True
    return account_id in seen_account_ids


def seen_for_cases(user: User, account_ids: Iterable[int]) -> frozenset[int]:
    """The accounts among `account_ids` that `user` sees, as `may_work_cases` reads them:
    one query, none when the role decides alone (it works every case, or changes
    nothing)."""
    wanted = set(account_ids)
    if (
        not wanted
        or not can(user, Capability.CHANGE_RECORDS)
        or can(user, Capability.WORK_ALL_CASES)
    ):
        return frozenset()
    return frozenset(
        Account.objects.visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True)
    )


def cannot_work_cases() -> Forbidden:
    """The refusal of someone who may not work an account's cases."""
    return Forbidden(_("Your role does not allow you to work this customer's cases."))

"""Who may work customer cases, and loading a case for a change.

Those whose role works every case (service agents, sales ops, admins: the
`WORK_ALL_CASES` capability) work every case; sellers work the cases of the accounts
they may see (their customers' problems are theirs to chase); executives read and
never change.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from patron.accounts.models import Account
from patron.core.errors import Forbidden, NotVisible
from patron.core.models import require_version
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can
from patron.service.models import Case


def may_work_cases_of(user: User, account_id: int) -> bool:
    """True when `user` may open and change cases (and surveys) of the account."""
    if not can(user, Capability.CHANGE_RECORDS):
        return False
    if can(user, Capability.WORK_ALL_CASES):
        return True
    return Account.objects.visible_to(user).filter(pk=account_id).exists()


def require_may_work_cases_of(actor: User, account_id: int) -> None:
    if not may_work_cases_of(actor, account_id):
        raise cannot_work_cases()


def cannot_work_cases() -> Forbidden:
    """The refusal of someone who may not work an account's cases."""
    return Forbidden(_("Your role does not allow you to work this customer's cases."))


def case_for_change(actor: User, case_id: int, version: int) -> Case:
    """The case, locked until the end of the transaction, if the actor may work it and
    still edits the version they saw."""
    case = Case.objects.visible_to(actor).select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotVisible(str(Case._meta.verbose_name))
    require_may_work_cases_of(actor, case.account_id)
    require_version(case, version)
    return case

"""Who may work customer cases (the rule is `service.cleaning.access`), asked of one
account, and loading a case for a change."""

from __future__ import annotations

from patron.core.errors import NotVisible
from patron.core.models import require_version
from patron.org.models import User
from patron.service.cleaning.access import cannot_work_cases, may_work_cases, seen_for_cases
from patron.service.models import Case


def may_work_cases_of(user: User, account_id: int) -> bool:
    """True when `user` may open and change cases (and surveys) of the account (one
    query at most)."""
    return may_work_cases(user, account_id, seen_for_cases(user, [account_id]))


def require_may_work_cases_of(actor: User, account_id: int) -> None:
    if not may_work_cases_of(actor, account_id):
        raise cannot_work_cases()


def case_for_change(actor: User, case_id: int, version: int) -> Case:
    """The case, locked until the end of the transaction, if the actor may work it and
    still edits the version they saw."""
    case = Case.objects.visible_to(actor).select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotVisible(str(Case._meta.verbose_name))
    require_may_work_cases_of(actor, case.account_id)
    require_version(case, version)
    return case

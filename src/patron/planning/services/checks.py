"""The checks the account-plan services share: who may plan an account, loading a plan
or an action for a change, and who may own or review one.

An account's plan is worked out by the people who work the account: its owner, the
members of its account team, the managers above them, and sales ops. For a seller
that is exactly the accounts they see (`accounts.querysets.visible_account_ids`), so
"may plan" is "sees the account and sells"; executives read plans and change none,
and service agents neither see nor change them.

Each rule that asks the database whether someone sees an account takes that question
as `sees`: the services ask it here, the clean steps (`planning/cleaning/`) read the
answer from the context they loaded beforehand.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from patron.accounts.models import Account
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import active_user, can, may_change_owned_by, require_may_own
from patron.planning.errors import PlanningErrorCode
from patron.planning.models import AccountPlan, AccountPlanAction

# Whether a user sees an account: (user, account id) → bool.
SeesAccount = Callable[[User, int], bool]


def sees_account(user: User, account_id: int) -> bool:
    return Account.objects.visible_to(user).filter(pk=account_id).exists()


def is_planner(actor: User) -> bool:
    """Plans are sales work: for people who sell and change records."""
    return can(actor, Capability.SELL) and can(actor, Capability.CHANGE_RECORDS)


def require_planner(actor: User) -> None:
    if not is_planner(actor):
        raise Forbidden()


def may_plan(actor: User, plan: AccountPlan, *, sees: SeesAccount = sees_account) -> bool:
    """The actor plans, and works the plan's account or may change its owner's records."""
    if not is_planner(actor):
        return False
    return may_change_owned_by(actor, plan.owner_id) or sees(actor, plan.account_id)


def require_may_plan(
    actor: User, plan: AccountPlan, *, sees: SeesAccount = sees_account
) -> AccountPlan:
    """The plan, if the actor may work it (else Forbidden)."""
    if not may_plan(actor, plan, sees=sees):
        raise Forbidden()
    return plan


def plan_not_visible() -> NotVisible:
    return NotVisible(str(AccountPlan._meta.verbose_name))


def plan_for_change(actor: User, plan_id: int) -> AccountPlan:
    """The plan, locked, if visible (else NotVisible) and the actor may work it."""
    plan = (
        AccountPlan.objects.visible_to(actor)
        .select_for_update()
        .select_related("account")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise plan_not_visible()
    return require_may_plan(actor, plan)


def action_for_change(actor: User, action_id: int) -> AccountPlanAction:
    """The plan action, locked, if visible (else NotVisible); those who may plan the
    account change it, and so does whoever may change its owner's records (the person
    it was given to, and the people above them)."""
    action = (
        AccountPlanAction.objects.visible_to(actor)
        .select_for_update()
        .select_related("plan")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise NotVisible(str(AccountPlanAction._meta.verbose_name))
    owner_may = can(actor, Capability.SELL) and may_change_owned_by(actor, action.owner_id)
    if not (owner_may or may_plan(actor, action.plan)):
        raise Forbidden()
    return action


def plan_member(user_id: int, account_id: int, *, field: str) -> User:
    """An active seller who sees the account: who may own a plan or one of its actions.

    A plan or an action given to someone who cannot see the account would be work
    nobody can do; plans are worked by the people on the account (owner, team, their
    managers, sales ops), not necessarily below the person assigning it.
    """
    return require_plan_member(active_user(user_id, field=field), account_id, field=field)


def require_plan_member(
    user: User, account_id: int, *, field: str, sees: SeesAccount = sees_account
) -> User:
    """`user`, if they may own sales records and see the account (`plan_member`'s rule
    for a user already loaded)."""
    require_may_own(user, field=field)
    if not sees(user, account_id):
        raise RuleViolation(
            field,
            PlanningErrorCode.CANNOT_SEE_ACCOUNT,
            _("%(user)s does not work on this account.") % {"user": user},
        )
    return user

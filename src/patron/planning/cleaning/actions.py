"""The clean step of adding an action to an account plan (see `core.cleaning` and
decision 0020): the raw values and a context loaded beforehand in, the checked action
or every wrong field out, with no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from patron.core.cleaning import Cleaned, ErrorCollector, check_named
from patron.core.validation import require_text
from patron.org.models import User
from patron.org.policy import active_users_by_id
from patron.org.visibility import with_reporting_tree
from patron.planning.cleaning.plans import (
    accounts_seen_by,
    member_among,
    plan_among,
    planned_account_ids,
    visible_plans,
)
from patron.planning.models import AccountPlan

DESCRIPTION_LIMIT = 255  # the column's length


@dataclass(frozen=True)
class AccountPlanActionInput:
    """A new plan action as typed or imported."""

    plan_id: int
    description: str
    due_on: date
    owner_id: int | None = None


@dataclass(frozen=True)
class AccountPlanActionContext:
    """What cleaning new plan actions needs from the database: the actor (with their
    reporting tree walked), the named plans they see, the accounts of those plans they
    see where working the plan depends on it, and the active users named as owners
    with the plans' accounts each of them sees."""

    actor: User
    plans: Mapping[int, AccountPlan]
    planned_account_ids: frozenset[int]
    owners: Mapping[int, User]
    owner_account_ids: Mapping[int, frozenset[int]]


@dataclass(frozen=True)
class AccountPlanActionValues:
    """A new plan action ready to be written."""

    plan: AccountPlan
    description: str
    owner: User
    due_on: date


def account_plan_action_context(
    actor: User,
    *,
    plan_ids: Iterable[int | None],
    owner_ids: Iterable[int | None] = (),
    for_update: bool = False,
) -> AccountPlanActionContext:
    """The context for cleaning actions of these plans with these owners: one query per
    kind of reference (plans, the actor's accounts among theirs, owners), plus, per
    named owner who may own, which of the plans' accounts they see (`accounts_seen_by`).
    `for_update` locks the plans, as the service does while it adds to one."""
    actor = with_reporting_tree(actor)
    plans = visible_plans(actor, plan_ids, for_update=for_update)
    owners = active_users_by_id(owner_ids)
    return AccountPlanActionContext(
        actor=actor,
        plans=plans,
        planned_account_ids=planned_account_ids(actor, plans),
        owners=owners,
        owner_account_ids=accounts_seen_by(
            actor, owners, {plan.account_id for plan in plans.values()}
        ),
    )


def clean_account_plan_action(
    raw: AccountPlanActionInput, context: AccountPlanActionContext
) -> Cleaned[AccountPlanActionValues]:
    """Every check of a new plan action (the rules are `add_account_plan_action`'s),
    each wrong field reported, in the order the service checks them."""
    errors = ErrorCollector()
    check_named(
        errors,
        "plan",
        lambda: plan_among(context.actor, context.plans, context.planned_account_ids, raw.plan_id),
    )
    plan = context.plans.get(raw.plan_id)
    owner: User | None = context.actor
    if raw.owner_id is not None:
        owner_id, account_id = raw.owner_id, None if plan is None else plan.account_id
        owner = check_named(
            errors,
            "owner",
            lambda: member_among(
                context.owners, context.owner_account_ids, owner_id, account_id, field="owner"
            ),
        )
    description = errors.check(lambda: require_description(raw.description), "")
    if errors.errors or plan is None or owner is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        AccountPlanActionValues(plan=plan, description=description, owner=owner, due_on=raw.due_on)
    )


def require_description(description: str) -> str:
    """An action's description, trimmed: required, as long as the column allows (also
    the check of `update_account_plan_action`)."""
    return require_text(description, field="description", limit=DESCRIPTION_LIMIT, required=True)

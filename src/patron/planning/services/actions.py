"""An account plan's actions: the steps of the plan, each with an owner and a due date
(overdue ones surface in My day), done, cancelled or removed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_not_future
from patron.org.models import User
from patron.planning.choices import ActionStatus
from patron.planning.cleaning.actions import (
    AccountPlanActionInput,
    account_plan_action_context,
    clean_account_plan_action,
    require_description,
)
from patron.planning.errors import PlanningErrorCode
from patron.planning.models import AccountPlanAction
from patron.planning.services.checks import action_for_change, plan_member


@service
def add_account_plan_action(
    *,
    actor: User,
    plan_id: int,
    description: str,
    due_on: date,
    owner_id: int | None = None,
) -> AccountPlanAction:
    """Add a step to a plan, owned by the actor unless they give it to another seller
    who works the account (the account team shares a plan's work, whoever assigns it).

    An action is a record of its own: adding one does not move the plan's version.
    """
    # The checks are `clean_account_plan_action`'s, on a context built for this one row
    # with the plan locked, as a change of the plan does; the first error is raised.
    values = raise_first(
        clean_account_plan_action(
            AccountPlanActionInput(
                plan_id=plan_id, description=description, due_on=due_on, owner_id=owner_id
            ),
            account_plan_action_context(
                actor, plan_ids=[plan_id], owner_ids=[owner_id], for_update=True
            ),
        )
    )
    action = AccountPlanAction.objects.create(**vars(values), created_by=actor)
    record_created(action, actor=actor)
    return action


@service
def update_account_plan_action(
    *,
    actor: User,
    action_id: int,
    version: int,
    description: str | Unset = UNSET,
    due_on: date | Unset = UNSET,
    owner_id: int | Unset = UNSET,
    status: str | Unset = UNSET,
) -> AccountPlanAction:
    """Change an action's description, due date, owner or status; arguments left out
    keep their value.

    Done needs the day it was done: setting the status to done records today (as
    `complete_account_plan_action` does); leaving done forgets that day. A new owner is
    a seller who works the account.
    """
    action = action_for_change(actor, action_id)
    require_version(action, version)
    before = snapshot(action)
    given: dict[str, Any] = {}
    if not isinstance(description, Unset):
        given["description"] = require_description(description)
    if not isinstance(due_on, Unset):
        given["due_on"] = due_on
    if not isinstance(owner_id, Unset):
        given["owner"] = plan_member(owner_id, action.plan.account_id, field="owner")
    if not isinstance(status, Unset) and status != action.status:
        given["status"] = require_choice(status, field="status", choices=ActionStatus.values)
        given["completed_on"] = company_today() if status == ActionStatus.DONE else None
    for name, value in given.items():
        setattr(action, name, value)
    update_versioned(action, expected_version=version, fields=list(given))
    record_changed(action, actor=actor, before=before)
    return action


@service
def complete_account_plan_action(
    *, actor: User, action_id: int, version: int, completed_on: date | None = None
) -> AccountPlanAction:
    """Mark an open or cancelled action done on `completed_on` (today unless given;
    never in the future): done actions leave My day's overdue list."""
    action = action_for_change(actor, action_id)
    require_version(action, version)
    if action.status == ActionStatus.DONE:
        raise RuleViolation(
            "status", PlanningErrorCode.ALREADY_DONE, _("This action is already done.")
        )
    before = snapshot(action)
    action.status = ActionStatus.DONE
    action.completed_on = require_not_future(completed_on or company_today(), field="completed_on")
    update_versioned(action, expected_version=version, fields=["status", "completed_on"])
    record_changed(action, actor=actor, before=before, action="complete")
    return action


@service
def remove_account_plan_action(*, actor: User, action_id: int, version: int) -> None:
    """Remove a step from the plan for good (entered by mistake, or no longer part of
    it — cancel it instead to keep it on record). Its audit event keeps its values."""
    action = action_for_change(actor, action_id)
    require_version(action, version)
    record_deleted(action, actor=actor, action="remove")
    action.delete()

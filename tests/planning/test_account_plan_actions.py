import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.planning.models import AccountPlanAction
from patron.planning.services.actions import (
    add_account_plan_action,
    complete_account_plan_action,
    remove_account_plan_action,
    update_account_plan_action,
)
from tests.factories.planning import AccountPlanActionFactory
from tests.planning.conftest import PLAN_REFUSALS, TODAY, events, refused

DUE = dt.date(2026, 4, 30)


def test_an_action_is_added_for_someone_on_the_account(org, plan):
    # when
    action = add_account_plan_action(
        actor=org.rep,
        plan_id=plan.pk,
        description=" Map the buying committee ",
        due_on=DUE,
        owner_id=org.account_manager.pk,
    )
    # then
    action.refresh_from_db()
    assert (action.description, action.owner, action.due_on, action.status) == (
        "Map the buying committee",
        org.account_manager,
        DUE,
        "open",
    )
    plan.refresh_from_db()
    assert plan.version == 1
    (event,) = events(action)
    assert (event.action, event.changes["owner"]) == ("create", [None, org.account_manager.pk])


def test_an_action_needs_a_description_and_an_owner_on_the_account(org, plan):
    error = refused(
        RuleViolation,
        add_account_plan_action,
        actor=org.rep,
        plan_id=plan.pk,
        description=" ",
        due_on=DUE,
    )
    assert (error.field, error.code) == ("description", "required")
    error = refused(
        RuleViolation,
        add_account_plan_action,
        actor=org.rep,
        plan_id=plan.pk,
        description="x",
        due_on=DUE,
        owner_id=org.peer_rep.pk,
    )
    assert (error.field, error.code) == ("owner", "cannot_see_account")


@PLAN_REFUSALS
def test_who_may_not_add_an_action(org, plan, persona, error_type):
    refused(
        error_type,
        add_account_plan_action,
        actor=getattr(org, persona),
        plan_id=plan.pk,
        description="x",
        due_on=DUE,
    )


def test_an_action_changes_and_done_records_the_day(org, plan):
    action = AccountPlanActionFactory(plan=plan)
    updated = update_account_plan_action(
        actor=org.rep,
        action_id=action.pk,
        version=1,
        due_on=DUE + dt.timedelta(days=7),
        status="done",
    )
    assert (updated.due_on, updated.status, updated.completed_on) == (
        DUE + dt.timedelta(days=7),
        "done",
        TODAY,
    )
    back = update_account_plan_action(actor=org.rep, action_id=action.pk, version=2, status="open")
    assert (back.status, back.completed_on) == ("open", None)
    first, second = events(action)
    assert first.changes == {
        "due_on": ["2026-04-30", "2026-05-07"],
        "status": ["open", "done"],
        "completed_on": [None, "2026-03-10"],
    }
    assert second.changes == {"status": ["done", "open"], "completed_on": ["2026-03-10", None]}
    error = refused(
        RuleViolation,
        update_account_plan_action,
        actor=org.rep,
        action_id=action.pk,
        version=3,
        status="later",
    )
    assert (error.field, error.code) == ("status", "unknown_choice")


def test_completing_an_action(org, plan):
    action = AccountPlanActionFactory(plan=plan, owner=org.account_manager)
    done = complete_account_plan_action(
        actor=org.account_manager, action_id=action.pk, version=1, completed_on=dt.date(2026, 3, 9)
    )
    assert (done.status, done.completed_on) == ("done", dt.date(2026, 3, 9))
    assert [event.action for event in events(action)] == ["complete"]
    error = refused(
        RuleViolation, complete_account_plan_action, actor=org.rep, action_id=action.pk, version=2
    )
    assert (error.field, error.code) == ("status", "already_done")


def test_an_action_is_not_done_in_the_future(org, plan):
    action = AccountPlanActionFactory(plan=plan)
    error = refused(
        RuleViolation,
        complete_account_plan_action,
        actor=org.rep,
        action_id=action.pk,
        version=1,
        completed_on=TODAY + dt.timedelta(days=1),
    )
    assert (error.field, error.code) == ("completed_on", "in_future")


def test_removing_an_action(org, plan):
    action = AccountPlanActionFactory(plan=plan, description="Wrong step")
    remove_account_plan_action(actor=org.manager, action_id=action.pk, version=1)
    assert not AccountPlanAction.objects.filter(pk=action.pk).exists()
    (event,) = events(action)
    assert (event.action, event.changes["description"]) == ("remove", ["Wrong step", None])


@pytest.mark.parametrize(
    "call", [update_account_plan_action, complete_account_plan_action, remove_account_plan_action]
)
def test_a_stale_action_is_refused(org, plan, call):
    action = AccountPlanActionFactory(plan=plan)
    refused(StaleVersion, call, actor=org.rep, action_id=action.pk, version=5)


@pytest.mark.parametrize(
    ("persona", "error_type"),
    [("peer_rep", NotVisible), ("rep2", NotVisible), ("executive", Forbidden)],
)
@pytest.mark.parametrize(
    "call", [update_account_plan_action, complete_account_plan_action, remove_account_plan_action]
)
def test_who_may_not_change_an_action(org, plan, persona, error_type, call):
    action = AccountPlanActionFactory(plan=plan)
    refused(error_type, call, actor=getattr(org, persona), action_id=action.pk, version=1)

import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.planning.choices import PlanStatus
from patron.planning.models import AccountPlan
from patron.planning.services.plans import (
    create_account_plan,
    record_account_plan_review,
    update_account_plan,
)
from tests.factories.accounts import AccountFactory
from tests.factories.planning import AccountPlanTargetFactory
from tests.planning.conftest import PLAN_REFUSALS, TODAY, events, refused


@pytest.mark.parametrize("persona", ["rep", "account_manager", "manager", "director", "sales_ops"])
def test_whoever_works_the_account_plans_it(org, account, persona):
    # given
    actor = getattr(org, persona)
    # when
    plan = create_account_plan(
        actor=actor,
        account_id=account.pk,
        fiscal_year=2026,
        goals=" Double the kiln business ",
        next_review_on=dt.date(2026, 6, 30),
    )
    # then
    plan.refresh_from_db()
    assert (plan.account, plan.fiscal_year, plan.owner, plan.currency, plan.status) == (
        account,
        2026,
        actor,
        "USD",
        PlanStatus.DRAFT,
    )
    assert plan.goals == "Double the kiln business"
    (event,) = events(plan)
    assert (event.action, event.changes["goals"], event.changes["fiscal_year"]) == (
        "create",
        [None, "Double the kiln business"],
        [None, 2026],
    )


def test_the_plan_may_be_given_to_someone_on_the_account(org, account):
    plan = create_account_plan(
        actor=org.sales_ops,
        account_id=account.pk,
        fiscal_year=2027,
        owner_id=org.rep.pk,
        currency="THB",
    )
    assert (plan.owner, plan.currency) == (org.rep, "THB")
    error = refused(
        RuleViolation,
        create_account_plan,
        actor=org.sales_ops,
        account_id=account.pk,
        fiscal_year=2028,
        owner_id=org.peer_rep.pk,
    )
    assert (error.field, error.code) == ("owner", "cannot_see_account")


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"fiscal_year": 2026}, "fiscal_year", "duplicate"),
        ({"fiscal_year": 1999}, "fiscal_year", "out_of_range"),
        ({"currency": "XYZ"}, "currency", "unknown_currency"),
        ({"status": "finished"}, "status", "unknown_choice"),
        ({"strategy": "x" * 10_001}, "strategy", "too_long"),
    ],
)
def test_bad_values_are_refused(org, account, plan, kwargs, field, code):
    values = {"fiscal_year": 2027, **kwargs}
    error = refused(
        RuleViolation, create_account_plan, actor=org.rep, account_id=account.pk, **values
    )
    assert (error.field, error.code) == (field, code)


@pytest.mark.parametrize(
    ("persona", "error_type"),
    [("peer_rep", NotVisible), ("executive", Forbidden), ("service_agent", Forbidden)],
)
def test_who_may_not_plan_the_account(org, account, persona, error_type):
    refused(
        error_type,
        create_account_plan,
        actor=getattr(org, persona),
        account_id=account.pk,
        fiscal_year=2026,
    )


def test_the_plan_changes_and_what_is_left_out_stays(org, plan):
    updated = update_account_plan(
        actor=org.account_manager,
        plan_id=plan.pk,
        version=1,
        status="active",
        challenges="Budget cuts",
        owner_id=org.account_manager.pk,
    )
    updated.refresh_from_db()
    assert (updated.status, updated.challenges, updated.owner, updated.version) == (
        "active",
        "Budget cuts",
        org.account_manager,
        2,
    )
    (event,) = events(plan, "update")
    assert event.changes == {
        "status": ["draft", "active"],
        "challenges": ["", "Budget cuts"],
        "owner": [org.rep.pk, org.account_manager.pk],
    }


def test_the_currency_stays_while_there_are_targets(org, plan):
    AccountPlanTargetFactory(plan=plan)
    error = refused(
        RuleViolation,
        update_account_plan,
        actor=org.rep,
        plan_id=plan.pk,
        version=1,
        currency="EUR",
    )
    assert (error.field, error.code) == ("currency", "currency_has_targets")


def test_a_stale_edit_is_refused(org, plan):
    refused(StaleVersion, update_account_plan, actor=org.rep, plan_id=plan.pk, version=3, goals="x")


@PLAN_REFUSALS
def test_who_may_not_change_the_plan(org, plan, persona, error_type):
    refused(
        error_type,
        update_account_plan,
        actor=getattr(org, persona),
        plan_id=plan.pk,
        version=1,
        goals="Mine",
    )


def test_a_review_is_recorded_and_moves_the_plan(org, plan):
    review = record_account_plan_review(
        actor=org.manager,
        plan_id=plan.pk,
        version=1,
        notes="On track",
        next_review_on=dt.date(2026, 6, 1),
    )
    plan.refresh_from_db()
    assert (review.reviewed_on, review.reviewer, review.notes) == (TODAY, org.manager, "On track")
    assert (plan.next_review_on, plan.version) == (dt.date(2026, 6, 1), 2)
    (event,) = events(plan, "review")
    assert event.changes == {"next_review_on": [None, "2026-06-01"], "review": review.pk}
    assert [event.action for event in events(review)] == ["create"]


def test_a_review_is_not_in_the_future_and_needs_the_current_plan(org, plan):
    error = refused(
        RuleViolation,
        record_account_plan_review,
        actor=org.rep,
        plan_id=plan.pk,
        version=1,
        reviewed_on=TODAY + dt.timedelta(days=1),
    )
    assert (error.field, error.code) == ("reviewed_on", "in_future")
    refused(StaleVersion, record_account_plan_review, actor=org.rep, plan_id=plan.pk, version=2)
    refused(Forbidden, record_account_plan_review, actor=org.executive, plan_id=plan.pk, version=1)


def test_one_plan_per_account_and_year_is_also_a_table_rule(org, plan):
    other = AccountFactory(owner=org.rep)
    create_account_plan(actor=org.rep, account_id=other.pk, fiscal_year=2026)
    assert AccountPlan.objects.filter(fiscal_year=2026).count() == 2

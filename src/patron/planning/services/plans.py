"""Account plans: creating the plan of an account for a fiscal year, editing it, and
recording its reviews.

Revenue targets per product are `services/targets.py`; the plan's actions
`services/actions.py`. Who may work a plan is `services/checks.py`; the checks of a
new plan are its clean step, `cleaning/plans.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import (
    require_choice,
    require_currency,
    require_not_future,
    require_text,
)
from patron.org.models import User
from patron.planning.choices import PlanStatus
from patron.planning.cleaning.plans import (
    PLAN_TEXTS,
    TEXT_LIMIT,
    AccountPlanInput,
    account_plan_context,
    clean_account_plan,
    clean_plan_texts,
)
from patron.planning.errors import PlanningErrorCode
from patron.planning.models import AccountPlan, AccountPlanReview
from patron.planning.services.checks import plan_for_change, plan_member

__all__ = [
    "PLAN_TEXTS",
    "create_account_plan",
    "record_account_plan_review",
    "update_account_plan",
]


@service
def create_account_plan(
    *,
    actor: User,
    account_id: int,
    fiscal_year: int,
    owner_id: int | None = None,
    currency: str = "",
    status: str = PlanStatus.DRAFT,
    customer_needs: str = "",
    goals: str = "",
    challenges: str = "",
    strategy: str = "",
    relationship_objectives: str = "",
    competitive_threats: str = "",
    next_review_on: date | None = None,
) -> AccountPlan:
    """Start the plan of an account for one fiscal year (one plan per account and year:
    it is what the year's targets and actions hang on).

    Whoever works the account plans it — its owner, its account team, the managers
    above them, sales ops — and the plan is theirs unless they name another seller who
    works the account. Targets are in the plan's currency, the company's base
    currency unless given.
    """
    # The checks are `clean_account_plan`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_account_plan(
            AccountPlanInput(
                account_id=account_id,
                fiscal_year=fiscal_year,
                owner_id=owner_id,
                currency=currency,
                status=status,
                customer_needs=customer_needs,
                goals=goals,
                challenges=challenges,
                strategy=strategy,
                relationship_objectives=relationship_objectives,
                competitive_threats=competitive_threats,
                next_review_on=next_review_on,
            ),
            account_plan_context(actor, account_ids=[account_id], owner_ids=[owner_id]),
        )
    )
    plan = AccountPlan.objects.create(**vars(values), created_by=actor)
    record_created(plan, actor=actor)
    return plan


@service
def update_account_plan(
    *,
    actor: User,
    plan_id: int,
    version: int,
    owner_id: int | Unset = UNSET,
    status: str | Unset = UNSET,
    currency: str | Unset = UNSET,
    customer_needs: str | Unset = UNSET,
    goals: str | Unset = UNSET,
    challenges: str | Unset = UNSET,
    strategy: str | Unset = UNSET,
    relationship_objectives: str | Unset = UNSET,
    competitive_threats: str | Unset = UNSET,
    next_review_on: date | Unset | None = UNSET,
) -> AccountPlan:
    """Change a plan's content, status, owner or next review; arguments left out keep
    their value.

    The account and the fiscal year stay: another year's plan is a plan of its own.
    The currency changes only while the plan has no targets (they are amounts in it,
    and converting a target at some day's rate would change what was agreed). A new
    owner is a seller who works the account.
    """
    plan = plan_for_change(actor, plan_id)
    require_version(plan, version)
    before = snapshot(plan)
    texts = {
        "customer_needs": customer_needs,
        "goals": goals,
        "challenges": challenges,
        "strategy": strategy,
        "relationship_objectives": relationship_objectives,
        "competitive_threats": competitive_threats,
    }
    given: dict[str, Any] = _texts(
        {name: value for name, value in texts.items() if not isinstance(value, Unset)}
    )
    if not isinstance(status, Unset):
        given["status"] = require_choice(status, field="status", choices=PlanStatus.values)
    if not isinstance(next_review_on, Unset):
        given["next_review_on"] = next_review_on
    if not isinstance(owner_id, Unset):
        given["owner"] = plan_member(owner_id, plan.account_id, field="owner")
    if not isinstance(currency, Unset):
        given["currency"] = require_currency(currency)
        if given["currency"] != plan.currency and plan.targets.exists():
            raise RuleViolation(
                "currency",
                PlanningErrorCode.CURRENCY_HAS_TARGETS,
                _("Remove the plan's targets before changing its currency."),
            )
    for name, value in given.items():
        setattr(plan, name, value)
    update_versioned(plan, expected_version=version, fields=list(given))
    record_changed(plan, actor=actor, before=before)
    return plan


@service
def record_account_plan_review(
    *,
    actor: User,
    plan_id: int,
    version: int,
    reviewed_on: date | None = None,
    notes: str = "",
    reviewer_id: int | None = None,
    next_review_on: date | Unset | None = UNSET,
) -> AccountPlanReview:
    """Record that the plan was reviewed (with the manager or the customer) on
    `reviewed_on` — today unless given, never in the future — and optionally when the
    next review is due.

    The reviewer is the actor unless they name another seller who works the account.
    The review is a step of the plan's life, so the plan's version moves with it: an
    edit made from the plan as it was before the review is refused.
    """
    plan = plan_for_change(actor, plan_id)
    require_version(plan, version)
    reviewed_on = require_not_future(reviewed_on or company_today(), field="reviewed_on")
    reviewer = (
        actor
        if reviewer_id is None
        else plan_member(reviewer_id, plan.account_id, field="reviewer")
    )
    review = AccountPlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        reviewer=reviewer,
        notes=require_text(notes, field="notes", limit=TEXT_LIMIT),
        created_by=actor,
    )
    record_created(review, actor=actor)
    before = snapshot(plan)
    if not isinstance(next_review_on, Unset):
        plan.next_review_on = next_review_on
    update_versioned(plan, expected_version=version, fields=["next_review_on"])
    record_changed(plan, actor=actor, before=before, action="review", extra={"review": review})
    return review


def _texts(values: dict[str, Any]) -> dict[str, str]:
    return clean_plan_texts(values).value_or_raise()

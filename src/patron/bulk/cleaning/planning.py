"""Stored account plans and quotas read back through their creates' clean steps.

- A plan's account and fiscal year are held by the plan itself: the database keeps
  one plan per account and year (`plan_one_per_year`), so the rule is not asked here.
  Its status is an input the create takes as it is (any status).
- A plan action's status is not an input: an action done or cancelled since was
  added open. A plan's target is cleaned as the plan's targets naming it alone (each
  target is checked apart).
- A plan's or an action's owner who has left since saw then the accounts they see
  now (asked of them active again).
- A quota may not overlap the quotas of its holder and metric set before it (a lower
  id); the quota itself is not among them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from django.db.models import Q

from patron.bulk.cleaning.shared import each_row, earlier, money, with_users
from patron.core.cleaning import Cleaned, ids_of
from patron.org.models import User
from patron.planning.cleaning.actions import (
    AccountPlanActionContext,
    AccountPlanActionInput,
    account_plan_action_context,
    clean_account_plan_action,
)
from patron.planning.cleaning.plans import (
    AccountPlanContext,
    AccountPlanInput,
    account_plan_context,
    accounts_seen_by,
    clean_account_plan,
)
from patron.planning.cleaning.quotas import QuotaInput, clean_quota, quota_context
from patron.planning.cleaning.targets import (
    AccountPlanTargetsInput,
    account_plan_targets_context,
    clean_account_plan_targets,
)
from patron.planning.models import AccountPlan, AccountPlanAction, AccountPlanTarget, Quota

P = TypeVar("P", AccountPlanContext, AccountPlanActionContext)


def account_plans(actor: User, rows: Sequence[AccountPlan]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = account_plan_context(
        actor, account_ids=[row.account_id for row in rows], owner_ids=owner_ids
    )
    context = _owners_then(with_users(context, "owners", owner_ids))
    context = dataclasses.replace(context, taken_years=frozenset())
    for row in rows:
        raw = AccountPlanInput(
            account_id=row.account_id,
            fiscal_year=row.fiscal_year,
            owner_id=row.owner_id,
            currency=row.currency,
            status=row.status,
            customer_needs=row.customer_needs,
            goals=row.goals,
            challenges=row.challenges,
            strategy=row.strategy,
            relationship_objectives=row.relationship_objectives,
            competitive_threats=row.competitive_threats,
            next_review_on=row.next_review_on,
        )
        yield row.pk, clean_account_plan(raw, context)


def account_plan_actions(
    actor: User, rows: Sequence[AccountPlanAction]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = account_plan_action_context(
        actor, plan_ids=[row.plan_id for row in rows], owner_ids=owner_ids
    )
    context = _owners_then(with_users(context, "owners", owner_ids))
    for row in rows:
        raw = AccountPlanActionInput(
            plan_id=row.plan_id,
            description=row.description,
            due_on=row.due_on,
            owner_id=row.owner_id,
        )
        yield row.pk, clean_account_plan_action(raw, context)


def account_plan_targets(
    actor: User, rows: Sequence[AccountPlanTarget]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = account_plan_targets_context(
        actor,
        plan_ids=[row.plan_id for row in rows],
        product_ids=[row.product_id for row in rows],
    )

    def targets_input(row: AccountPlanTarget) -> AccountPlanTargetsInput:
        amount = money(row.target_minor, row.plan.currency, field="targets")
        return AccountPlanTargetsInput(plan_id=row.plan_id, targets={row.product_id: amount})

    yield from each_row(
        rows, targets_input, lambda _row, raw: clean_account_plan_targets(raw, context)
    )


def quotas(actor: User, rows: Sequence[Quota]) -> Iterator[tuple[int, Cleaned[Any]]]:
    user_ids = [row.user_id for row in rows]
    context = quota_context(
        actor,
        user_ids=user_ids,
        team_ids=[row.team_id for row in rows],
        territory_ids=[row.territory_id for row in rows],
    )
    context = with_users(context, "users", user_ids)
    stored = Quota.objects.filter(
        Q(user_id__in=ids_of(user_ids))
        | Q(team_id__in=ids_of(row.team_id for row in rows))
        | Q(territory_id__in=ids_of(row.territory_id for row in rows))
    )
    set_before = earlier(
        (_holder(user, team, territory, metric), pk, (start, end))
        for pk, user, team, territory, metric, start, end in stored.values_list(
            "pk", "user_id", "team_id", "territory_id", "metric", "period_start", "period_end"
        )
    )
    for row in rows:
        holder = _holder(row.user_id, row.team_id, row.territory_id, row.metric)
        taken = {holder: tuple(set_before.get(row.pk, ()))}
        raw = QuotaInput(
            metric=row.metric,
            period_start=row.period_start,
            period_end=row.period_end,
            target=row.target,
            user_id=row.user_id,
            team_id=row.team_id,
            territory_id=row.territory_id,
        )
        yield row.pk, clean_quota(raw, dataclasses.replace(context, taken=taken))


def _owners_then(context: P) -> P:
    """The context with the accounts each owner who has left since saw, as the plans'
    owners' do (`accounts_seen_by`, asked of them as they were then)."""
    seen = context.owner_account_ids
    left = {pk: user for pk, user in context.owners.items() if pk not in seen}
    accounts = (
        set(context.accounts)
        if isinstance(context, AccountPlanContext)
        else {plan.account_id for plan in context.plans.values()}
    )
    if not left or not accounts:
        return context
    return dataclasses.replace(
        context, owner_account_ids={**seen, **accounts_seen_by(context.actor, left, accounts)}
    )


def _holder(
    user_id: int | None, team_id: int | None, territory_id: int | None, metric: str
) -> tuple[str, int, str]:
    """The key `QuotaContext.taken` files a quota's period under (one holder is set:
    `quota_exactly_one_holder`)."""
    name, pk = next(
        ((name, pk) for name, pk in (("user", user_id), ("team", team_id)) if pk is not None),
        ("territory", territory_id or 0),
    )
    return name, pk, metric

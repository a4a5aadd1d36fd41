"""An account plan's revenue targets: what we aim to sell of each product to the
account in the plan's year (actual is read live from orders)."""

from __future__ import annotations

from collections.abc import Mapping

from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.models import require_version, update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.org.models import User
from patron.planning.cleaning.targets import (
    AccountPlanTargetsInput,
    account_plan_targets_context,
    clean_account_plan_targets,
    require_targets_access,
)
from patron.planning.models import AccountPlan, AccountPlanTarget


@service
def set_account_plan_targets(
    *, actor: User, plan_id: int, version: int, targets: Mapping[int, Money]
) -> AccountPlan:
    """Replace the plan's revenue targets by `targets` (product id → amount in the
    plan's currency): products left out lose their target, new ones get one, changed
    amounts are updated. Each target row written has its own audit event.

    An amount is zero or more, in the plan's currency and its minor unit (see
    `core.validation.minor_units`); a product must exist. The plan's version moves:
    the targets are part of what was agreed, and an edit of the plan made before them
    is stale.
    """
    # The checks are `clean_account_plan_targets`'s, on a context built for this plan,
    # locked: who may work it first, then its version, then the target rows.
    raw = AccountPlanTargetsInput(plan_id=plan_id, targets=targets)
    context = account_plan_targets_context(
        actor, plan_ids=[plan_id], product_ids=list(targets), for_update=True
    )
    plan = require_targets_access(raw, context)  # NotVisible and Forbidden raised as they are
    require_version(plan, version)
    wanted = dict(raise_first(clean_account_plan_targets(raw, context)).targets)
    current = {target.product_id: target for target in plan.targets.select_for_update()}
    for product_id, target in sorted(current.items()):
        if product_id not in wanted:
            record_deleted(target, actor=actor)
            target.delete()
        elif target.target_minor != wanted[product_id]:
            before = snapshot(target)
            target.target_minor = wanted[product_id]
            update_versioned(target, expected_version=target.version, fields=["target_minor"])
            record_changed(target, actor=actor, before=before)
    for product_id in sorted(set(wanted) - set(current)):
        created = AccountPlanTarget.objects.create(
            plan=plan, product_id=product_id, target_minor=wanted[product_id], created_by=actor
        )
        record_created(created, actor=actor)
    before = snapshot(plan)
    update_versioned(plan, expected_version=version, fields=[])
    record_changed(
        plan,
        actor=actor,
        before=before,
        action="set_targets",
        extra={"targets": {str(product_id): minor for product_id, minor in sorted(wanted.items())}},
    )
    return plan

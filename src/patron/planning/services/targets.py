"""An account plan's revenue targets: what we aim to sell of each product to the
account in the plan's year (actual is read live from orders)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from patron.catalog.errors import CatalogErrorCode
from patron.catalog.models import Product
from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.core.validation import minor_units
from patron.org.models import User
from patron.planning.models import AccountPlan, AccountPlanTarget
from patron.planning.services.checks import plan_for_change


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
    plan = plan_for_change(actor, plan_id)
    require_version(plan, version)
    wanted: dict[int, int] = {
        product_id: minor_units(amount, currency=plan.currency, field="targets")
        for product_id, amount in targets.items()
    }
    known = set(Product.objects.filter(pk__in=list(wanted)).values_list("pk", flat=True))
    if set(wanted) - known:
        raise RuleViolation(
            "targets",
            CatalogErrorCode.UNKNOWN_PRODUCT,
            _("There is no such product."),
        )
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

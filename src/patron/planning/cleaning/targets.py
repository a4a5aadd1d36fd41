"""The clean step of an account plan's revenue targets (see `core.cleaning` and
decision 0020): the plan and its target rows (product → amount) in, with a context
loaded beforehand; the checked amounts or every wrong row out, with no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from patron.catalog.errors import CatalogErrorCode
from patron.catalog.models import Product
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.money import Money
from patron.core.validation import minor_units
from patron.org.models import User
from patron.org.visibility import with_reporting_tree
from patron.planning.cleaning.plans import plan_among, planned_account_ids, visible_plans
from patron.planning.models import AccountPlan


@dataclass(frozen=True)
class AccountPlanTargetsInput:
    """A plan's revenue targets as typed or imported: product id → amount in the plan's
    currency."""

    plan_id: int
    targets: Mapping[int, Money]


@dataclass(frozen=True)
class AccountPlanTargetsContext:
    """What cleaning plans' targets needs from the database: the actor (with their
    reporting tree walked), the named plans they see, the accounts of those plans they
    see where working the plan depends on it, and which named products exist."""

    actor: User
    plans: Mapping[int, AccountPlan]
    planned_account_ids: frozenset[int]
    product_ids: frozenset[int]


@dataclass(frozen=True)
class AccountPlanTargetsValues:
    """A plan's targets ready to be written: product id → minor units of its currency."""

    plan: AccountPlan
    targets: Mapping[int, int]


def account_plan_targets_context(
    actor: User,
    *,
    plan_ids: Iterable[int | None],
    product_ids: Iterable[int | None] = (),
    for_update: bool = False,
) -> AccountPlanTargetsContext:
    """The context for cleaning the targets of these plans naming these products: one
    query per kind of reference (plans, the actor's accounts among theirs, products).
    `for_update` locks the plans, as the service does while it changes one."""
    actor = with_reporting_tree(actor)
    plans = visible_plans(actor, plan_ids, for_update=for_update)
    wanted = ids_of(product_ids)
    return AccountPlanTargetsContext(
        actor=actor,
        plans=plans,
        planned_account_ids=planned_account_ids(actor, plans),
        product_ids=frozenset(
            Product.objects.filter(pk__in=wanted).values_list("pk", flat=True) if wanted else ()
        ),
    )


def require_targets_access(
    raw: AccountPlanTargetsInput, context: AccountPlanTargetsContext
) -> AccountPlan:
    """The plan whose targets these are, or the access refusal of
    `clean_account_plan_targets` raised as it is (`NotVisible` for a plan the actor
    cannot see, `Forbidden` for one they may not work)."""
    return plan_among(context.actor, context.plans, context.planned_account_ids, raw.plan_id)


def clean_account_plan_targets(
    raw: AccountPlanTargetsInput, context: AccountPlanTargetsContext
) -> Cleaned[AccountPlanTargetsValues]:
    """Every check of a plan's targets (the rules are `set_account_plan_targets`'s):
    the plan, then each amount — zero or more, in the plan's currency and its minor
    unit — then each product, which must exist. Every wrong row is reported, under
    `targets` as the service names them."""
    errors = ErrorCollector()
    check_named(errors, "plan", lambda: require_targets_access(raw, context))
    plan = context.plans.get(raw.plan_id)
    wanted: dict[int, int] = {}
    if plan is not None:
        currency = plan.currency
        for product_id, amount in raw.targets.items():
            with errors.field():
                wanted[product_id] = minor_units(amount, currency=currency, field="targets")
    errors.errors.extend(
        FieldError("targets", CatalogErrorCode.UNKNOWN_PRODUCT, _("There is no such product."))
        for product_id in raw.targets
        if product_id not in context.product_ids
    )
    if errors.errors or plan is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(AccountPlanTargetsValues(plan=plan, targets=wanted))

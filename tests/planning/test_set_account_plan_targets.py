from decimal import Decimal

import pytest

from patron.core.errors import RuleViolation, StaleVersion
from patron.core.money import Money
from patron.planning.services.targets import set_account_plan_targets
from tests.factories.catalog import ProductFactory
from tests.factories.planning import AccountPlanTargetFactory
from tests.planning.conftest import PLAN_REFUSALS, events, refused


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def test_targets_are_replaced_row_by_row(org, plan):
    # given: cement and kilns have targets; lime will get one, kilns will lose theirs
    cement = AccountPlanTargetFactory(plan=plan, target_minor=1_000_000)
    kilns = AccountPlanTargetFactory(plan=plan, target_minor=2_000_000)
    kept_same = AccountPlanTargetFactory(plan=plan, target_minor=300)
    lime = ProductFactory()
    # when
    set_account_plan_targets(
        actor=org.rep,
        plan_id=plan.pk,
        version=1,
        targets={
            cement.product_id: usd("15000.00"),
            kept_same.product_id: usd("3.00"),
            lime.pk: usd("2500.50"),
        },
    )
    # then
    rows = dict(plan.targets.values_list("product_id", "target_minor"))
    assert rows == {cement.product_id: 1_500_000, kept_same.product_id: 300, lime.pk: 250_050}
    plan.refresh_from_db()
    assert plan.version == 2
    assert [(e.action, e.changes) for e in events(cement)] == [
        ("update", {"target_minor": [1_000_000, 1_500_000]})
    ]
    assert [e.action for e in events(kilns)] == ["delete"]
    assert events(kept_same) == []
    new = plan.targets.get(product=lime)
    assert events(new)[0].changes["target_minor"] == [None, 250_050]
    (event,) = events(plan, "set_targets")
    assert event.changes == {
        "targets": {
            str(cement.product_id): 1_500_000,
            str(kept_same.product_id): 300,
            str(lime.pk): 250_050,
        }
    }


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (usd("-1.00"), "negative_amount"),
        (usd("1.005"), "too_precise"),
        (Money(Decimal("10"), "EUR"), "wrong_currency"),
    ],
)
def test_bad_amounts_are_refused(org, plan, amount, code):
    error = refused(
        RuleViolation,
        set_account_plan_targets,
        actor=org.rep,
        plan_id=plan.pk,
        version=1,
        targets={ProductFactory().pk: amount},
    )
    assert (error.field, error.code) == ("targets", code)


def test_an_unknown_product_is_refused(org, plan):
    error = refused(
        RuleViolation,
        set_account_plan_targets,
        actor=org.rep,
        plan_id=plan.pk,
        version=1,
        targets={987_654: usd("1.00")},
    )
    assert (error.field, error.code) == ("targets", "unknown_product")


def test_a_stale_plan_is_refused(org, plan):
    refused(
        StaleVersion,
        set_account_plan_targets,
        actor=org.rep,
        plan_id=plan.pk,
        version=2,
        targets={},
    )


@PLAN_REFUSALS
def test_who_may_not_set_targets(org, plan, persona, error_type):
    refused(
        error_type,
        set_account_plan_targets,
        actor=getattr(org, persona),
        plan_id=plan.pk,
        version=1,
        targets={},
    )

"""The clean steps of the planning creates (plans, actions, targets, quotas): every wrong
field at once, no query per row, a context whose cost does not grow with the rows, and
the same values and refusals as the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import DomainError
from patron.core.money import Money
from patron.org.models import Territory
from patron.planning.cleaning.actions import (
    AccountPlanActionInput,
    account_plan_action_context,
    clean_account_plan_action,
)
from patron.planning.cleaning.plans import (
    AccountPlanInput,
    account_plan_context,
    clean_account_plan,
)
from patron.planning.cleaning.quotas import QuotaInput, QuotaTerms, clean_quota, quota_context
from patron.planning.cleaning.targets import (
    AccountPlanTargetsInput,
    account_plan_targets_context,
    clean_account_plan_targets,
)
from patron.planning.services.actions import add_account_plan_action
from patron.planning.services.plans import create_account_plan
from patron.planning.services.quotas import set_quota
from tests.factories.accounts import AccountFactory
from tests.factories.catalog import ProductFactory
from tests.factories.planning import AccountPlanFactory, QuotaFactory

DUE = dt.date(2026, 4, 30)
Q2 = {"period_start": dt.date(2026, 4, 1), "period_end": dt.date(2026, 7, 1)}


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def codes(cleaned) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in cleaned.errors]


def queries_of(build) -> int:
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


# --- account plans -------------------------------------------------------------------


def plan_context(actor, rows):
    return account_plan_context(
        actor,
        account_ids=[row.account_id for row in rows],
        owner_ids=[row.owner_id for row in rows],
    )


def test_a_clean_plan_gives_the_values_the_service_writes(org, account):
    # given
    row = AccountPlanInput(
        account_id=account.pk,
        fiscal_year=2027,
        owner_id=org.account_manager.pk,
        currency="THB",
        goals=" Double the kiln business ",
        next_review_on=dt.date(2026, 6, 30),
    )
    # when
    values = clean_account_plan(row, plan_context(org.manager, [row])).value_or_raise()
    plan = create_account_plan(actor=org.manager, **vars(row))
    # then
    assert (values.account, values.fiscal_year, values.owner, values.currency) == (
        account,
        2027,
        org.account_manager,
        "THB",
    )
    assert (values.status, values.goals, values.strategy) == (
        "draft",
        "Double the kiln business",
        "",
    )
    plan.refresh_from_db()
    assert (plan.owner, plan.currency, plan.goals, plan.next_review_on) == (
        values.owner,
        values.currency,
        values.goals,
        values.next_review_on,
    )


def test_a_plan_without_currency_is_in_the_base_currency(org, account):
    row = AccountPlanInput(account_id=account.pk, fiscal_year=2027)
    values = clean_account_plan(row, plan_context(org.rep, [row])).value_or_raise()
    assert (values.owner, values.currency) == (org.rep, "USD")


def test_every_wrong_field_of_a_plan_is_reported_with_its_code(org, account, plan):
    # given: the account has its FY2026 plan; the peer rep does not work the account
    row = AccountPlanInput(
        account_id=account.pk,
        fiscal_year=2026,
        owner_id=org.peer_rep.pk,
        currency="XYZ",
        status="finished",
        strategy="x" * 10_001,
    )
    # when
    cleaned = clean_account_plan(row, plan_context(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("owner", "cannot_see_account"),
        ("fiscal_year", "duplicate"),
        ("status", "unknown_choice"),
        ("currency", "unknown_currency"),
        ("strategy", "too_long"),
    ]
    assert cleaned.errors[1].message == "This account already has a plan for this fiscal year."


def test_an_unseen_account_and_a_role_that_does_not_plan_are_reported(org, account):
    # given: the peer rep does not see the account; a service agent sees it, plans nothing
    row = AccountPlanInput(account_id=account.pk, fiscal_year=1999, owner_id=987_654)
    # when
    unseen = clean_account_plan(row, plan_context(org.peer_rep, [row]))
    not_planner = clean_account_plan(row, plan_context(org.service_agent, [row]))
    # then
    assert codes(unseen) == [
        ("account", "not_found"),
        ("owner", "unknown_user"),
        ("fiscal_year", "out_of_range"),
    ]
    assert codes(not_planner) == [
        ("account", "forbidden"),
        ("owner", "unknown_user"),
        ("fiscal_year", "out_of_range"),
    ]


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("peer_rep", {"fiscal_year": 1999}),
        ("executive", {"status": "finished"}),
        ("rep", {"owner_id": "service_agent", "currency": "XYZ"}),
        ("rep", {"fiscal_year": 2026, "strategy": "x" * 10_001}),
    ],
)
def test_the_first_error_of_a_plan_is_the_one_the_service_raises(
    org, account, plan, actor, changes
):
    # given
    if "owner_id" in changes:
        changes = {**changes, "owner_id": getattr(org, changes["owner_id"]).pk}
    row = AccountPlanInput(**{"account_id": account.pk, "fiscal_year": 2027, **changes})
    user = getattr(org, actor)
    # when
    cleaned = clean_account_plan(row, plan_context(user, [row]))
    with pytest.raises(DomainError) as refusal:
        create_account_plan(actor=user, **vars(row))
    # then
    assert (cleaned.errors[0].code, cleaned.errors[0].message) == (
        refusal.value.code,
        refusal.value.message,
    )


def test_two_hundred_plans_are_cleaned_without_a_query(org, account, django_assert_num_queries):
    # given: three accounts of the rep; every seventh row is a year already planned
    accounts = [account, *(AccountFactory(owner=org.rep) for _ in range(2))]
    for each in accounts:
        AccountPlanFactory(account=each, fiscal_year=2020)
    rows = [
        AccountPlanInput(
            account_id=accounts[number % 3].pk,
            fiscal_year=2020 if number % 7 == 0 else 2030 + number % 50,
            owner_id=[org.rep, org.manager][number % 2].pk,
        )
        for number in range(200)
    ]
    context = plan_context(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_account_plan(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_plan_context_costs_the_same_queries_for_few_rows_or_many(org):
    # given
    accounts = [AccountFactory(owner=org.rep) for _ in range(5)]
    owners = [org.rep, org.rep2, org.account_manager]

    def rows(count):
        return [
            AccountPlanInput(
                account_id=accounts[number % 5].pk,
                fiscal_year=2027,
                owner_id=owners[number % 3].pk,
            )
            for number in range(count)
        ]

    queries_of(lambda: plan_context(org.manager, rows(1)))  # walks the manager's tree once
    # when / then
    assert queries_of(lambda: plan_context(org.manager, rows(3))) == queries_of(
        lambda: plan_context(org.manager, rows(150))
    )


# --- plan actions --------------------------------------------------------------------


def action_context(actor, rows):
    return account_plan_action_context(
        actor,
        plan_ids=[row.plan_id for row in rows],
        owner_ids=[row.owner_id for row in rows],
    )


def test_a_clean_action_gives_the_values_the_service_writes(org, plan):
    # given
    row = AccountPlanActionInput(
        plan_id=plan.pk,
        description=" Map the buying committee ",
        due_on=DUE,
        owner_id=org.account_manager.pk,
    )
    # when
    values = clean_account_plan_action(row, action_context(org.rep, [row])).value_or_raise()
    action = add_account_plan_action(actor=org.rep, **vars(row))
    # then
    assert (values.plan, values.description, values.owner, values.due_on) == (
        plan,
        "Map the buying committee",
        org.account_manager,
        DUE,
    )
    assert (action.plan, action.description, action.owner, action.due_on) == (
        values.plan,
        values.description,
        values.owner,
        values.due_on,
    )


def test_every_wrong_field_of_an_action_is_reported_with_its_code(org, plan):
    # given: the peer rep does not work the plan's account
    row = AccountPlanActionInput(
        plan_id=plan.pk, description=" ", due_on=DUE, owner_id=org.peer_rep.pk
    )
    # when
    cleaned = clean_account_plan_action(row, action_context(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [("owner", "cannot_see_account"), ("description", "required")]


@pytest.mark.parametrize(
    ("actor", "first"),
    [("peer_rep", ("plan", "not_found")), ("executive", ("plan", "forbidden"))],
)
def test_an_action_on_a_plan_the_actor_may_not_work_is_refused_first(org, plan, actor, first):
    # given
    row = AccountPlanActionInput(
        plan_id=plan.pk, description="x" * 256, due_on=DUE, owner_id=org.service_agent.pk
    )
    # when
    cleaned = clean_account_plan_action(row, action_context(getattr(org, actor), [row]))
    # then
    assert codes(cleaned) == [first, ("owner", "cannot_own"), ("description", "too_long")]


def test_two_hundred_actions_are_cleaned_without_a_query(org, account, django_assert_num_queries):
    # given: three years' plans of the account; every seventh row has no text
    plans = [AccountPlanFactory(account=account, fiscal_year=2026 + year) for year in range(3)]
    owners = [org.rep.pk, org.account_manager.pk, None]
    rows = [
        AccountPlanActionInput(
            plan_id=plans[number % 3].pk,
            description="" if number % 7 == 0 else f"Step {number}",
            due_on=DUE,
            owner_id=owners[number % 3],
        )
        for number in range(200)
    ]
    context = action_context(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_account_plan_action(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_action_context_costs_the_same_queries_for_few_rows_or_many(org):
    # given
    plans = [AccountPlanFactory(account=AccountFactory(owner=org.rep)) for _ in range(5)]
    owners = [org.rep, org.rep2, org.account_manager]

    def rows(count):
        return [
            AccountPlanActionInput(
                plan_id=plans[number % 5].pk,
                description="Call",
                due_on=DUE,
                owner_id=owners[number % 3].pk,
            )
            for number in range(count)
        ]

    queries_of(lambda: action_context(org.director, rows(1)))
    # when / then
    assert queries_of(lambda: action_context(org.director, rows(3))) == queries_of(
        lambda: action_context(org.director, rows(150))
    )


# --- plan targets --------------------------------------------------------------------


def targets_context(actor, rows):
    return account_plan_targets_context(
        actor,
        plan_ids=[row.plan_id for row in rows],
        product_ids=[product_id for row in rows for product_id in row.targets],
    )


def test_clean_targets_are_minor_units_of_the_plan_currency(org, plan):
    # given
    cement, lime = ProductFactory(), ProductFactory()
    row = AccountPlanTargetsInput(
        plan_id=plan.pk, targets={cement.pk: usd("15000.00"), lime.pk: usd("2500.50")}
    )
    # when
    values = clean_account_plan_targets(row, targets_context(org.rep, [row])).value_or_raise()
    # then
    assert values.plan == plan
    assert dict(values.targets) == {cement.pk: 1_500_000, lime.pk: 250_050}


def test_every_wrong_target_row_is_reported_with_its_code(org, plan):
    # given
    products = [ProductFactory() for _ in range(3)]
    row = AccountPlanTargetsInput(
        plan_id=plan.pk,
        targets={
            products[0].pk: usd("-1.00"),
            products[1].pk: usd("1.005"),
            987_654: usd("1.00"),
            products[2].pk: Money(Decimal("10"), "EUR"),
        },
    )
    # when
    cleaned = clean_account_plan_targets(row, targets_context(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("targets", "negative_amount"),
        ("targets", "too_precise"),
        ("targets", "wrong_currency"),
        ("targets", "unknown_product"),
    ]


@pytest.mark.parametrize(
    ("actor", "first"),
    [("peer_rep", ("plan", "not_found")), ("executive", ("plan", "forbidden"))],
)
def test_targets_of_a_plan_the_actor_may_not_work_are_refused_first(org, plan, actor, first):
    row = AccountPlanTargetsInput(plan_id=plan.pk, targets={987_654: usd("1.00")})
    cleaned = clean_account_plan_targets(row, targets_context(getattr(org, actor), [row]))
    assert codes(cleaned) == [first, ("targets", "unknown_product")]


def test_two_hundred_target_rows_are_cleaned_without_a_query(
    org, account, django_assert_num_queries
):
    # given: three plans, five products; every seventh plan's targets have a negative one
    plans = [AccountPlanFactory(account=account, fiscal_year=2026 + year) for year in range(3)]
    products = [ProductFactory() for _ in range(5)]
    rows = [
        AccountPlanTargetsInput(
            plan_id=plans[number % 3].pk,
            targets={
                products[number % 5].pk: usd("-1.00" if number % 7 == 0 else "10.00"),
                products[(number + 1) % 5].pk: usd("20.00"),
            },
        )
        for number in range(200)
    ]
    context = targets_context(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_account_plan_targets(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_targets_context_costs_the_same_queries_for_few_rows_or_many(org):
    # given
    plans = [AccountPlanFactory(account=AccountFactory(owner=org.peer_rep)) for _ in range(5)]
    products = [ProductFactory() for _ in range(4)]

    def rows(count):
        return [
            AccountPlanTargetsInput(
                plan_id=plans[number % 5].pk, targets={products[number % 4].pk: usd("1.00")}
            )
            for number in range(count)
        ]

    queries_of(lambda: targets_context(org.director, rows(1)))
    # when / then
    assert queries_of(lambda: targets_context(org.director, rows(3))) == queries_of(
        lambda: targets_context(org.director, rows(150))
    )


# --- quotas --------------------------------------------------------------------------


def quota_context_for(actor, rows):
    return quota_context(
        actor,
        user_ids=[row.user_id for row in rows],
        team_ids=[row.team_id for row in rows],
        territory_ids=[row.territory_id for row in rows],
    )


def test_a_clean_quota_gives_the_values_the_service_writes(org):
    # given
    row = QuotaInput(metric="bookings", target=25_000_000, user_id=org.rep.pk, **Q2)
    # when
    values = clean_quota(row, quota_context_for(org.manager, [row])).value_or_raise()
    quota = set_quota(actor=org.manager, **vars(row))
    # then
    assert values.holder == org.rep
    assert values.terms == QuotaTerms(metric="bookings", target=25_000_000, **Q2)
    assert (quota.user, quota.metric, quota.target, quota.period_start, quota.period_end) == (
        org.rep,
        "bookings",
        25_000_000,
        dt.date(2026, 4, 1),
        dt.date(2026, 7, 1),
    )


def test_every_wrong_field_of_a_quota_is_reported_with_its_code(org):
    # given: the rep's teammate may not set their quota; the terms are wrong in three ways
    row = QuotaInput(
        metric="smiles",
        target=-1,
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 4, 1),
        user_id=org.rep.pk,
    )
    # when
    cleaned = clean_quota(row, quota_context_for(org.rep2, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("user", "forbidden"),
        ("metric", "unknown_choice"),
        ("target", "out_of_range"),
        ("period_end", "empty_period"),
    ]


@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        ({"user_id": 1, "team_id": 1}, ("user", "one_holder")),
        ({"user_id": 987_654}, ("user", "unknown_user")),
        ({"user_id": "service_agent"}, ("user", "cannot_own")),
        ({"team_id": 987_654}, ("team", "unknown_reference")),
        ({"territory_id": 987_654}, ("territory", "unknown_reference")),
    ],
)
def test_a_wrong_holder_is_reported_with_the_terms(org, holder, expected):
    if holder.get("user_id") == "service_agent":
        holder = {"user_id": org.service_agent.pk}
    row = QuotaInput(metric="smiles", target=1, **Q2, **holder)
    cleaned = clean_quota(row, quota_context_for(org.sales_ops, [row]))
    assert codes(cleaned) == [expected, ("metric", "unknown_choice")]


def test_an_overlapping_quota_is_reported_and_another_metric_or_holder_is_not(org):
    # given: the rep has a Q1 bookings quota
    QuotaFactory(user=org.rep)
    march = {"period_start": dt.date(2026, 3, 1), "period_end": dt.date(2026, 6, 1)}
    rows = [
        QuotaInput(metric="bookings", target=1, user_id=org.rep.pk, **march),
        QuotaInput(metric="activities", target=1, user_id=org.rep.pk, **march),
        QuotaInput(metric="bookings", target=1, user_id=org.rep2.pk, **march),
        QuotaInput(metric="bookings", target=1, user_id=org.rep.pk, **Q2),
    ]
    context = quota_context_for(org.manager, rows)
    # when
    outcomes = [clean_quota(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [("period_start", "overlapping_quota")],
        [],
        [],
        [],
    ]


def test_team_and_territory_quotas_are_cleaned_for_those_who_may_set_them(org):
    # given
    territory = Territory.objects.create(name="Bangkok", code="TH-BKK")
    rows = [
        QuotaInput(metric="new_customers", target=12, team_id=org.team.pk, **Q2),
        QuotaInput(metric="activities", target=900, territory_id=territory.pk, **Q2),
    ]
    # when
    by_director = [clean_quota(row, quota_context_for(org.director, rows)) for row in rows]
    by_manager = [clean_quota(row, quota_context_for(org.manager, rows)) for row in rows]
    # then: the director sets the team's, only configurers set territories'
    assert by_director[0].value_or_raise().holder == org.team
    assert codes(by_director[1]) == [("territory", "forbidden")]
    assert [codes(outcome) for outcome in by_manager] == [
        [("team", "forbidden")],
        [("territory", "forbidden")],
    ]
    assert clean_quota(rows[1], quota_context_for(org.sales_ops, rows)).value_or_raise().holder == (
        territory
    )


def test_two_hundred_quotas_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: quotas of two reps and a team; every seventh row overlaps a Q1 quota
    QuotaFactory(user=org.rep)
    QuotaFactory(user=org.rep2)
    QuotaFactory(team=org.team)
    holders = [{"user_id": org.rep.pk}, {"user_id": org.rep2.pk}, {"team_id": org.team.pk}]
    rows = [
        QuotaInput(
            metric="bookings",
            target=number,
            period_start=dt.date(2026, 3, 1) if number % 7 == 0 else dt.date(2026, 4, 1),
            period_end=dt.date(2026, 7, 1),
            **holders[number % 3],
        )
        for number in range(200)
    ]
    context = quota_context_for(org.director, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_quota(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_quota_context_costs_the_same_queries_for_few_rows_or_many(org):
    # given
    territory = Territory.objects.create(name="Cebu", code="PH-CEB")
    holders = [
        {"user_id": org.rep.pk},
        {"user_id": org.rep2.pk},
        {"team_id": org.team.pk},
        {"team_id": org.peer_team.pk},
        {"territory_id": territory.pk},
    ]

    def rows(count):
        return [
            QuotaInput(metric="bookings", target=1, **Q2, **holders[number % 5])
            for number in range(count)
        ]

    queries_of(lambda: quota_context_for(org.director, rows(1)))
    # when / then
    assert queries_of(lambda: quota_context_for(org.director, rows(5))) == queries_of(
        lambda: quota_context_for(org.director, rows(150))
    )

"""The clean steps of the org creates (users, teams, territories, territory rules,
exchange rates): every wrong field reported at once, no query per row, a context whose
cost does not grow with the batch, and the same first refusal as the service."""

import datetime as dt
from decimal import Decimal

import pytest

from patron.core.errors import DomainError, Forbidden, NotVisible, RuleViolation
from patron.core.models import ExchangeRate
from patron.org.choices import Role
from patron.org.cleaning.exchange_rates import (
    ExchangeRateInput,
    clean_exchange_rate,
    exchange_rate_context,
)
from patron.org.cleaning.teams import TeamInput, clean_team, team_context
from patron.org.cleaning.territories import (
    RuleConditions,
    TerritoryInput,
    TerritoryRuleInput,
    clean_territory,
    clean_territory_rule,
    territory_context,
    territory_rule_context,
)
from patron.org.cleaning.users import UserInput, clean_user, user_context
from patron.org.models import User
from patron.org.services.company import record_exchange_rate
from patron.org.services.teams import create_team
from patron.org.services.territories import create_territory, create_territory_rule
from patron.org.services.users import create_user
from tests.factories.org import TerritoryFactory, UserFactory
from tests.org.conftest import refused

GOOD_PASSWORD = "quiet-harbour-lantern-42"
DAY = dt.date(2026, 1, 1)


def fields_and_codes(cleaned):
    return [(error.field, error.code) for error in cleaned.errors]


def same_refusal(cleaned, call, **arguments):
    """The service refuses as the clean step's first error says (type, field, code,
    message) and changes nothing."""
    error = refused(DomainError, call, **arguments)
    first = cleaned.errors[0]
    expected = {"forbidden": Forbidden, "not_found": NotVisible}.get(first.code, RuleViolation)
    assert type(error) is expected
    assert (error.field, error.code, error.message) == (
        None if expected is not RuleViolation else first.field,
        first.code,
        first.message,
    )


# Users


def users_context(actor, rows):
    return user_context(
        actor,
        usernames=[row.username for row in rows],
        team_ids=[row.team_id for row in rows],
        manager_ids=[row.manager_id for row in rows],
    )


def test_a_clean_user_gives_the_values_the_service_writes(org):
    # given
    row = UserInput(
        username=" nok ",
        role=Role.REP,
        password=GOOD_PASSWORD,
        first_name=" Nok ",
        email=" nok@example.com ",
        team_id=org.team.pk,
        manager_id=org.manager.pk,
        language="th",
        time_zone="Asia/Bangkok",
        hired_on=DAY,
    )
    # when
    values = clean_user(row, users_context(org.sales_ops, [row])).value_or_raise()
    # then
    assert (values.username, values.first_name, values.email, values.role) == (
        "nok",
        "Nok",
        "nok@example.com",
        "rep",
    )
    assert (values.team, values.manager, values.language, values.time_zone) == (
        org.team,
        org.manager,
        "th",
        "Asia/Bangkok",
    )
    assert (values.password, values.hired_on) == (GOOD_PASSWORD, DAY)
    assert GOOD_PASSWORD not in repr(values)
    assert "password" not in values.model_fields()


def test_every_wrong_field_of_a_user_is_reported(org):
    # given
    row = UserInput(
        username="REP",
        role="boss",
        password="short",
        first_name="x" * 151,
        email="not-an-email",
        team_id=999_999,
        manager_id=999_999,
        title="y" * 121,
        language="de",
        time_zone="Mars/Olympus",
    )
    # when
    cleaned = clean_user(row, users_context(org.sales_ops, [row]))
    # then
    assert cleaned.values is None
    assert fields_and_codes(cleaned) == [
        ("role", "unknown_choice"),
        ("username", "duplicate"),
        ("first_name", "too_long"),
        ("email", "invalid_email"),
        ("title", "too_long"),
        ("language", "unknown_choice"),
        ("time_zone", "unknown_time_zone"),
        ("team", "unknown_team"),
        ("manager", "unknown_user"),
        ("password", "invalid_password"),
    ]
    assert "too short" in cleaned.errors[-1].message


def test_who_may_create_a_user_is_part_of_the_clean_step(org):
    # given
    row = UserInput(username="no spaces", role=Role.ADMIN)
    # when
    by_a_rep = clean_user(row, users_context(org.rep, [row]))
    by_sales_ops = clean_user(row, users_context(org.sales_ops, [row]))
    # then
    assert fields_and_codes(by_a_rep) == [(None, "forbidden"), ("username", "invalid_username")]
    assert fields_and_codes(by_sales_ops) == fields_and_codes(by_a_rep)
    assert by_sales_ops.errors[0].message == (
        "Only an administrator may change an administrator's access."
    )


def test_a_username_two_rows_of_a_batch_share_is_refused_on_both(org):
    # given: usernames are unique ignoring case
    rows = [UserInput(username=name, role=Role.REP) for name in ("nok", " NOK ", "dao")]
    context = users_context(org.sales_ops, rows)
    # when
    outcomes = [clean_user(row, context) for row in rows]
    # then
    assert [fields_and_codes(outcome) for outcome in outcomes] == [
        [("username", "duplicate")],
        [("username", "duplicate")],
        [],
    ]


def test_two_hundred_users_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every tenth row names a deactivated manager
    gone = UserFactory(username="gone", is_active=False)
    managers = [org.manager, org.peer_manager, gone]
    rows = [
        UserInput(
            username=f"person{number}",
            role=Role.REP,
            password=GOOD_PASSWORD,
            team_id=[org.team, org.peer_team][number % 2].pk,
            manager_id=managers[2 if number % 10 == 0 else number % 2].pk,
        )
        for number in range(200)
    ]
    context = users_context(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_user(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == list(range(0, 200, 10))
    assert fields_and_codes(outcomes[10]) == [("manager", "unknown_user")]


@pytest.mark.parametrize("count", [1, 60])
def test_a_user_context_costs_three_queries_whatever_the_batch(
    org, count, django_assert_num_queries
):
    rows = [
        UserInput(
            username=f"person{number}",
            role=Role.REP,
            team_id=org.team.pk,
            manager_id=[org.manager, org.director][number % 2].pk,
        )
        for number in range(count)
    ]
    with django_assert_num_queries(3):  # taken usernames, teams, managers
        users_context(org.sales_ops, rows)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("sales_ops", {"role": "boss", "username": ""}),
        ("sales_ops", {"username": "Rep", "email": "wrong"}),
        ("sales_ops", {"username": "a b", "team_id": 999_999}),
        ("sales_ops", {"language": "de", "manager_id": 999_999}),
        ("sales_ops", {"password": "password123"}),
        ("sales_ops", {"role": Role.ADMIN}),
        ("executive", {"first_name": "x" * 151}),
    ],
)
def test_the_user_service_refuses_with_the_clean_steps_first_error(org, actor, changes):
    arguments = {"username": "new", "role": Role.REP, **changes}
    row = UserInput(**arguments)
    cleaned = clean_user(row, users_context(getattr(org, actor), [row]))
    same_refusal(cleaned, create_user, actor=getattr(org, actor), **arguments)


# Teams


def teams_context(actor, rows):
    return team_context(
        actor,
        names=[row.name for row in rows],
        parent_ids=[row.parent_id for row in rows],
        manager_ids=[row.manager_id for row in rows],
    )


def test_a_clean_team_gives_the_values_the_service_writes(org):
    # given
    row = TeamInput(name=" Team East ", parent_id=org.company_team.pk, manager_id=org.rep.pk)
    # when
    values = clean_team(row, teams_context(org.sales_ops, [row])).value_or_raise()
    team = create_team(actor=org.sales_ops, **vars(row))
    # then
    assert (values.name, values.parent, values.manager) == ("Team East", org.company_team, org.rep)
    assert (team.name, team.parent, team.manager) == (values.name, values.parent, values.manager)


def test_every_wrong_field_of_a_team_is_reported(org):
    # given
    gone = UserFactory(username="gone", is_active=False)
    row = TeamInput(name=" team NORTH ", parent_id=999_999, manager_id=gone.pk)
    # when
    cleaned = clean_team(row, teams_context(org.rep, [row]))
    # then
    assert fields_and_codes(cleaned) == [
        (None, "forbidden"),
        ("name", "duplicate"),
        ("parent", "unknown_team"),
        ("manager", "unknown_user"),
    ]
    assert cleaned.errors[1].message == "Another record already uses this value."


def test_a_team_name_two_rows_share_is_refused_on_both(org):
    rows = [TeamInput(name="East"), TeamInput(name="west"), TeamInput(name="EAST")]
    context = teams_context(org.sales_ops, rows)
    outcomes = [clean_team(row, context) for row in rows]
    assert [fields_and_codes(outcome) for outcome in outcomes] == [
        [("name", "duplicate")],
        [],
        [("name", "duplicate")],
    ]


def test_two_hundred_teams_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every seventh row has no name
    rows = [
        TeamInput(
            name="" if number % 7 == 0 else f"Team {number}",
            parent_id=[org.team, org.peer_team][number % 2].pk,
            manager_id=[org.manager, org.peer_manager][number % 2].pk,
        )
        for number in range(200)
    ]
    context = teams_context(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_team(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == list(range(0, 200, 7))


@pytest.mark.parametrize("count", [1, 60])
def test_a_team_context_costs_three_queries_whatever_the_batch(
    org, count, django_assert_num_queries
):
    rows = [
        TeamInput(
            name=f"Team {number}",
            parent_id=[org.team, org.company_team][number % 2].pk,
            manager_id=org.manager.pk,
        )
        for number in range(count)
    ]
    with django_assert_num_queries(3):  # taken names, parents, managers
        teams_context(org.sales_ops, rows)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("sales_ops", {"name": " ", "parent_id": 999_999}),
        ("sales_ops", {"name": "Team South", "manager_id": 999_999}),
        ("sales_ops", {"parent_id": 999_999, "manager_id": 999_999}),
        ("manager", {"name": ""}),
    ],
)
def test_the_team_service_refuses_with_the_clean_steps_first_error(org, actor, changes):
    arguments = {"name": "New", **changes}
    row = TeamInput(**arguments)
    cleaned = clean_team(row, teams_context(getattr(org, actor), [row]))
    same_refusal(cleaned, create_team, actor=getattr(org, actor), **arguments)


# Territories


def territories_context(actor, rows):
    return territory_context(
        actor,
        codes=[row.code for row in rows],
        parent_ids=[row.parent_id for row in rows],
        owner_ids=[row.owner_id for row in rows],
        member_ids=[member for row in rows for member in row.member_ids],
    )


def test_a_clean_territory_gives_the_values_the_service_writes(org):
    # given
    region = TerritoryFactory(code="APAC")
    row = TerritoryInput(
        name=" Thailand ",
        code=" TH ",
        parent_id=region.pk,
        owner_id=org.manager.pk,
        member_ids=(org.rep2.pk, org.rep.pk, org.rep.pk),
    )
    # when
    values = clean_territory(row, territories_context(org.sales_ops, [row])).value_or_raise()
    territory = create_territory(actor=org.sales_ops, **vars(row))
    # then
    assert (values.name, values.code, values.parent, values.owner) == (
        "Thailand",
        "TH",
        region,
        org.manager,
    )
    assert values.member_ids == sorted([org.rep.pk, org.rep2.pk])
    assert sorted(territory.members.values_list("pk", flat=True)) == values.member_ids


def test_every_wrong_field_of_a_territory_is_reported(org):
    # given
    TerritoryFactory(code="TAKEN")
    row = TerritoryInput(
        name="",
        code="TAKEN",
        parent_id=999_999,
        owner_id=999_998,
        member_ids=(org.rep.pk, 999_999),
    )
    # when
    cleaned = clean_territory(row, territories_context(org.rep, [row]))
    # then
    assert fields_and_codes(cleaned) == [
        (None, "forbidden"),
        ("members", "unknown_user"),
        ("name", "required"),
        ("code", "duplicate"),
        ("parent", "unknown_territory"),
        ("owner", "unknown_user"),
    ]


def test_a_territory_code_two_rows_share_is_refused_on_both(org):
    # codes are compared as typed (a code is unique with its case)
    rows = [TerritoryInput(name=name, code=code) for name, code in (("A", "TH"), ("B", "th"))]
    rows.append(TerritoryInput(name="C", code=" TH"))
    context = territories_context(org.sales_ops, rows)
    outcomes = [clean_territory(row, context) for row in rows]
    assert [fields_and_codes(outcome) for outcome in outcomes] == [
        [("code", "duplicate")],
        [],
        [("code", "duplicate")],
    ]


def test_two_hundred_territories_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every ninth row names a member who does not exist
    region = TerritoryFactory(code="APAC")
    rows = [
        TerritoryInput(
            name=f"Territory {number}",
            code=f"C{number}",
            parent_id=region.pk,
            owner_id=org.manager.pk,
            member_ids=(org.rep.pk, 999_999 if number % 9 == 0 else org.rep2.pk),
        )
        for number in range(200)
    ]
    context = territories_context(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_territory(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == list(range(0, 200, 9))


@pytest.mark.parametrize("count", [1, 60])
def test_a_territory_context_costs_three_queries_whatever_the_batch(
    org, count, django_assert_num_queries
):
    parents = [TerritoryFactory() for _ in range(3)]
    rows = [
        TerritoryInput(
            name="T",
            code=f"C{number}",
            parent_id=parents[number % 3].pk,
            owner_id=org.manager.pk,
            member_ids=(org.rep.pk, org.rep2.pk),
        )
        for number in range(count)
    ]
    with django_assert_num_queries(3):  # taken codes, parents, owners and members
        territories_context(org.sales_ops, rows)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("sales_ops", {"member_ids": (999_999,), "name": ""}),
        ("sales_ops", {"code": "TAKEN", "parent_id": 999_999}),
        ("sales_ops", {"code": "", "owner_id": 999_999}),
        ("sales_ops", {"parent_id": 999_999, "owner_id": 999_999}),
        ("rep", {"code": ""}),
    ],
)
def test_the_territory_service_refuses_with_the_clean_steps_first_error(org, actor, changes):
    TerritoryFactory(code="TAKEN")
    arguments = {"name": "New", "code": "NEW", **changes}
    row = TerritoryInput(**arguments)
    cleaned = clean_territory(row, territories_context(getattr(org, actor), [row]))
    same_refusal(cleaned, create_territory, actor=getattr(org, actor), **arguments)


# Territory rules


def test_a_clean_territory_rule_gives_the_values_the_service_writes(org):
    # given
    territory = TerritoryFactory()
    row = TerritoryRuleInput(
        territory_id=territory.pk,
        priority=10,
        country=" th ",
        industry=" Manufacturing ",
        min_employees=50,
        max_employees=500,
    )
    # when
    context = territory_rule_context(org.sales_ops, territory_ids=[territory.pk])
    values = clean_territory_rule(row, context).value_or_raise()
    rule = create_territory_rule(actor=org.sales_ops, **vars(row))
    # then
    assert values.territory == territory
    assert values.conditions == RuleConditions(
        priority=10, country="TH", industry="Manufacturing", min_employees=50, max_employees=500
    )
    assert (rule.country, rule.industry, rule.priority) == ("TH", "Manufacturing", 10)


def test_every_wrong_field_of_a_territory_rule_is_reported(org):
    # given
    row = TerritoryRuleInput(
        territory_id=999_999,
        priority=-1,
        country="XX",
        segment="x" * 33,
        min_employees=10,
        max_employees=5,
    )
    # when
    cleaned = clean_territory_rule(row, territory_rule_context(org.rep, territory_ids=[999_999]))
    # then
    assert fields_and_codes(cleaned) == [
        (None, "forbidden"),
        ("territory", "not_found"),
        ("country", "unknown_country"),
        ("priority", "out_of_range"),
        ("segment", "too_long"),
        ("max_employees", "employee_range"),
    ]
    assert cleaned.errors[1].message == "No such territory."


def test_two_hundred_territory_rules_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every fifth row's employee range is upside down
    territories = [TerritoryFactory() for _ in range(4)]
    rows = [
        TerritoryRuleInput(
            territory_id=territories[number % 4].pk,
            priority=number,
            country="TH",
            min_employees=100,
            max_employees=50 if number % 5 == 0 else 500,
        )
        for number in range(200)
    ]
    context = territory_rule_context(
        org.sales_ops, territory_ids=[row.territory_id for row in rows]
    )
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_territory_rule(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == list(range(0, 200, 5))


@pytest.mark.parametrize("count", [1, 60])
def test_a_territory_rule_context_costs_one_query_whatever_the_batch(
    org, count, django_assert_num_queries
):
    territories = [TerritoryFactory() for _ in range(3)]
    territory_ids = [territories[number % 3].pk for number in range(count)]
    with django_assert_num_queries(1):
        territory_rule_context(org.sales_ops, territory_ids=territory_ids)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("sales_ops", {"territory_id": 999_999, "country": "XX"}),
        ("sales_ops", {"country": "XX", "priority": -1}),
        ("sales_ops", {"min_employees": 10, "max_employees": 5, "segment": "x" * 33}),
        ("sales_ops", {"min_employees": 10, "max_employees": 5}),
        ("executive", {"territory_id": 999_999}),
    ],
)
def test_the_rule_service_refuses_with_the_clean_steps_first_error(org, actor, changes):
    territory = TerritoryFactory()
    arguments = {"territory_id": territory.pk, **changes}
    row = TerritoryRuleInput(**arguments)
    context = territory_rule_context(getattr(org, actor), territory_ids=[row.territory_id])
    cleaned = clean_territory_rule(row, context)
    same_refusal(cleaned, create_territory_rule, actor=getattr(org, actor), **arguments)


# Exchange rates


def rates_context(actor, rows):
    return exchange_rate_context(actor, rate_days=[(row.currency, row.valid_from) for row in rows])


def test_a_clean_rate_gives_the_values_the_service_writes(org, company):
    # given
    row = ExchangeRateInput(currency=" thb ", valid_from=DAY, rate=Decimal("0.028"))
    # when
    values = clean_exchange_rate(row, rates_context(org.sales_ops, [row])).value_or_raise()
    rate = record_exchange_rate(actor=org.sales_ops, **vars(row))
    # then
    assert (values.currency, values.valid_from, values.rate) == (
        "THB",
        DAY,
        Decimal("0.0280000000"),
    )
    assert (rate.currency, rate.valid_from, rate.rate) == (
        values.currency,
        values.valid_from,
        values.rate,
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ExchangeRateInput(currency="XYZ", valid_from=DAY, rate=Decimal(0)),
            [("currency", "unknown_currency"), ("rate", "out_of_range")],
        ),
        (
            ExchangeRateInput(currency="usd", valid_from=DAY, rate=Decimal("0.12345678901")),
            [("currency", "rate_of_base_currency"), ("rate", "out_of_range")],
        ),
        (
            ExchangeRateInput(currency="THB", valid_from=DAY, rate=Decimal("-0.5")),
            [("valid_from", "duplicate"), ("rate", "out_of_range")],
        ),
    ],
)
def test_every_wrong_field_of_a_rate_is_reported(org, company, row, expected):
    # given
    ExchangeRate.objects.create(currency="THB", valid_from=DAY, rate=Decimal("0.028"))
    # when
    cleaned = clean_exchange_rate(row, rates_context(org.executive, [row]))
    # then
    assert fields_and_codes(cleaned) == [(None, "forbidden"), *expected]


def test_a_day_two_rows_give_one_currency_is_refused_on_both(org, company):
    # given
    rows = [
        ExchangeRateInput(currency="THB", valid_from=DAY, rate=Decimal("0.028")),
        ExchangeRateInput(currency=" thb", valid_from=DAY, rate=Decimal("0.029")),
        ExchangeRateInput(currency="EUR", valid_from=DAY, rate=Decimal("1.08")),
    ]
    # when
    context = rates_context(org.sales_ops, rows)
    outcomes = [clean_exchange_rate(row, context) for row in rows]
    # then
    assert [fields_and_codes(outcome) for outcome in outcomes] == [
        [("valid_from", "duplicate")],
        [("valid_from", "duplicate")],
        [],
    ]
    assert outcomes[0].errors[0].message == "THB already has a rate from this day."


def test_two_hundred_rates_are_cleaned_without_a_query(org, company, django_assert_num_queries):
    # given: a rate per day of THB, every eighth one with too many decimals
    ExchangeRate.objects.create(currency="EUR", valid_from=DAY, rate=Decimal("1.08"))
    rows = [
        ExchangeRateInput(
            currency="THB",
            valid_from=DAY + dt.timedelta(days=number),
            rate=Decimal("0.02800000001") if number % 8 == 0 else Decimal("0.028"),
        )
        for number in range(200)
    ]
    context = rates_context(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_exchange_rate(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == list(range(0, 200, 8))


@pytest.mark.parametrize("count", [1, 60])
def test_a_rate_context_costs_two_queries_whatever_the_batch(
    org, company, count, django_assert_num_queries
):
    rows = [
        ExchangeRateInput(
            currency=["THB", "EUR"][number % 2],
            valid_from=DAY + dt.timedelta(days=number),
            rate=Decimal(1),
        )
        for number in range(count)
    ]
    with django_assert_num_queries(2):  # the base currency, the rates of those days
        rates_context(org.sales_ops, rows)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("sales_ops", {"currency": "USD", "rate": Decimal(0)}),
        ("sales_ops", {"currency": "XYZ", "rate": Decimal(0)}),
        ("sales_ops", {"valid_from": DAY, "rate": Decimal(-1)}),
        ("sales_ops", {"rate": Decimal("0.12345678901")}),
        ("manager", {"currency": "XYZ"}),
    ],
)
def test_the_rate_service_refuses_with_the_clean_steps_first_error(org, company, actor, changes):
    ExchangeRate.objects.create(currency="THB", valid_from=DAY, rate=Decimal("0.028"))
    arguments = {
        "currency": "THB",
        "valid_from": DAY + dt.timedelta(days=1),
        "rate": Decimal("0.03"),
        **changes,
    }
    row = ExchangeRateInput(**arguments)
    cleaned = clean_exchange_rate(row, rates_context(getattr(org, actor), [row]))
    same_refusal(cleaned, record_exchange_rate, actor=getattr(org, actor), **arguments)


def test_only_an_active_configurer_passes_any_clean_step(org, company):
    # given: sales ops who left
    User.objects.filter(pk=org.sales_ops.pk).update(is_active=False)
    org.sales_ops.refresh_from_db()
    # when
    cleaned = clean_team(TeamInput(name="Fresh"), teams_context(org.sales_ops, []))
    # then
    assert fields_and_codes(cleaned) == [(None, "forbidden")]

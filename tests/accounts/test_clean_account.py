"""The clean step of a new account (`accounts.cleaning.clean_account`): every wrong
field reported at once, no query per row, the same refusals as `create_account`."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.accounts.cleaning.accounts import AccountInput, account_context, clean_account
from patron.accounts.services.accounts import create_account
from patron.core.errors import DomainError
from patron.org.models import User
from tests.accounts.conftest import refused
from tests.factories.accounts import AccountFactory
from tests.factories.org import TerritoryFactory


def context_for(actor, rows):
    return account_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        parent_ids=[row.parent_id for row in rows],
        territory_ids=[row.territory_id for row in rows],
        external_ids=[row.external_id for row in rows],
    )


def test_a_clean_row_gives_the_checked_values(org):
    # given
    parent = AccountFactory(owner=org.rep)
    territory = TerritoryFactory()
    row = AccountInput(
        name=" ACME ",
        country="th",
        owner_id=org.rep.pk,
        parent_id=parent.pk,
        territory_id=territory.pk,
        lifecycle="partner",
        customer_since=dt.date(2020, 1, 1),
        external_id=" X-1 ",
    )
    # when
    cleaned = clean_account(row, context_for(org.manager, [row]))
    # then
    assert cleaned.ok
    values = cleaned.value_or_raise()
    assert (values.fields.name, values.fields.country, values.owner) == ("ACME", "TH", org.rep)
    assert (values.parent_id, values.territory_id, values.external_id) == (
        parent.pk,
        territory.pk,
        "X-1",
    )
    assert (values.lifecycle, values.customer_since) == ("partner", None)


def test_every_wrong_field_is_reported_at_once(org):
    # given: an external id another account has
    AccountFactory(owner=org.rep, external_id="X-1")
    hidden = AccountFactory(owner=org.peer_rep)
    row = AccountInput(
        name=" ",
        industry="mining",
        employees=-1,
        country="ZZ",
        owner_id=999_999,
        parent_id=hidden.pk,
        territory_id=999_999,
        lifecycle="customer",
        external_id="X-1",
    )
    # when
    cleaned = clean_account(row, context_for(org.rep, [row]))
    # then
    assert not cleaned.ok
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("owner", "unknown_user"),
        ("parent", "not_found"),
        ("name", "required"),
        ("industry", "unknown_choice"),
        ("employees", "out_of_range"),
        ("country", "unknown_country"),
        ("customer_since", "customer_since_required"),
        ("external_id", "duplicate_external_id"),
        ("territory", "unknown_territory"),
    ]
    assert cleaned.errors[2].message == "This field is required."


def test_an_owner_the_actor_may_not_choose_is_the_rows_owner_error(org):
    row = AccountInput(name="ACME", owner_id=org.rep2.pk)
    cleaned = clean_account(row, context_for(org.rep, [row]))
    assert [(error.field, error.code) for error in cleaned.errors] == [("owner", "forbidden")]


def test_two_hundred_rows_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: rows naming owners, parents, territories and external ids, some wrong
    parents = [AccountFactory(owner=org.rep) for _ in range(3)]
    territories = [TerritoryFactory() for _ in range(3)]
    AccountFactory(owner=org.rep, external_id="taken")
    rows = [
        AccountInput(
            name=f"Account {number}" if number % 10 else "",
            owner_id=[None, org.rep.pk, org.rep2.pk][number % 3],
            parent_id=parents[number % 3].pk,
            territory_id=territories[number % 3].pk,
            lifecycle="customer",
            customer_since=dt.date(2025, 1, 1),
            external_id="taken" if number == 7 else f"E-{number}",
        )
        for number in range(200)
    ]
    context = context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        results = [clean_account(row, context) for row in rows]
    # then
    assert sum(result.ok for result in results) == 180 - 1
    assert [(error.field, error.code) for error in results[7].errors] == [
        ("external_id", "duplicate_external_id")
    ]
    assert [(error.field, error.code) for error in results[10].errors] == [("name", "required")]


def test_the_context_costs_the_same_queries_for_one_row_or_many(org):
    def queries_for(count):
        parents = [AccountFactory(owner=org.rep) for _ in range(count)]
        territories = [TerritoryFactory() for _ in range(count)]
        rows = [
            AccountInput(
                name="A",
                owner_id=org.rep.pk,
                parent_id=parents[number].pk,
                territory_id=territories[number].pk,
                external_id=f"N-{count}-{number}",
            )
            for number in range(count)
        ]
        actor = User.objects.get(pk=org.manager.pk)  # its reporting tree not yet walked
        with CaptureQueriesContext(connection) as queries:
            context_for(actor, rows)
        return len(queries)

    assert queries_for(1) == queries_for(40)


@pytest.mark.parametrize(
    "changes",
    [
        {"name": " ", "country": "ZZ"},
        {"employees": -1, "territory_id": 999_999},
        {"lifecycle": "customer", "customer_since": dt.date(2026, 3, 11)},
        {"owner_id": 999_999, "name": ""},
        {"owner_id": "rep2", "name": ""},
        {"parent_id": "hidden", "tier": "D"},
        {"external_id": "X-1", "lifecycle": "churned"},
    ],
)
def test_the_clean_step_and_the_service_refuse_with_the_same_first_code(org, changes):
    # given
    AccountFactory(owner=org.rep, external_id="X-1")
    hidden = AccountFactory(owner=org.peer_rep)
    references = {"rep2": org.rep2.pk, "hidden": hidden.pk}
    arguments = {"name": "ACME", **changes}
    arguments = {key: references.get(value, value) for key, value in arguments.items()}
    row = AccountInput(**arguments)
    # when
    cleaned = clean_account(row, context_for(org.rep, [row]))
    error = refused(DomainError, create_account, actor=org.rep, **arguments)
    # then
    assert cleaned.errors[0].code == error.code
    assert cleaned.errors[0].message == error.message

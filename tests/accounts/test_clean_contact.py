"""The clean step of a new contact (`accounts.cleaning.clean_contact`): every wrong
field reported at once, no query per row, the same refusals as `create_contact`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.accounts.cleaning.contacts import ContactInput, clean_contact, contact_context
from patron.accounts.services.contacts import create_contact
from patron.core.errors import DomainError
from patron.org.models import User
from tests.accounts.conftest import refused
from tests.factories.accounts import AccountFactory


def context_for(actor, rows):
    return contact_context(
        actor,
        account_ids=[row.account_id for row in rows],
        owner_ids=[row.owner_id for row in rows],
    )


def test_a_clean_row_gives_the_checked_values(org, customer):
    # given
    row = ContactInput(
        account_id=customer.pk,
        owner_id=org.rep.pk,
        first_name=" Anong ",
        email=" anong@scg.example ",
        buying_role="economic_buyer",
        influence=5,
        is_primary=True,
    )
    # when
    cleaned = clean_contact(row, context_for(org.manager, [row]))
    # then
    values = cleaned.value_or_raise()
    assert (values.account_id, values.owner) == (customer.pk, org.rep)
    assert (values.fields.first_name, values.fields.email, values.fields.influence) == (
        "Anong",
        "anong@scg.example",
        5,
    )
    assert (values.fields.is_primary, values.fields.email_opt_in) == (True, False)


def test_every_wrong_field_is_reported_at_once(org, customer):
    row = ContactInput(
        account_id=customer.pk,
        owner_id=999_999,
        first_name=" ",
        title="x" * 151,
        email="not an address",
        buying_role="boss",
        influence=9,
        relationship_strength=0,
        touch_every_days=0,
    )
    # when
    cleaned = clean_contact(row, context_for(org.rep, [row]))
    # then
    assert not cleaned.ok
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("owner", "unknown_user"),
        ("first_name", "required"),
        ("title", "too_long"),
        ("email", "invalid_email"),
        ("buying_role", "unknown_choice"),
        ("influence", "out_of_range"),
        ("relationship_strength", "out_of_range"),
        ("touch_every_days", "out_of_range"),
    ]
    assert cleaned.errors[3].message == "Enter a valid e-mail address."


def test_an_account_the_actor_cannot_see_is_the_rows_account_error(org):
    hidden = AccountFactory(owner=org.peer_rep)
    row = ContactInput(account_id=hidden.pk, first_name="Anong", influence=9)
    cleaned = clean_contact(row, context_for(org.rep, [row]))
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("account", "not_found"),
        ("influence", "out_of_range"),
    ]


def test_two_hundred_rows_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: rows at three accounts with three owners, every tenth one wrong
    accounts = [AccountFactory(owner=org.rep) for _ in range(3)]
    rows = [
        ContactInput(
            account_id=accounts[number % 3].pk,
            owner_id=[None, org.rep.pk, org.rep2.pk][number % 3],
            first_name=f"Person {number}",
            email=f"p{number}@example.com" if number % 10 else "wrong",
        )
        for number in range(200)
    ]
    context = context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        results = [clean_contact(row, context) for row in rows]
    # then
    assert sum(result.ok for result in results) == 180
    assert [(error.field, error.code) for error in results[10].errors] == [
        ("email", "invalid_email")
    ]


def test_the_context_costs_the_same_queries_for_one_row_or_many(org):
    def queries_for(count):
        accounts = [AccountFactory(owner=org.rep) for _ in range(count)]
        rows = [
            ContactInput(account_id=account.pk, owner_id=org.rep.pk, first_name="A")
            for account in accounts
        ]
        actor = User.objects.get(pk=org.manager.pk)  # its reporting tree not yet walked
        with CaptureQueriesContext(connection) as queries:
            context_for(actor, rows)
        return len(queries)

    assert queries_for(1) == queries_for(40)


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("rep", {"first_name": " ", "email": "wrong"}),
        ("rep", {"influence": 0, "touch_every_days": 4000}),
        ("rep", {"owner_id": 999_999, "first_name": ""}),
        ("rep", {"owner_id": "rep2", "buying_role": "boss"}),
        ("rep", {"account_id": "hidden", "email": "wrong"}),
        ("executive", {"first_name": ""}),
        ("sales_ops", {"owner_id": "service_agent"}),
    ],
)
def test_the_clean_step_and_the_service_refuse_with_the_same_first_code(
    org, customer, actor, changes
):
    # given
    hidden = AccountFactory(owner=org.peer_rep)
    references = {"rep2": org.rep2.pk, "hidden": hidden.pk, "service_agent": org.service_agent.pk}
    arguments = {"account_id": customer.pk, "first_name": "Anong", **changes}
    arguments = {key: references.get(value, value) for key, value in arguments.items()}
    row = ContactInput(**arguments)
    # when
    cleaned = clean_contact(row, context_for(getattr(org, actor), [row]))
    error = refused(DomainError, create_contact, actor=getattr(org, actor), **arguments)
    # then
    assert cleaned.errors[0].code == error.code
    assert cleaned.errors[0].message == error.message

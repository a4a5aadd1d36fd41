"""The clean step of a new case: every wrong field at once, no query per row, and the
same refusal as the service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import DomainError
from patron.service.cleaning.cases import CaseInput, case_context, clean_case
from patron.service.services.cases import open_case
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.service import SlaPolicyFactory


def context_for(actor, rows):
    return case_context(
        actor,
        account_ids=[row.account_id for row in rows],
        contact_ids=[row.contact_id for row in rows],
        owner_ids=[row.owner_id for row in rows],
    )


def test_every_wrong_field_is_reported_with_its_code(org, customer):
    # given: a contact of another account and an owner who does not exist
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    row = CaseInput(
        account_id=customer.pk,
        subject="",
        department="x" * 81,
        priority="whenever",
        category="gossip",
        contact_id=stranger.pk,
        owner_id=org.director.pk + 100_000,
    )
    # when
    cleaned = clean_case(row, context_for(org.service_agent, [row]))
    # then
    assert not cleaned.ok
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("subject", "required"),
        ("department", "too_long"),
        ("priority", "unknown_choice"),
        ("category", "unknown_choice"),
        ("contact", "contact_not_on_account"),
        ("owner", "unknown_user"),
    ]
    assert cleaned.errors[0].message == "This field is required."


def test_an_invisible_account_is_reported_on_the_account_field(org, customer):
    # given: the peer rep does not see the rep's customer
    row = CaseInput(account_id=customer.pk, subject="", priority="whenever")
    # when
    cleaned = clean_case(row, context_for(org.peer_rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("account", "not_found"),
        ("subject", "required"),
        ("priority", "unknown_choice"),
    ]


def test_a_clean_row_gives_the_values_the_service_writes(org, customer, contact):
    # given
    SlaPolicyFactory(priority="high", first_response_minutes=60, resolution_minutes=480)
    row = CaseInput(
        account_id=customer.pk,
        subject=" Wrong tax id ",
        priority="high",
        contact_id=contact.pk,
        owner_id=org.rep.pk,
    )
    # when
    values = clean_case(row, context_for(org.service_agent, [row])).value_or_raise()
    case = open_case(actor=org.service_agent, **vars(row))
    # then
    assert (values.subject, values.contact, values.owner, values.account) == (
        "Wrong tax id",
        contact,
        org.rep,
        customer,
    )
    assert (case.subject, case.contact, case.owner, case.priority) == (
        values.subject,
        values.contact,
        values.owner,
        values.priority,
    )
    assert (values.resolution_due_at - values.opened_at).total_seconds() == 480 * 60
    assert case.resolution_due_at - case.opened_at == values.resolution_due_at - values.opened_at


def test_two_hundred_rows_are_cleaned_without_a_query(org, customer, django_assert_num_queries):
    # given
    SlaPolicyFactory(priority="high", first_response_minutes=60, resolution_minutes=480)
    accounts = [customer, *(AccountFactory(owner=org.rep) for _ in range(2))]
    contacts = [ContactFactory(account=account) for account in accounts]
    rows = [
        CaseInput(
            account_id=accounts[number % 3].pk,
            subject=f"Case {number}",
            priority="high" if number % 7 else "whenever",
            contact_id=contacts[number % 3].pk,
            owner_id=[org.rep, org.service_agent][number % 2].pk,
        )
        for number in range(200)
    ]
    context = context_for(org.service_agent, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_case(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_context_costs_the_same_queries_for_one_row_or_many(org):
    # given
    accounts = [AccountFactory(owner=org.rep) for _ in range(5)]
    contacts = [ContactFactory(account=account) for account in accounts]
    owners = [org.rep, org.rep2, org.service_agent]

    def rows(count):
        return [
            CaseInput(
                account_id=accounts[number % 5].pk,
                subject="A",
                contact_id=contacts[number % 5].pk,
                owner_id=owners[number % 3].pk,
            )
            for number in range(count)
        ]

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            context_for(org.manager, rows(count))
        return len(captured)

    queries(1)  # the first context caches what every later one reads (the reporting trees)
    # when / then
    assert queries(3) == queries(150)


@pytest.mark.parametrize(
    ("actor", "row"),
    [
        ("service_agent", {"subject": "", "priority": "whenever"}),
        ("peer_rep", {"subject": ""}),
        ("executive", {"subject": ""}),
        ("service_agent", {"subject": "A", "owner_id": "executive"}),
    ],
)
def test_the_first_error_is_the_one_the_service_raises(org, customer, actor, row):
    # given
    if row.get("owner_id"):
        row = {**row, "owner_id": getattr(org, row["owner_id"]).pk}
    raw = CaseInput(account_id=customer.pk, **row)
    user = getattr(org, actor)
    # when
    cleaned = clean_case(raw, context_for(user, [raw]))
    with pytest.raises(DomainError) as refusal:
        open_case(actor=user, **vars(raw))
    # then
    assert cleaned.errors[0].code == refusal.value.code
    assert cleaned.errors[0].message == refusal.value.message

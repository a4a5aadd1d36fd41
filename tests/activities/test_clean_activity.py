"""The clean step of a new activity: every wrong field at once, no query per row, and
the same refusal as the service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.activities.cleaning.activities import (
    ActivityInput,
    activity_context,
    clean_activity,
)
from patron.activities.services.activities import log_activity
from patron.core.errors import DomainError
from tests.activities.conftest import NOW, YESTERDAY
from tests.factories.accounts import AccountFactory, ContactFactory


def context_for(actor, rows):
    return activity_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        account_ids=[row.account_id for row in rows],
        contact_ids=[pk for row in rows for pk in row.contact_ids],
        opportunity_ids=[row.opportunity_id for row in rows],
        case_ids=[row.case_id for row in rows],
    )


def test_every_wrong_field_is_reported_with_its_code(org, account):
    # given
    row = ActivityInput(
        kind="task",
        subject="",
        account_id=account.pk,
        owner_id=org.director.pk + 100_000,
        notes="x" * 10_001,
        duration_minutes=-5,
        outcome="great",
    )
    # when
    cleaned = clean_activity(row, context_for(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("owner", "unknown_user"),
        ("subject", "required"),
        ("notes", "too_long"),
        ("duration_minutes", "out_of_range"),
        ("outcome", "unknown_choice"),
        ("due_at", "required"),
    ]


def test_invisible_links_and_a_future_completed_start_are_all_reported(org, account):
    # given: the peer rep sees neither the rep's account nor its contact
    contact = ContactFactory(account=account)
    row = ActivityInput(
        kind="call",
        subject="Call",
        account_id=account.pk,
        contact_ids=(contact.pk,),
        completed=True,
        starts_at=NOW.replace(year=2027),
    )
    # when
    cleaned = clean_activity(row, context_for(org.peer_rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("account", "not_found"),
        ("contact_ids", "not_found"),
        ("starts_at", "in_future"),
    ]


def test_a_clean_row_gives_the_values_the_service_writes(org, account, contact):
    # given
    row = ActivityInput(
        kind="call",
        subject=" First call ",
        contact_ids=(contact.pk,),
        starts_at=YESTERDAY,
        completed=True,
        duration_minutes=15,
    )
    # when
    values = clean_activity(row, context_for(org.rep, [row])).value_or_raise()
    activity = log_activity(actor=org.rep, **vars(row))
    # then
    assert (values.subject, values.account, values.owner, values.contacts) == (
        "First call",
        account,
        org.rep,
        (contact,),
    )
    assert (activity.subject, activity.account, activity.owner, activity.starts_at) == (
        values.subject,
        values.account,
        values.owner,
        values.starts_at,
    )
    assert list(activity.contacts.all()) == [contact]


def test_two_hundred_rows_are_cleaned_without_a_query(org, account, django_assert_num_queries):
    # given
    accounts = [account, *(AccountFactory(owner=org.rep2) for _ in range(2))]
    contacts = [ContactFactory(account=each) for each in accounts]
    rows = [
        ActivityInput(
            kind="call" if number % 7 else "dance",
            subject=f"Call {number}",
            account_id=accounts[number % 3].pk,
            contact_ids=(contacts[number % 3].pk,),
            owner_id=[org.rep, org.rep2][number % 2].pk,
        )
        for number in range(200)
    ]
    context = context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_activity(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_context_costs_the_same_queries_for_one_row_or_many(org):
    # given
    accounts = [AccountFactory(owner=org.rep) for _ in range(5)]
    contacts = [ContactFactory(account=each) for each in accounts]
    owners = [org.rep, org.rep2, org.manager]

    def rows(count):
        return [
            ActivityInput(
                kind="call",
                subject="A",
                account_id=accounts[number % 5].pk,
                contact_ids=(contacts[number % 5].pk,),
                owner_id=owners[number % 3].pk,
            )
            for number in range(count)
        ]

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            context_for(org.manager, rows(count))
        return len(captured)

    queries(1)  # the first context caches what every later one reads (the reporting tree)
    # when / then
    assert queries(3) == queries(150)


@pytest.mark.parametrize(
    ("actor", "row"),
    [
        ("rep", {"kind": "dance", "subject": ""}),
        ("executive", {"kind": "call", "subject": ""}),
        ("peer_rep", {"kind": "call", "subject": "", "linked": True}),
        ("rep", {"kind": "call", "subject": "A"}),
        ("service_agent", {"kind": "call", "subject": "A", "owner": True}),
    ],
)
def test_the_first_error_is_the_one_the_service_raises(org, account, actor, row):
    # given
    row = dict(row)
    if row.pop("linked", False):
        row["account_id"] = account.pk
    if row.pop("owner", False):
        row["owner_id"] = org.rep.pk
    raw = ActivityInput(**row)
    user = getattr(org, actor)
    # when
    cleaned = clean_activity(raw, context_for(user, [raw]))
    with pytest.raises(DomainError) as refusal:
        log_activity(actor=user, **vars(raw))
    # then
    assert cleaned.errors[0].code == refusal.value.code
    assert cleaned.errors[0].message == refusal.value.message

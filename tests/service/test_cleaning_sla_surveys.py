"""The clean steps of SLA policies and survey answers: the values of a good row, every
wrong field of a bad one at once, no query while cleaning, and a context whose cost
does not grow with the rows."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import DomainError
from patron.org.models import User
from patron.service.choices import CaseStatus
from patron.service.cleaning.sla import SlaPolicyInput, clean_sla_policy, sla_policy_context
from patron.service.cleaning.surveys import (
    SurveyResponseInput,
    clean_survey_response,
    survey_response_context,
)
from patron.service.models import SurveyResponse
from patron.service.services.sla import create_sla_policy
from patron.service.services.surveys import record_survey_response
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.service import CaseFactory, SlaPolicyFactory

ANSWERED = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)
RESOLVED = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC)
SURVEYED = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


def fresh(user: User) -> User:
    """The user loaded again: nothing about them cached yet."""
    return User.objects.get(pk=user.pk)


def queries_of(build) -> int:
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


def codes(cleaned) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in cleaned.errors]


# SLA policies


def sla_context_for(actor, rows):
    return sla_policy_context(actor, priorities=[row.priority for row in rows])


def test_a_clean_policy_gives_the_values_the_service_writes(org):
    # given
    row = SlaPolicyInput(
        name=" Urgent ", priority="urgent", first_response_minutes=30, resolution_minutes=240
    )
    # when
    values = clean_sla_policy(row, sla_context_for(org.sales_ops, [row])).value_or_raise()
    policy = create_sla_policy(actor=org.sales_ops, **vars(row))
    # then
    assert vars(values) == {
        "name": "Urgent",
        "priority": "urgent",
        "first_response_minutes": 30,
        "resolution_minutes": 240,
    }
    assert (policy.name, policy.priority, policy.resolution_minutes) == ("Urgent", "urgent", 240)


def test_every_wrong_policy_field_is_reported(org):
    # given: a rep configures nothing; normal priority already has its policy
    SlaPolicyFactory(priority="normal")
    rows = [
        SlaPolicyInput(
            name="", priority="normal", first_response_minutes=0, resolution_minutes=2**31
        ),
        SlaPolicyInput(
            name="x" * 121, priority="critical", first_response_minutes=60, resolution_minutes=30
        ),
    ]
    context = sla_context_for(org.rep, rows)
    # when
    outcomes = [clean_sla_policy(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [
            (None, "forbidden"),
            ("name", "required"),
            ("priority", "duplicate"),
            ("first_response_minutes", "out_of_range"),
            ("resolution_minutes", "out_of_range"),
        ],
        [
            (None, "forbidden"),
            ("name", "too_long"),
            ("priority", "unknown_choice"),
            ("resolution_minutes", "resolution_before_response"),
        ],
    ]
    assert outcomes[0].errors[2].message == "There is already a policy for this priority."


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("manager", {"name": ""}),
        ("sales_ops", {"priority": "normal", "first_response_minutes": 0}),
        ("sales_ops", {"resolution_minutes": 10}),
    ],
)
def test_the_clean_step_and_the_service_refuse_a_policy_alike(org, actor, changes):
    # given
    SlaPolicyFactory(priority="normal")
    arguments = {
        "name": "Urgent",
        "priority": "urgent",
        "first_response_minutes": 30,
        "resolution_minutes": 240,
        **changes,
    }
    row = SlaPolicyInput(**arguments)
    user = getattr(org, actor)
    # when
    cleaned = clean_sla_policy(row, sla_context_for(user, [row]))
    with pytest.raises(DomainError) as refusal:
        create_sla_policy(actor=user, **arguments)
    # then
    first = cleaned.errors[0]
    assert (first.field, first.code, first.message) == (
        refusal.value.field,
        refusal.value.code,
        refusal.value.message,
    )


def test_policies_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: high priority is taken; rows cycle through the four priorities
    SlaPolicyFactory(priority="high")
    priorities = ["low", "normal", "high", "urgent"]
    rows = [
        SlaPolicyInput(
            name=f"Policy {number}",
            priority=priorities[number % 4],
            first_response_minutes=60,
            resolution_minutes=120,
        )
        for number in range(100)
    ]
    context = sla_context_for(org.admin, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_sla_policy(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(100) if number % 4 == 2]


def test_a_policy_context_costs_the_same_queries_for_one_row_or_many(org):
    def rows(count):
        return [
            SlaPolicyInput(
                name="P",
                priority=["low", "normal", "high"][number % 3],
                first_response_minutes=1,
                resolution_minutes=1,
            )
            for number in range(count)
        ]

    assert queries_of(lambda: sla_context_for(org.sales_ops, rows(1))) == queries_of(
        lambda: sla_context_for(org.sales_ops, rows(50))
    )


# Survey answers


def survey_context_for(actor, rows):
    return survey_response_context(
        actor,
        case_ids=[row.case_id for row in rows],
        contact_ids=[row.contact_id for row in rows],
    )


def resolved_case(account, contact=None, status=CaseStatus.RESOLVED):
    """A case answered on 2 March, and resolved then unless another status is asked."""
    resolved_at = RESOLVED if status == CaseStatus.RESOLVED else None
    return CaseFactory(
        account=account,
        contact=contact,
        status=status,
        first_response_at=ANSWERED,
        resolved_at=resolved_at,
    )


@time_machine.travel(SURVEYED, tick=False)
def test_a_clean_csat_answer_gives_the_values_the_service_writes(org, customer, contact):
    # given
    case = resolved_case(customer, contact)
    row = SurveyResponseInput(kind="csat", score=4, case_id=case.pk, comment=" Quick ")
    # when
    values = clean_survey_response(
        row, survey_context_for(org.service_agent, [row])
    ).value_or_raise()
    response = record_survey_response(actor=org.service_agent, **vars(row))
    # then
    assert vars(values) == {
        "kind": "csat",
        "score": 4,
        "account_id": customer.pk,
        "contact": contact,
        "case": case,
        "responded_at": SURVEYED,
        "comment": "Quick",
    }
    assert (response.kind, response.score, response.account_id, response.contact) == (
        values.kind,
        values.score,
        values.account_id,
        values.contact,
    )
    assert (response.case, response.responded_at, response.comment) == (
        values.case,
        values.responded_at,
        values.comment,
    )


def test_a_clean_nps_answer_is_the_contacts_at_their_account(org, customer, contact):
    row = SurveyResponseInput(kind="nps", score=9, contact_id=contact.pk)
    values = clean_survey_response(row, survey_context_for(org.rep, [row])).value_or_raise()
    assert (values.kind, values.score, values.account_id, values.contact, values.case) == (
        "nps",
        9,
        customer.pk,
        contact,
        None,
    )


def test_every_wrong_survey_field_is_reported(org, customer, contact):
    # given: an open case, a rated case, a contact of another company
    open_case = resolved_case(customer, contact, status=CaseStatus.OPEN)
    rated = resolved_case(customer, contact)
    SurveyResponse.objects.create(kind="csat", score=5, account=customer, case=rated)
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    rows = [
        SurveyResponseInput(kind="ces", score=3, comment="x" * 10_001),
        SurveyResponseInput(kind="csat", score=0, case_id=open_case.pk, contact_id=stranger.pk),
        SurveyResponseInput(kind="nps", score=11, case_id=rated.pk),
        SurveyResponseInput(kind="csat", score=2, case_id=rated.pk),
        SurveyResponseInput(kind="csat", score=2),
    ]
    context = survey_context_for(org.rep, rows)
    # when
    outcomes = [clean_survey_response(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [("kind", "unknown_choice"), ("comment", "too_long")],
        [
            ("score", "score_out_of_range"),
            ("case", "case_not_resolved"),
            ("contact", "contact_not_on_account"),
        ],
        [
            ("score", "score_out_of_range"),
            ("case", "case_not_for_nps"),
            ("contact", "required"),
        ],
        [("case", "already_rated")],
        [("case", "required")],
    ]
    assert outcomes[2].errors[0].message == "A Net promoter score (0–10) score is from 0 to 10."


@pytest.mark.parametrize(
    ("persona", "kind", "refusal"),
    [
        ("peer_rep", "nps", ("contact", "not_found")),
        ("peer_rep", "csat", ("case", "not_found")),
        ("executive", "nps", (None, "forbidden")),
        ("executive", "csat", (None, "forbidden")),
    ],
)
def test_what_the_actor_may_not_see_or_work_is_refused_as_the_service_refuses(
    org, customer, contact, persona, kind, refusal
):
    # given
    case = resolved_case(customer, contact)
    row = SurveyResponseInput(
        kind=kind,
        score=5,
        case_id=case.pk if kind == "csat" else None,
        contact_id=contact.pk if kind == "nps" else None,
    )
    user = getattr(org, persona)
    # when
    cleaned = clean_survey_response(row, survey_context_for(user, [row]))
    with pytest.raises(DomainError) as raised:
        record_survey_response(actor=user, **vars(row))
    # then
    assert codes(cleaned) == [refusal]
    assert (raised.value.code, raised.value.message) == (refusal[1], cleaned.errors[0].message)


def test_survey_answers_are_cleaned_without_a_query(org, customer, django_assert_num_queries):
    # given: resolved cases with and without contacts, contacts at three accounts; every
    # fifth answer is off its scale
    accounts = [customer, *(AccountFactory(owner=org.rep) for _ in range(2))]
    contacts = [ContactFactory(account=account) for account in accounts]
    cases = [
        resolved_case(account, contacts[number] if number % 2 else None)
        for number, account in enumerate(accounts)
    ]
    rows = [
        SurveyResponseInput(
            kind="nps" if number % 2 else "csat",
            score=11 if number % 5 == 0 else 3,
            case_id=None if number % 2 else cases[number % 3].pk,
            contact_id=contacts[number % 3].pk,
        )
        for number in range(120)
    ]
    context = survey_context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_survey_response(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(120) if number % 5 == 0]
    assert outcomes[2].values.contact == contacts[2]


def test_a_survey_context_costs_the_same_queries_for_one_row_or_many(org, customer):
    accounts = [customer, *(AccountFactory(owner=org.rep) for _ in range(3))]
    contacts = [ContactFactory(account=account) for account in accounts]
    cases = [resolved_case(account) for account in accounts]

    def rows(count):
        return [
            SurveyResponseInput(
                kind="csat",
                score=4,
                case_id=cases[number % 4].pk,
                contact_id=contacts[number % 4].pk,
            )
            for number in range(count)
        ]

    assert queries_of(lambda: survey_context_for(fresh(org.rep), rows(1))) == queries_of(
        lambda: survey_context_for(fresh(org.rep), rows(60))
    )

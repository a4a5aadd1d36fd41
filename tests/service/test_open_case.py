import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.service.choices import CaseCategory, CasePriority, CaseStatus
from patron.service.models import Case
from patron.service.services.cases import open_case
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.service import SlaPolicyFactory

LATE_EVENING = dt.datetime(2026, 3, 6, 22, 30, tzinfo=dt.UTC)


@time_machine.travel(LATE_EVENING, tick=False)
def test_an_agent_opens_a_case_with_due_times_from_its_priority(org, customer, contact):
    # given: high priority answers within 1 hour and resolves within 8 hours
    SlaPolicyFactory(priority=CasePriority.HIGH, first_response_minutes=60, resolution_minutes=480)
    # when
    case = open_case(
        actor=org.service_agent,
        account_id=customer.pk,
        subject="  Invoices show the wrong tax id ",
        description="Since the March release.",
        priority=CasePriority.HIGH,
        category=CaseCategory.BILLING,
        contact_id=contact.pk,
        department="Billing",
    )
    # then
    case.refresh_from_db()
    assert case.number == "CS-2026-000001"
    assert case.status == CaseStatus.NEW
    assert case.subject == "Invoices show the wrong tax id"
    assert (case.account, case.contact, case.owner, case.created_by) == (
        customer,
        contact,
        org.service_agent,
        org.service_agent,
    )
    assert (case.priority, case.category, case.department) == ("high", "billing", "Billing")
    assert case.opened_at == LATE_EVENING
    assert case.first_response_due_at == dt.datetime(2026, 3, 6, 23, 30, tzinfo=dt.UTC)
    assert case.resolution_due_at == dt.datetime(2026, 3, 7, 6, 30, tzinfo=dt.UTC)
    assert (case.first_response_at, case.resolved_at, case.reopen_count) == (None, None, 0)


@time_machine.travel(dt.datetime(2026, 12, 31, 23, 50, tzinfo=dt.UTC), tick=False)
def test_due_times_run_over_the_new_year_while_the_number_keeps_the_opening_year(org, customer):
    # given: urgent answers within 15 minutes and resolves within 4 hours
    SlaPolicyFactory(
        priority=CasePriority.URGENT, first_response_minutes=15, resolution_minutes=240
    )
    # when
    case = open_case(
        actor=org.rep, account_id=customer.pk, subject="Down", priority=CasePriority.URGENT
    )
    # then
    assert case.number == "CS-2026-000001"
    assert case.first_response_due_at == dt.datetime(2027, 1, 1, 0, 5, tzinfo=dt.UTC)
    assert case.resolution_due_at == dt.datetime(2027, 1, 1, 3, 50, tzinfo=dt.UTC)


@time_machine.travel(LATE_EVENING, tick=False)
def test_a_three_day_resolution_target_is_72_hours_later(org, customer):
    SlaPolicyFactory(
        priority=CasePriority.NORMAL, first_response_minutes=240, resolution_minutes=4_320
    )
    case = open_case(actor=org.rep, account_id=customer.pk, subject="How do I export?")
    assert case.first_response_due_at == dt.datetime(2026, 3, 7, 2, 30, tzinfo=dt.UTC)
    assert case.resolution_due_at == dt.datetime(2026, 3, 9, 22, 30, tzinfo=dt.UTC)


def test_without_a_policy_for_its_priority_a_case_has_no_targets(org, customer):
    SlaPolicyFactory(priority=CasePriority.URGENT, first_response_minutes=15, resolution_minutes=60)
    case = open_case(actor=org.rep, account_id=customer.pk, subject="Question")
    assert (case.priority, case.first_response_due_at, case.resolution_due_at) == (
        CasePriority.NORMAL,
        None,
        None,
    )


def test_a_seller_opens_a_case_for_their_customer(org, customer):
    case = open_case(actor=org.manager, account_id=customer.pk, subject="Late delivery")
    assert (case.owner, case.created_by) == (org.manager, org.manager)


def test_an_agent_may_give_the_case_to_the_accounts_rep(org, customer):
    case = open_case(
        actor=org.service_agent, account_id=customer.pk, subject="Renewal", owner_id=org.rep.pk
    )
    assert case.owner == org.rep


def test_numbers_follow_on(org, customer):
    open_case(actor=org.rep, account_id=customer.pk, subject="One")
    assert open_case(actor=org.rep, account_id=customer.pk, subject="Two").number == (
        "CS-2026-000002"
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"subject": "   "}, "subject", "required"),
        ({"subject": "x" * 256}, "subject", "too_long"),
        ({"department": "x" * 81}, "department", "too_long"),
        ({"priority": "critical"}, "priority", "unknown_choice"),
        ({"category": "rant"}, "category", "unknown_choice"),
    ],
)
def test_refuses_bad_input(org, customer, kwargs, field, code):
    arguments = {"subject": "Broken", **kwargs}
    with pytest.raises(RuleViolation) as caught:
        open_case(actor=org.rep, account_id=customer.pk, **arguments)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not Case.objects.exists()


def test_the_contact_must_work_at_the_account(org, customer):
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    with pytest.raises(RuleViolation) as caught:
        open_case(actor=org.rep, account_id=customer.pk, subject="x", contact_id=stranger.pk)
    assert (caught.value.field, caught.value.code) == ("contact", "contact_not_on_account")
    assert not Case.objects.exists()


def test_refuses_an_unknown_owner(org, customer):
    with pytest.raises(RuleViolation) as caught:
        open_case(
            actor=org.service_agent,
            account_id=customer.pk,
            subject="x",
            owner_id=org.rep.pk + 1000,
        )
    assert (caught.value.field, caught.value.code) == ("owner", "unknown_user")


@pytest.mark.parametrize("persona", ["peer_rep", "executive"])
def test_the_owner_must_be_someone_who_may_work_the_case(org, customer, persona):
    with pytest.raises(RuleViolation) as caught:
        open_case(
            actor=org.service_agent,
            account_id=customer.pk,
            subject="x",
            owner_id=getattr(org, persona).pk,
        )
    assert (caught.value.field, caught.value.code) == ("owner", "owner_cannot_work_case")
    assert not Case.objects.exists()


def test_an_executive_opens_no_case(org, customer):
    with pytest.raises(Forbidden):
        open_case(actor=org.executive, account_id=customer.pk, subject="x")
    assert not Case.objects.exists()


def test_an_account_the_seller_cannot_see_looks_absent(org, customer):
    with pytest.raises(NotVisible):
        open_case(actor=org.peer_rep, account_id=customer.pk, subject="x")

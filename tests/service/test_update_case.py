"""update_case: a case's details, its owner and its priority (with its SLA targets)."""

import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.models import AuditEvent
from patron.service.choices import CaseStatus
from patron.service.models import Case
from patron.service.services.cases import update_case
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.service import CaseFactory, SlaPolicyFactory

OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def case(customer) -> Case:
    """A new normal-priority case of the rep's customer, opened 2 March 09:00 UTC with a
    4-hour response and 2-day resolution target."""
    return CaseFactory(
        account=customer,
        subject="Printer jams",
        first_response_due_at=OPENED + dt.timedelta(hours=4),
        resolution_due_at=OPENED + dt.timedelta(days=2),
    )


def unchanged(case: Case) -> None:
    stored = Case.objects.get(pk=case.pk)
    assert (stored.version, stored.subject, stored.priority) == (1, "Printer jams", "normal")


def test_the_details_change_and_are_audited(org, case, contact):
    # when
    update_case(
        actor=org.rep,
        case_id=case.pk,
        version=1,
        subject="  Printer jams on every job ",
        description="Since the firmware update.",
        category="problem",
        department="Finance",
        contact_id=contact.pk,
    )
    # then
    case.refresh_from_db()
    assert (case.subject, case.description, case.category, case.department, case.contact) == (
        "Printer jams on every job",
        "Since the firmware update.",
        "problem",
        "Finance",
        contact,
    )
    assert case.version == 2
    event = AuditEvent.objects.get(record_type="service.case", record_id=case.pk)
    assert (event.action, event.operation) == ("update", "update_case")
    assert event.changes == {
        "subject": ["Printer jams", "Printer jams on every job"],
        "description": ["", "Since the firmware update."],
        "category": ["question", "problem"],
        "department": ["", "Finance"],
        "contact": [None, contact.pk],
    }


def test_a_new_priority_brings_its_slas_targets_from_the_opening(org, case):
    # given: urgent cases are answered within 30 minutes and resolved within 4 hours
    SlaPolicyFactory(priority="urgent", first_response_minutes=30, resolution_minutes=240)
    # when
    update_case(actor=org.service_agent, case_id=case.pk, version=1, priority="urgent")
    # then
    case.refresh_from_db()
    assert case.first_response_due_at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert case.resolution_due_at == dt.datetime(2026, 3, 2, 13, 0, tzinfo=dt.UTC)
    changes = AuditEvent.objects.get(record_type="service.case", record_id=case.pk).changes
    assert changes["priority"] == ["normal", "urgent"]
    assert changes["resolution_due_at"] == [
        "2026-03-04T09:00:00+00:00",
        "2026-03-02T13:00:00+00:00",
    ]


def test_a_priority_without_a_policy_has_no_targets(org, case):
    update_case(actor=org.rep, case_id=case.pk, version=1, priority="low")
    case.refresh_from_db()
    assert (case.first_response_due_at, case.resolution_due_at) == (None, None)


def test_the_same_priority_keeps_the_targets_it_was_given(org, case):
    SlaPolicyFactory(priority="normal", first_response_minutes=60, resolution_minutes=120)
    update_case(actor=org.rep, case_id=case.pk, version=1, priority="normal", subject="x")
    case.refresh_from_db()
    assert case.first_response_due_at == OPENED + dt.timedelta(hours=4)


def test_the_case_is_handed_to_an_agent_or_left_unassigned(org, case):
    update_case(actor=org.rep, case_id=case.pk, version=1, owner_id=org.service_agent.pk)
    assert Case.objects.get(pk=case.pk).owner == org.service_agent
    update_case(actor=org.rep, case_id=case.pk, version=2, owner_id=None)
    assert Case.objects.get(pk=case.pk).owner is None


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"subject": "  "}, "subject", "required"),
        ({"subject": "x" * 256}, "subject", "too_long"),
        ({"description": "x" * 10_001}, "description", "too_long"),
        ({"priority": "critical"}, "priority", "unknown_choice"),
        ({"category": "rant"}, "category", "unknown_choice"),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
    ],
)
def test_refuses_bad_details(org, case, kwargs, field, code):
    with pytest.raises(RuleViolation) as caught:
        update_case(actor=org.rep, case_id=case.pk, version=1, **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)
    unchanged(case)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("persona", ["peer_rep", "executive"])
def test_the_owner_must_be_someone_who_may_work_the_case(org, case, persona):
    with pytest.raises(RuleViolation) as caught:
        update_case(actor=org.rep, case_id=case.pk, version=1, owner_id=getattr(org, persona).pk)
    assert (caught.value.field, caught.value.code) == ("owner", "owner_cannot_work_case")
    unchanged(case)


def test_the_contact_must_work_at_the_account(org, case):
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    with pytest.raises(RuleViolation) as caught:
        update_case(actor=org.rep, case_id=case.pk, version=1, contact_id=stranger.pk)
    assert (caught.value.field, caught.value.code) == ("contact", "contact_not_on_account")


def test_a_closed_case_is_reopened_before_it_changes(org, customer):
    case = CaseFactory(
        account=customer,
        status=CaseStatus.CLOSED,
        resolved_at=OPENED + dt.timedelta(hours=1),
        closed_at=OPENED + dt.timedelta(hours=2),
    )
    with pytest.raises(RuleViolation) as caught:
        update_case(actor=org.rep, case_id=case.pk, version=1, subject="x")
    assert (caught.value.field, caught.value.code) == ("status", "case_closed")


def test_refuses_a_stale_version(org, case):
    with pytest.raises(StaleVersion):
        update_case(actor=org.rep, case_id=case.pk, version=2, subject="x")
    unchanged(case)


def test_a_case_the_seller_cannot_see_looks_absent(org, case):
    with pytest.raises(NotVisible):
        update_case(actor=org.peer_rep, case_id=case.pk, version=1, subject="x")
    unchanged(case)


def test_an_executive_changes_no_case(org, case):
    with pytest.raises(Forbidden):
        update_case(actor=org.executive, case_id=case.pk, version=1, subject="x")
    unchanged(case)


@pytest.mark.parametrize("persona", ["manager", "service_agent", "sales_ops"])
def test_the_sellers_team_and_those_who_work_every_case_may_change_it(org, case, persona):
    update_case(actor=getattr(org, persona), case_id=case.pk, version=1, subject="Jams")
    assert Case.objects.get(pk=case.pk).subject == "Jams"

"""The service admin writes SLA policies and cases through their services and shows
survey answers without writing them."""

from __future__ import annotations

import pytest

from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from patron.service.models import Case, SlaPolicy, SurveyResponse
from tests.admin.test_admin_pages import admin_url
from tests.factories.accounts import AccountFactory
from tests.factories.service import CaseFactory, SlaPolicyFactory


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


@pytest.fixture
def case(org) -> Case:
    return CaseFactory(account=AccountFactory(owner=org.rep), subject="Printer jams")


def case_data(case: Case, **fields) -> dict[str, object]:
    return {
        "subject": case.subject,
        "description": "",
        "priority": case.priority,
        "category": case.category,
        "department": "",
        "owner": case.owner_id or "",
        "contact": "",
        "expected_version": case.version,
        **fields,
    }


def test_sales_ops_set_an_sla_policy_through_the_service(client_for, ops):
    # when
    client = client_for(ops)
    response = client.post(
        admin_url(SlaPolicy, "add"),
        {
            "name": "Urgent",
            "priority": "urgent",
            "first_response_minutes": "30",
            "resolution_minutes": "240",
        },
    )
    # then
    assert response.status_code == 302
    policy = SlaPolicy.objects.get()
    assert (policy.name, policy.first_response_minutes, policy.created_by) == ("Urgent", 30, ops)
    # when
    response = client.post(
        admin_url(SlaPolicy, "change", policy.pk),
        {
            "name": "Urgent",
            "priority": "urgent",
            "first_response_minutes": "15",
            "resolution_minutes": "240",
            "expected_version": "1",
        },
    )
    # then
    assert response.status_code == 302
    assert SlaPolicy.objects.get().first_response_minutes == 15
    assert list(
        AuditEvent.objects.filter(record_type="service.slapolicy")
        .order_by("pk")
        .values_list("source", "action")
    ) == [("admin", "create"), ("admin", "update")]


def test_sales_ops_open_a_case_through_the_service(client_for, ops, org):
    # given: normal cases are answered within 4 hours
    SlaPolicyFactory(priority="normal")
    account = AccountFactory(owner=org.rep)
    # when
    response = client_for(ops).post(
        admin_url(Case, "add"),
        {
            "account": account.pk,
            "subject": "Scanner offline",
            "description": "",
            "priority": "normal",
            "category": "problem",
            "department": "",
            "owner": org.service_agent.pk,
            "contact": "",
        },
    )
    # then
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.number.startswith("CS-")
    assert (case.owner, case.category, case.created_by) == (org.service_agent, "problem", ops)
    assert case.first_response_due_at is not None
    event = AuditEvent.objects.get(record_type="service.case", record_id=case.pk)
    assert (event.source, event.operation) == ("admin", "open_case")


def test_sales_ops_change_a_cases_details(client_for, ops, case):
    response = client_for(ops).post(
        admin_url(Case, "change", case.pk), case_data(case, subject="Jams", priority="high")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.subject, case.priority, case.version) == ("Jams", "high", 2)


def test_an_owner_who_may_not_work_the_case_is_refused_on_the_field(client_for, ops, org, case):
    # when
    response = client_for(ops).post(
        admin_url(Case, "change", case.pk), case_data(case, owner=org.peer_rep.pk)
    )
    # then
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["owner"] == [f"{org.peer_rep} may not work this customer's cases."]
    case.refresh_from_db()
    assert (case.owner, case.version) == (org.rep, 1)
    assert not AuditEvent.objects.exists()


def test_survey_answers_are_not_written_here(client_for, ops):
    assert client_for(ops).get(admin_url(SurveyResponse, "add")).status_code == 403

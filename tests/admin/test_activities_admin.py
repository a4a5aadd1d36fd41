"""Sales ops write activities through the admin, which calls the activity services:
the service's refusal shows on the field and nothing is saved."""

from __future__ import annotations

import pytest

from patron.activities.models import Activity
from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url
from tests.factories.accounts import AccountFactory, ContactFactory


@pytest.fixture
def ops_client(org, client_for):
    return client_for(assign_role(user=org.sales_ops, role=Role.SALES_OPS))


def activity_form(account, owner, **changes) -> dict:
    return {
        "kind": "call",
        "subject": "Pricing follow-up",
        "notes": "",
        "account": account.pk,
        "opportunity": "",
        "case": "",
        "owner": owner.pk,
        "starts_at_0": "2026-03-09",
        "starts_at_1": "10:00:00",
        "duration_minutes": "30",
        "due_at_0": "",
        "due_at_1": "",
        "outcome": "",
        **changes,
    }


def test_sales_ops_adds_and_changes_an_activity(org, ops_client):
    # given
    account = AccountFactory(owner=org.rep)
    contact = ContactFactory(account=account)
    # when
    response = ops_client.post(
        admin_url(Activity, "add"), activity_form(account, org.rep, contacts=[contact.pk])
    )
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get(account=account)
    assert (activity.owner, activity.subject, list(activity.contacts.all())) == (
        org.rep,
        "Pricing follow-up",
        [contact],
    )
    (event,) = AuditEvent.objects.for_record("activities.activity", activity.pk)
    assert (event.action, event.source) == ("create", "admin")
    # when the subject changes
    response = ops_client.post(
        admin_url(Activity, "change", activity.pk),
        {
            **activity_form(account, org.rep, subject="Renewal call", contacts=[contact.pk]),
            "expected_version": 1,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert (activity.subject, activity.version) == ("Renewal call", 2)


def test_a_contact_of_another_account_is_refused_on_the_field(org, ops_client):
    account = AccountFactory(owner=org.rep)
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    response = ops_client.post(
        admin_url(Activity, "add"), activity_form(account, org.rep, contacts=[stranger.pk])
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["contacts"] == ["This belongs to another account than the activity."]
    assert not Activity.objects.exists()


def test_a_task_without_a_due_date_is_refused_on_the_field(org, ops_client):
    account = AccountFactory(owner=org.rep)
    response = ops_client.post(
        admin_url(Activity, "add"), activity_form(account, org.rep, kind="task")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["due_at"] == ["This field is required."]
    assert not Activity.objects.exists()

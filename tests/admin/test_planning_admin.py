"""Sales ops write plans and quotas through the admin, which calls the planning
services: the service's refusal shows on the field and nothing is saved."""

from __future__ import annotations

import pytest

from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.roles import assign_role
from patron.planning.models import AccountPlan, Quota
from tests.admin.test_admin_pages import admin_url
from tests.factories.accounts import AccountFactory
from tests.factories.planning import AccountPlanFactory, QuotaFactory


@pytest.fixture
def ops_client(org, client_for):
    return client_for(assign_role(user=org.sales_ops, role=Role.SALES_OPS))


def quota_form(org, **changes) -> dict:
    return {
        "user": org.rep.pk,
        "team": "",
        "territory": "",
        "metric": "bookings",
        "period_start": "2026-04-01",
        "period_end": "2026-07-01",
        "target": "25000000",
        **changes,
    }


def test_sales_ops_adds_and_changes_a_quota(org, ops_client):
    # when
    response = ops_client.post(admin_url(Quota, "add"), quota_form(org))
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors
    quota = Quota.objects.get(user=org.rep)
    assert (quota.target, quota.created_by) == (25_000_000, org.sales_ops)
    (event,) = AuditEvent.objects.for_record("planning.quota", quota.pk)
    assert (event.action, event.source, event.actor) == ("create", "admin", org.sales_ops)
    # when the target changes
    response = ops_client.post(
        admin_url(Quota, "change", quota.pk),
        {**quota_form(org, target="30000000"), "expected_version": 1},
    )
    assert response.status_code == 302
    quota.refresh_from_db()
    assert (quota.target, quota.version) == (30_000_000, 2)


def test_an_overlapping_quota_shows_the_services_message_and_saves_nothing(org, ops_client):
    # given
    QuotaFactory(user=org.rep, period_start="2026-04-01", period_end="2026-07-01")
    # when
    response = ops_client.post(admin_url(Quota, "add"), quota_form(org, period_start="2026-05-01"))
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["period_start"] == [
        "Another quota for this metric already covers part of this period."
    ]
    assert Quota.objects.count() == 1


def test_a_negative_target_is_refused_on_the_field(org, ops_client):
    quota = QuotaFactory(user=org.rep)
    response = ops_client.post(
        admin_url(Quota, "change", quota.pk),
        {
            **quota_form(org, target="-1", period_start="2026-01-01", period_end="2026-04-01"),
            "expected_version": 1,
        },
    )
    assert response.status_code == 200
    assert "target" in response.context["adminform"].form.errors
    quota.refresh_from_db()
    assert (quota.target, quota.version) == (50_000_000, 1)


def test_sales_ops_adds_and_changes_an_account_plan(org, ops_client):
    account = AccountFactory(owner=org.rep)
    form = {
        "account": account.pk,
        "fiscal_year": 2026,
        "owner": org.rep.pk,
        "status": "draft",
        "currency": "USD",
        "customer_needs": "",
        "goals": "Grow",
        "challenges": "",
        "strategy": "",
        "relationship_objectives": "",
        "competitive_threats": "",
        "next_review_on": "",
    }
    inlines = {
        f"{prefix}-{key}": 0
        for prefix in ("targets", "actions", "reviews")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    response = ops_client.post(admin_url(AccountPlan, "add"), {**form, **inlines})
    assert response.status_code == 302, response.context["adminform"].form.errors
    plan = AccountPlan.objects.get(account=account)
    assert (plan.owner, plan.goals) == (org.rep, "Grow")
    response = ops_client.post(
        admin_url(AccountPlan, "change", plan.pk),
        {**form, "goals": "Grow more", "expected_version": 1, **inlines},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    plan.refresh_from_db()
    assert (plan.goals, plan.version) == ("Grow more", 2)


def test_a_plan_owner_off_the_account_is_refused_on_the_field(org, ops_client):
    plan = AccountPlanFactory(account=AccountFactory(owner=org.rep))
    response = ops_client.post(
        admin_url(AccountPlan, "change", plan.pk),
        {
            "owner": org.peer_rep.pk,
            "status": "draft",
            "currency": "USD",
            "goals": "",
            "expected_version": 1,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["owner"] == [f"{org.peer_rep} does not work on this account."]
    plan.refresh_from_db()
    assert (plan.owner, plan.version) == (org.rep, 1)

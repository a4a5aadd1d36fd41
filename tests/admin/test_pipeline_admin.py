"""The pipeline's admin writes through the pipeline services: a sales-ops client adds
and changes records there, and a refused change shows the service's message on the
field and saves nothing."""

from __future__ import annotations

import pytest

from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from patron.pipeline.models import Campaign, Lead, Opportunity, Quote, Stage
from tests.admin.test_admin_pages import admin_url
from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import default_pipeline


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


def stage_form(stage: Stage, **changes) -> dict:
    data = {
        "pipeline": stage.pipeline_id,
        "name": stage.name,
        "order": stage.order,
        "probability": stage.probability,
        "category": stage.category,
        "is_qualified": "on" if stage.is_qualified else "",
        "expected_version": stage.version,
    }
    return {name: value for name, value in (data | changes).items() if value != ""}


def test_sales_ops_add_a_stage_through_the_service(client_for, ops):
    pipeline = default_pipeline()
    data = {
        "pipeline": pipeline.pk,
        "name": "Demo",
        "order": 7,
        "probability": 30,
        "category": "open",
    }
    response = client_for(ops).post(admin_url(Stage, "add"), data)
    assert response.status_code == 302
    stage = pipeline.stages.get(name="Demo")
    event = AuditEvent.objects.get(record_type="pipeline.stage", record_id=stage.pk)
    assert (event.action, event.source, event.operation) == ("create", "admin", "create_stage")


def test_a_stage_with_probability_150_shows_the_services_message_and_saves_nothing(client_for, ops):
    # given
    stage = default_pipeline().stages.get(name="Proposal")
    # when
    response = client_for(ops).post(
        admin_url(Stage, "change", stage.pk), stage_form(stage, probability=150)
    )
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["probability"] == ["Enter a whole number from 0 to 100."]
    stage.refresh_from_db()
    assert (stage.probability, stage.version) == (50, 1)
    assert not AuditEvent.objects.filter(record_type="pipeline.stage").exists()


def test_a_second_won_stage_is_refused_on_the_category(client_for, ops):
    stage = default_pipeline().stages.get(name="Proposal")
    response = client_for(ops).post(
        admin_url(Stage, "change", stage.pk), stage_form(stage, category="won", probability=100)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["category"] == [
        "This pipeline already has a Won stage."
    ]
    stage.refresh_from_db()
    assert stage.category == "open"


def test_sales_ops_change_a_stage(client_for, ops):
    stage = default_pipeline().stages.get(name="Proposal")
    response = client_for(ops).post(
        admin_url(Stage, "change", stage.pk), stage_form(stage, probability=55)
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert (stage.probability, stage.version) == (55, 2)


def test_sales_ops_add_and_change_a_campaign(client_for, ops):
    client = client_for(ops)
    data = {"name": "Expo", "channel": "event", "starts_on": "2026-03-01", "currency": "USD"}
    assert client.post(admin_url(Campaign, "add"), data).status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.owner, campaign.created_by) == (ops, ops)
    bad = data | {"ends_on": "2026-02-01", "expected_version": 1}
    response = client.post(admin_url(Campaign, "change", campaign.pk), bad)
    assert response.status_code == 200
    assert "ends_on" in response.context["adminform"].form.errors
    good = data | {"ends_on": "2026-03-02", "expected_version": 1}
    assert client.post(admin_url(Campaign, "change", campaign.pk), good).status_code == 302
    campaign.refresh_from_db()
    assert (str(campaign.ends_on), campaign.version) == ("2026-03-02", 2)


def test_sales_ops_add_and_change_a_lead(client_for, ops, org):
    client = client_for(ops)
    data = {"first_name": "Somchai", "company": "Thai Steel", "source": "web", "owner": org.rep.pk}
    assert client.post(admin_url(Lead, "add"), data).status_code == 302
    lead = Lead.objects.get()
    assert (lead.owner, lead.status) == (org.rep, "new")
    response = client.post(
        admin_url(Lead, "change", lead.pk), data | {"country": "XX", "expected_version": 1}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == [
        "Choose a country from the list."
    ]
    response = client.post(
        admin_url(Lead, "change", lead.pk), data | {"country": "TH", "expected_version": 1}
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.country, lead.version) == ("TH", 2)


def test_sales_ops_add_a_deal_and_change_its_next_step(client_for, ops, org):
    default_pipeline()
    account = AccountFactory(owner=org.rep)
    client = client_for(ops)
    data = {
        "name": "ERP",
        "account": account.pk,
        "owner": org.rep.pk,
        "type": "new_business",
        "close_date": "2099-06-30",
    }
    response = client.post(admin_url(Opportunity, "add"), data)
    assert response.status_code == 302
    deal = Opportunity.objects.get()
    assert (deal.owner, deal.stage.name, deal.history.count()) == (org.rep, "Prospecting", 6)
    change = {"name": "ERP", "next_step": "Demo", "expected_version": 1}
    for prefix in ("lines", "contact_roles", "competitor_links", "history"):
        change |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    assert client.post(admin_url(Opportunity, "change", deal.pk), change).status_code == 302
    deal.refresh_from_db()
    assert (deal.next_step, deal.version) == ("Demo", 2)


def test_quotes_are_only_shown(client_for, ops):
    assert client_for(ops).get(admin_url(Quote, "add")).status_code == 403

"""The Django admin is sales operations' configuration screen: every model is there,
staff open every page, nobody else gets in."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from patron.accounts.models import Competitor
from patron.core.models import AuditEvent, CompanySettings, Counter, ExchangeRate
from patron.org.access import ACCESS_TABLES
from patron.org.choices import Role
from patron.org.models import Team, Territory, TerritoryRule, User
from patron.org.roles import assign_role, patron_apps
from patron.pipeline.models import Campaign, OpportunityHistory
from patron.service.models import SlaPolicy
from tests.contracts.test_visibility_matrix import build_side
from tests.factories.accounts import CompetitorFactory
from tests.factories.catalog import ProductFactory

PATRON_APPS = set(patron_apps())
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in PATRON_APPS),
    key=lambda model: model._meta.label,
)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def ops(org) -> User:
    """Sales ops as `assign_role` makes them: staff, in the role's group."""
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


@pytest.fixture
def one_of_everything(org):
    """A row of every business model (the visibility matrix's builder) and of every
    reference model."""
    rows = dict(build_side(org.rep, org.manager, "own"))
    territory = Territory.objects.create(name="Bangkok", code="TH-BKK")
    rows.update(
        {
            "core.CompanySettings": CompanySettings.current(),
            "core.ExchangeRate": ExchangeRate.objects.create(
                currency="THB", valid_from=dt.date(2026, 1, 1), rate=Decimal("0.028")
            ),
            "core.Counter": Counter.objects.create(key="INV-2026", value=7),
            "core.AuditEvent": AuditEvent.objects.create(
                source="system",
                operation="create_account",
                operation_id=uuid.uuid4(),
                record_type="org.team",
                record_id=org.team.pk,
                action="create",
                changes={"name": [None, org.team.name]},
            ),
            "org.User": org.rep,
            "org.Team": org.team,
            "org.Territory": territory,
            "org.TerritoryRule": TerritoryRule.objects.create(territory=territory, country="TH"),
            "catalog.ProductFamily": ProductFactory().family,
            "catalog.Product": ProductFactory(),
            "accounts.Competitor": CompetitorFactory(),
            "pipeline.Pipeline": rows["pipeline.Opportunity"].pipeline,
            "pipeline.Stage": rows["pipeline.Opportunity"].stage,
            "pipeline.Campaign": Campaign.objects.create(
                name="Expo", channel="event", starts_on=dt.date(2026, 1, 1)
            ),
            "service.SlaPolicy": SlaPolicy.objects.create(
                name="Urgent", priority="urgent", first_response_minutes=30, resolution_minutes=240
            ),
            "people.TrainingCourse": rows["people.TrainingAssignment"].course,
        }
    )
    return rows


def test_every_model_of_every_domain_is_in_the_admin():
    missing = [
        model._meta.label
        for label in PATRON_APPS
        for model in apps.get_app_config(label).get_models()
        if model not in admin.site._registry and model._meta.label not in ACCESS_TABLES
    ]
    assert missing == []


def test_the_access_tables_are_not_in_the_admin():
    # derived from owners and the reporting tree: nobody edits them (decision 0021)
    assert [label for label in ACCESS_TABLES if apps.get_model(label) in admin.site._registry] == []


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_sales_ops_opens_the_list_and_the_add_page(client_for, ops, one_of_everything, model):
    # given
    client = client_for(ops)
    model_admin = admin.site._registry[model]
    # when
    changelist = client.get(admin_url(model, "changelist"))
    add = client.get(admin_url(model, "add"))
    # then
    assert changelist.status_code == 200
    assert add.status_code == (200 if model_admin.has_add_permission(_request(ops)) else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_sales_ops_opens_the_page_of_a_record(client_for, ops, one_of_everything, model):
    obj = one_of_everything[model._meta.label]
    response = client_for(ops).get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_the_list_searches(client_for, ops, one_of_everything):
    response = client_for(ops).get(admin_url(Competitor, "changelist"), {"q": "no such name"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@pytest.mark.parametrize("persona", ["rep", "manager", "executive", "service_agent"])
def test_everyone_else_is_sent_to_the_admin_sign_in(client_for, org, persona):
    client = client_for(getattr(org, persona))
    for url in (reverse("admin:index"), admin_url(Competitor, "changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_is_sent_to_the_admin_sign_in(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_money_is_shown_formatted(client_for, ops):
    ProductFactory(name="Analytics Suite", currency="THB", list_price_minor=1_250_000_00)
    response = client_for(ops).get(admin_url(type(ProductFactory()), "changelist"))
    assert "THB1,250,000.00" in response.content.decode()


def test_opportunity_history_cannot_be_added_changed_or_deleted(client_for, ops, one_of_everything):
    # given
    entry = one_of_everything["pipeline.OpportunityHistory"]
    client = client_for(ops)
    # when / then
    assert client.get(admin_url(OpportunityHistory, "add")).status_code == 403
    assert client.post(admin_url(OpportunityHistory, "change", entry.pk), {}).status_code == 403
    assert (
        client.post(admin_url(OpportunityHistory, "delete", entry.pk), {"post": "yes"}).status_code
        == 403
    )
    assert OpportunityHistory.objects.filter(pk=entry.pk).exists()


def test_a_stale_edit_is_refused_and_changes_nothing(client_for, ops):
    # given: sales ops opened the page at version 1; someone saved since
    competitor = CompetitorFactory(name="Acme CRM")
    Competitor.objects.filter(pk=competitor.pk).update(version=2, strengths="Price")
    url = admin_url(Competitor, "change", competitor.pk)
    data = {
        "name": "Acme CRM",
        "website": "",
        "strengths": "Mine",
        "weaknesses": "",
        "expected_version": 1,
    }
    # when
    response = client_for(ops).post(url, data)
    # then
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    competitor.refresh_from_db()
    assert (competitor.strengths, competitor.version) == ("Price", 2)


def test_a_fresh_edit_saves_and_bumps_the_version(client_for, ops):
    competitor = CompetitorFactory(name="Acme CRM")
    url = admin_url(Competitor, "change", competitor.pk)
    data = {
        "name": "Acme CRM",
        "website": "",
        "strengths": "Mine",
        "weaknesses": "",
        "expected_version": 1,
    }
    response = client_for(ops).post(url, data)
    assert response.status_code == 302
    competitor.refresh_from_db()
    assert (competitor.strengths, competitor.version) == ("Mine", 2)


def test_a_new_record_remembers_who_created_it(client_for, ops):
    client_for(ops).post(
        admin_url(Competitor, "add"),
        {"name": "Newco", "website": "", "strengths": "", "weaknesses": ""},
    )
    assert Competitor.objects.get(name="Newco").created_by == ops


def test_a_website_typed_without_a_scheme_is_read_as_https(client_for, ops):
    client_for(ops).post(
        admin_url(Competitor, "add"),
        {"name": "Newco", "website": "newco.example", "strengths": "", "weaknesses": ""},
    )
    assert Competitor.objects.get(name="Newco").website == "https://newco.example"


def _user_form(user: User, **changes) -> dict[str, object]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "title": "",
        "hired_on": "",
        "role": user.role,
        "team": user.team_id or "",
        "manager": user.manager_id or "",
        "language": "",
        "time_zone": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_changing_a_role_in_the_admin_gives_the_roles_access(client_for, org, ops):
    # when
    response = client_for(ops).post(
        admin_url(User, "change", org.rep2.pk), _user_form(org.rep2, role=Role.SALES_OPS)
    )
    # then
    assert response.status_code == 302
    org.rep2.refresh_from_db()
    assert org.rep2.role == Role.SALES_OPS
    assert org.rep2.is_staff is True
    assert [group.name for group in org.rep2.groups.all()] == [str(Role.SALES_OPS.label)]


def test_sales_ops_cannot_make_anyone_an_administrator(client_for, org, ops):
    response = client_for(ops).post(
        admin_url(User, "change", org.rep2.pk), _user_form(org.rep2, role=Role.ADMIN)
    )
    assert response.status_code == 200
    org.rep2.refresh_from_db()
    assert (org.rep2.role, org.rep2.is_superuser) == (Role.REP, False)


def test_sales_ops_cannot_change_an_administrator(client_for, org, ops):
    administrator = assign_role(user=org.admin, role=Role.ADMIN)
    response = client_for(ops).post(
        admin_url(User, "change", administrator.pk),
        _user_form(administrator, email="taken@example.com"),
    )
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert administrator.email != "taken@example.com"


def test_an_administrator_opens_every_list(client_for, org):
    administrator = assign_role(user=org.admin, role=Role.ADMIN)
    client = client_for(administrator)
    for model in REGISTERED:
        assert client.get(admin_url(model, "changelist")).status_code == 200, model


def _request(user: User):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_teams_list_their_members(client_for, org, ops):
    response = client_for(ops).get(admin_url(Team, "change", org.team.pk))
    html = response.content.decode()
    assert org.rep.username in html
    assert org.rep2.username in html

"""The admin never moves what a service owns: state fields are shown read-only, and
records that only a service writes cannot be added, changed or deleted here."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from patron.accounts.models import Account, AccountTeamMember, Handoff
from patron.orders.models import Contract, Invoice, SalesOrder
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.models import Lead, Opportunity
from patron.service.models import Case, SurveyResponse
from tests.admin.test_admin_pages import admin_url
from tests.contracts.test_visibility_matrix import build_side


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


@pytest.fixture
def rows(org):
    return dict(build_side(org.rep, org.manager, "own"))


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Account, {"owner", "lifecycle", "customer_since", "churned_on", "churn_reason"}),
        (Lead, {"status", "disqualify_reason", "first_responded_at", "qualified_at"}),
        (Contract, {"status", "start_date"}),
        (SalesOrder, {"status", "order_date"}),
        (Invoice, {"status", "issue_date", "paid_minor"}),
        (
            Opportunity,
            {"stage", "amount_minor", "close_date", "forecast_category", "owner", "loss_reason"},
        ),
        (Case, {"status"}),
    ],
)
def test_state_fields_cannot_be_edited_on_the_change_page(ops, rows, model, fields):
    # given
    obj = rows[model._meta.label]
    # when
    editable = editable_fields(ops, model, obj)
    # then
    assert editable, "the change page edits nothing at all"
    assert fields & editable == set()


def test_a_new_account_gets_its_owner_in_the_admin_but_no_lifecycle(ops):
    editable = editable_fields(ops, Account, None)
    assert "owner" in editable
    assert "lifecycle" not in editable


def editable_fields(user: User, model, obj) -> set[str]:
    """The fields the admin's form for `obj` (None: a new record) lets `user` edit."""
    request = RequestFactory().get("/")
    request.user = user
    return set(admin.site._registry[model].get_form(request, obj).base_fields)


@pytest.mark.parametrize("model", [Handoff, AccountTeamMember, SurveyResponse])
def test_service_written_records_cannot_be_added_changed_or_deleted(client_for, ops, rows, model):
    # given
    obj = rows[model._meta.label]
    client = client_for(ops)
    # when / then
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_closed_deal_keeps_its_booked_terms_in_the_admin(ops, rows):
    deal = rows["pipeline.Opportunity"]
    assert {"is_recurring", "contract_term_months"} <= editable_fields(ops, Opportunity, deal)
    Opportunity.objects.filter(pk=deal.pk).update(
        status=OpportunityStatus.WON, closed_at=timezone.now()
    )
    deal.refresh_from_db()
    editable = editable_fields(ops, Opportunity, deal)
    assert {"is_recurring", "contract_term_months"} & editable == set()
    assert "next_step" in editable

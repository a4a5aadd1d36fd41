"""Every database constraint rejects a row that breaks it.

Each case takes a valid row of the tiny demo company, changes it the way the rule
forbids with a plain `UPDATE` (no service, no model validation in between) and expects
the database itself to refuse it, naming the constraint. A last test checks that every
constraint declared on a model has a case here, so a new constraint cannot go untested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, QuerySet, UniqueConstraint
from django.utils import timezone

from patron.accounts.choices import Lifecycle
from patron.accounts.models import (
    Account,
    AccountAccess,
    AccountCompetitor,
    AccountTeamMember,
    Contact,
    Handoff,
)
from patron.activities.choices import ActivityKind, ActivityStatus
from patron.activities.models import Activity
from patron.catalog.models import Product
from patron.core.models import CompanySettings, ExchangeRate
from patron.forecasting.choices import SubmissionKind
from patron.forecasting.models import ForecastSubmission
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder
from patron.org.models import Reach, Team, Territory, TerritoryRule, User
from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment
from patron.pipeline.choices import LeadStatus, OpportunityStatus, StageCategory
from patron.pipeline.models import (
    Campaign,
    Lead,
    Opportunity,
    OpportunityAccess,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityLine,
    Pipeline,
    Quote,
    QuoteLine,
    Stage,
)
from patron.planning.choices import ActionStatus
from patron.planning.models import AccountPlan, AccountPlanAction, AccountPlanTarget, Quota
from patron.service.choices import CaseStatus, SurveyKind
from patron.service.models import Case, SlaPolicy, SurveyResponse
from tests.demo.conftest import tiny_company  # noqa: F401  (fixture)

DAY = dt.timedelta(days=1)

Break = Callable[[], tuple[QuerySet, dict]]


def first(model: type[models.Model], **where) -> models.Model:
    row = model.objects.filter(**where).order_by("pk").first()
    assert row is not None, f"the tiny company has no {model.__name__} with {where}"
    return row


def row_of(model: type[models.Model], **where) -> QuerySet:
    return model.objects.filter(pk=first(model, **where).pk)


def change(model: type[models.Model], values: dict, **where) -> Break:
    """Set fixed values on the first row matching `where`."""
    return lambda: (row_of(model, **where), values)


def derived(model: type[models.Model], values: Callable, **where) -> Break:
    """Set values computed from the first row matching `where`."""

    def make() -> tuple[QuerySet, dict]:
        row = first(model, **where)
        return model.objects.filter(pk=row.pk), values(row)

    return make


def copy_of_other(model: type[models.Model], fields: tuple[str, ...], **where) -> Break:
    """Give a row the values of another row's unique fields."""

    def make() -> tuple[QuerySet, dict]:
        rows = model.objects.filter(**where).order_by("pk")
        one, other = rows[0], rows[1]
        values = {field: getattr(other, field) for field in fields}
        return model.objects.filter(pk=one.pk), values

    return make


def set_external_ids(model: type[models.Model]) -> Break:
    """One row takes the external id another already has."""

    def make() -> tuple[QuerySet, dict]:
        one, other = model.objects.order_by("pk")[:2]
        model.objects.filter(pk=other.pk).update(external_id="EXT-1")
        return model.objects.filter(pk=one.pk), {"external_id": "EXT-1"}

    return make


def second_primary_contact() -> tuple[QuerySet, dict]:
    account_id = (
        Contact.objects.values("account_id")
        .annotate(n=models.Count("pk"))
        .filter(n__gte=2)
        .order_by("account_id")[0]["account_id"]
    )
    one, other = Contact.objects.filter(account_id=account_id).order_by("pk")[:2]
    Contact.objects.filter(account_id=account_id).update(is_primary=False)
    Contact.objects.filter(pk=other.pk).update(is_primary=True)
    return Contact.objects.filter(pk=one.pk), {"is_primary": True}


def second_primary_deal_contact() -> tuple[QuerySet, dict]:
    deal_id = (
        OpportunityContactRole.objects.values("opportunity_id")
        .annotate(n=models.Count("pk"))
        .filter(n__gte=2)
        .order_by("opportunity_id")[0]["opportunity_id"]
    )
    roles = OpportunityContactRole.objects.filter(opportunity_id=deal_id)
    one, other = roles.order_by("pk")[:2]
    roles.update(is_primary=False)
    OpportunityContactRole.objects.filter(pk=other.pk).update(is_primary=True)
    return OpportunityContactRole.objects.filter(pk=one.pk), {"is_primary": True}


def second_default_pipeline() -> tuple[QuerySet, dict]:
    first(Pipeline, is_default=True)
    return row_of(Pipeline, is_default=False), {"is_default": True}


def second_default_for_type() -> tuple[QuerySet, dict]:
    taken = first(Pipeline, default_for_type__gt="")
    other = Pipeline.objects.exclude(pk=taken.pk).order_by("pk").first()
    return Pipeline.objects.filter(pk=other.pk), {"default_for_type": taken.default_for_type}


def other_team_id() -> int:
    return first(Team).pk


def duplicate_quota(holder: str) -> Break:
    def make() -> tuple[QuerySet, dict]:
        quota = first(Quota, **{f"{holder}__isnull": False})
        copy = Quota.objects.filter(pk=quota.pk).values()[0]
        copy.pop("id")
        copy["metric"] = "__other__"
        Quota.objects.bulk_create([Quota(**copy)])
        return Quota.objects.filter(metric="__other__"), {"metric": quota.metric}

    return make


BREAKS: dict[str, Break] = {
    # core
    "company_fiscal_month_valid": change(CompanySettings, {"fiscal_year_start_month": 13}),
    "company_discount_threshold_percent": change(
        CompanySettings, {"quote_discount_approval_percent": 101}
    ),
    "fx_one_rate_per_day": copy_of_other(ExchangeRate, ("currency", "valid_from"), currency="THB"),
    "fx_rate_positive": change(ExchangeRate, {"rate": 0}),
    # org
    "team_not_own_parent": derived(Team, lambda row: {"parent_id": row.pk}),
    "reach_owner_viewer_unique": copy_of_other(Reach, ("owner_id", "viewer_id")),
    "user_role_valid": change(User, {"role": "king"}),
    "user_not_own_manager": derived(User, lambda row: {"manager_id": row.pk}),
    "territory_not_own_parent": derived(Territory, lambda row: {"parent_id": row.pk}),
    "territory_rule_size_range": change(TerritoryRule, {"min_employees": 10, "max_employees": 5}),
    # catalog
    "product_price_gte_0": change(Product, {"list_price_minor": -1}),
    "product_cost_gte_0": change(Product, {"cost_minor": -1}),
    # accounts
    "account_external_id_unique": set_external_ids(Account),
    "account_access_account_viewer_unique": copy_of_other(
        AccountAccess, ("account_id", "viewer_id")
    ),
    "account_not_own_parent": derived(Account, lambda row: {"parent_id": row.pk}),
    "account_lifecycle_valid": change(Account, {"lifecycle": "zombie"}),
    "account_churn_after_customer_since": derived(
        Account,
        lambda row: {"churned_on": row.customer_since - DAY},
        customer_since__isnull=False,
    ),
    "account_churned_has_date": change(
        Account, {"lifecycle": Lifecycle.CHURNED, "churned_on": None}
    ),
    "account_team_member_once": copy_of_other(AccountTeamMember, ("account_id", "user_id")),
    "handoff_two_people": derived(Handoff, lambda row: {"to_user_id": row.from_user_id}),
    "contact_one_primary": second_primary_contact,
    "contact_influence_1_5": change(Contact, {"influence": 6}),
    "contact_relationship_1_5": change(Contact, {"relationship_strength": 0}),
    "contact_cadence_positive": change(Contact, {"touch_every_days": 0}),
    "account_competitor_once": copy_of_other(AccountCompetitor, ("account_id", "competitor_id")),
    # pipeline: campaigns and leads
    "campaign_cost_gte_0": change(Campaign, {"cost_minor": -1}),
    "campaign_ends_after_start": derived(Campaign, lambda row: {"ends_on": row.starts_on - DAY}),
    "lead_disqualified_has_reason": change(
        Lead, {"status": LeadStatus.DISQUALIFIED, "disqualify_reason": ""}
    ),
    "lead_converted_has_account": change(
        Lead, {"status": LeadStatus.CONVERTED, "converted_account": None}
    ),
    "lead_response_after_creation": derived(
        Lead, lambda row: {"first_responded_at": row.created_at - DAY}
    ),
    # pipeline: pipelines and stages
    "pipeline_one_default": second_default_pipeline,
    "pipeline_one_default_per_type": second_default_for_type,
    "stage_order_unique": copy_of_other(Stage, ("pipeline_id", "order")),
    "stage_name_unique": copy_of_other(Stage, ("pipeline_id", "name")),
    "stage_probability_0_100": change(Stage, {"probability": 101}, category=StageCategory.OPEN),
    "stage_won_is_certain": change(Stage, {"probability": 90}, category=StageCategory.WON),
    "stage_lost_is_zero": change(Stage, {"probability": 10}, category=StageCategory.LOST),
    # pipeline: opportunities
    "opportunity_external_id_unique": set_external_ids(Opportunity),
    "opp_access_opportunity_viewer_unique": copy_of_other(
        OpportunityAccess, ("opportunity_id", "viewer_id")
    ),
    "opportunity_amount_gte_0": change(Opportunity, {"amount_minor": -1}),
    "opportunity_base_amount_gte_0": change(Opportunity, {"amount_base_minor": -1}),
    "opportunity_closes_after_opening": derived(
        Opportunity, lambda row: {"close_date": row.opened_on - DAY}
    ),
    "opportunity_status_valid": change(Opportunity, {"status": "maybe"}),
    "opportunity_closed_at_iff_closed": change(
        Opportunity, {"closed_at": timezone.now()}, status=OpportunityStatus.OPEN
    ),
    "opportunity_lost_has_reason": change(
        Opportunity, {"loss_reason": ""}, status=OpportunityStatus.LOST
    ),
    "opportunity_term_positive": change(Opportunity, {"contract_term_months": 0}),
    "opp_line_quantity_gte_1": change(OpportunityLine, {"quantity": 0}),
    "opp_line_price_gte_0": change(OpportunityLine, {"unit_price_minor": -1}),
    "opp_line_total_gte_0": change(OpportunityLine, {"total_minor": -1}),
    "opp_line_discount_0_100": change(OpportunityLine, {"discount_percent": 101}),
    "opportunity_competitor_once": copy_of_other(
        OpportunityCompetitor, ("opportunity_id", "competitor_id")
    ),
    "opp_contact_once": copy_of_other(OpportunityContactRole, ("opportunity_id", "contact_id")),
    "opp_one_primary_contact": second_primary_deal_contact,
    # pipeline: quotes
    "quote_number_revision": copy_of_other(Quote, ("number", "revision")),
    "quote_total_gte_0": change(Quote, {"total_minor": -1}),
    "quote_discount_0_100": change(Quote, {"discount_percent": 101}),
    "quote_valid_after_issue": derived(
        Quote, lambda row: {"valid_until": row.issued_on - DAY}, issued_on__isnull=False
    ),
    "quote_line_quantity_gte_1": change(QuoteLine, {"quantity": 0}),
    "quote_line_price_gte_0": change(QuoteLine, {"unit_price_minor": -1}),
    "quote_line_total_gte_0": change(QuoteLine, {"total_minor": -1}),
    "quote_line_discount_0_100": change(QuoteLine, {"discount_percent": 101}),
    # orders
    "contract_ends_after_start": derived(Contract, lambda row: {"end_date": row.start_date}),
    "contract_total_gte_0": change(Contract, {"total_value_minor": -1}),
    "contract_annual_gte_0": change(Contract, {"annual_value_minor": -1}),
    "order_total_gte_0": change(SalesOrder, {"total_minor": -1}),
    "order_base_total_gte_0": change(SalesOrder, {"total_base_minor": -1}),
    "order_cancelled_has_time": change(
        SalesOrder, {"status": OrderStatus.CANCELLED, "cancelled_at": None}
    ),
    "order_paid_has_date": change(SalesOrder, {"status": OrderStatus.PAID, "paid_on": None}),
    "order_line_quantity_gte_1": change(OrderLine, {"quantity": 0}),
    "order_line_price_gte_0": change(OrderLine, {"unit_price_minor": -1}),
    "order_line_total_gte_0": change(OrderLine, {"total_minor": -1}),
    "order_line_discount_0_100": change(OrderLine, {"discount_percent": 101}),
    "invoice_number_unique": copy_of_other(Invoice, ("number",), number__isnull=False),
    # A negative total with nothing paid also breaks `invoice_never_overpaid`; the
    # database may name either, so this case accepts both (see ALSO below).
    "invoice_total_gte_0": change(Invoice, {"total_minor": -1}, paid_minor=0),
    "invoice_never_overpaid": derived(
        Invoice,
        lambda row: {"paid_minor": row.total_minor + 1},
        status=InvoiceStatus.ISSUED,
    ),
    "invoice_issued_has_dates": change(Invoice, {"due_date": None}, status=InvoiceStatus.ISSUED),
    "invoice_due_after_issue": derived(
        Invoice, lambda row: {"due_date": row.issue_date - DAY}, issue_date__isnull=False
    ),
    "invoice_paid_means_fully_paid": derived(
        Invoice,
        lambda row: {"paid_minor": row.total_minor - 1},
        status=InvoiceStatus.PAID,
        total_minor__gt=0,
    ),
    "payment_amount_positive": change(Payment, {"amount_minor": 0}),
    # service
    "sla_resolution_after_response": change(SlaPolicy, {"first_response_minutes": 0}),
    "case_response_after_opening": derived(
        Case, lambda row: {"first_response_at": row.opened_at - DAY}
    ),
    "case_resolved_after_opening": derived(
        Case, lambda row: {"resolved_at": row.opened_at - DAY}, resolved_at__isnull=False
    ),
    "case_resolved_has_time": change(Case, {"status": CaseStatus.RESOLVED, "resolved_at": None}),
    "survey_score_in_range": change(SurveyResponse, {"score": 6}, kind=SurveyKind.CSAT),
    # activities
    "activity_completed_has_time": change(
        Activity, {"status": ActivityStatus.COMPLETED, "completed_at": None}
    ),
    "activity_task_has_due_date": change(Activity, {"kind": ActivityKind.TASK, "due_at": None}),
    # planning
    "plan_one_per_year": copy_of_other(AccountPlan, ("account_id", "fiscal_year")),
    "plan_year_sane": change(AccountPlan, {"fiscal_year": 1999}),
    "plan_target_once_per_product": copy_of_other(AccountPlanTarget, ("plan_id", "product_id")),
    "plan_target_gte_0": change(AccountPlanTarget, {"target_minor": -1}),
    "plan_action_done_has_date": change(
        AccountPlanAction, {"status": ActionStatus.DONE, "completed_on": None}
    ),
    "quota_exactly_one_holder": lambda: (
        row_of(Quota, user__isnull=False),
        {"team_id": other_team_id()},
    ),
    "quota_period_valid": derived(Quota, lambda row: {"period_end": row.period_start}),
    "quota_target_gte_0": change(Quota, {"target": -1}),
    "quota_once_per_user_metric_period": duplicate_quota("user"),
    "quota_once_per_team_metric_period": duplicate_quota("team"),
    "quota_once_per_territory_metric_period": duplicate_quota("territory"),
    # people
    "coaching_not_self": derived(CoachingNote, lambda row: {"author_id": row.rep_id}),
    "training_due_after_assigned": derived(
        TrainingAssignment, lambda row: {"due_on": row.assigned_on - DAY}
    ),
    "training_score_0_100": change(TrainingAssignment, {"score": 101}, completed_on__isnull=False),
    "training_score_when_completed": change(
        TrainingAssignment, {"completed_on": None, "score": 50}
    ),
    "skill_score_1_5": change(SkillAssessment, {"score": 6}),
    # forecasting
    "forecast_one_subject": lambda: (
        row_of(ForecastSubmission, user__isnull=False),
        {"team_id": other_team_id()},
    ),
    "forecast_period_valid": derived(
        ForecastSubmission, lambda row: {"period_end": row.period_start}
    ),
    "forecast_best_case_covers_commit": derived(
        ForecastSubmission,
        lambda row: {"best_case_minor": row.commit_minor - 1},
        commit_minor__gt=0,
    ),
    "forecast_override_has_note": change(
        ForecastSubmission, {"kind": SubmissionKind.OVERRIDE, "note": ""}
    ),
}

# Where the broken row necessarily breaks another rule too, either name is right.
ALSO: dict[str, set[str]] = {"invoice_total_gte_0": {"invoice_never_overpaid"}}


def declared_constraints() -> dict[str, models.BaseConstraint]:
    return {
        constraint.name: constraint
        for model in apps.get_models()
        if model.__module__.startswith("patron.")
        for constraint in model._meta.constraints
    }


def test_every_declared_constraint_has_a_case_here():
    assert sorted(set(declared_constraints()) - set(BREAKS)) == []
    assert sorted(set(BREAKS) - set(declared_constraints())) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_database_refuses_a_row_breaking(tiny_company, name):  # noqa: F811
    # given
    rows, values = BREAKS[name]()
    assert rows.count() == 1
    # when
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        rows.update(**values)
    # then: the database names the rule (SQLite names a unique index by its columns)
    message = str(refused.value)
    unique = isinstance(declared_constraints()[name], UniqueConstraint)
    if unique and connection.vendor == "sqlite":
        assert "UNIQUE constraint failed" in message
    else:
        assert any(rule in message for rule in {name} | ALSO.get(name, set())), message


@pytest.mark.django_db
def test_the_unbroken_rows_are_accepted(tiny_company):  # noqa: F811
    # An update that keeps a row as it is passes every rule: the cases above fail
    # because of the change they make, not because the rows were invalid already.
    for model in (Account, Opportunity, Invoice, Quota, ForecastSubmission):
        row = first(model)
        with transaction.atomic():
            assert model.objects.filter(pk=row.pk).update(version=F("version")) == 1

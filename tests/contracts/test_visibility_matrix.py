"""The visibility matrix: every business model × every persona, own side vs the peer team.

For each model one row is built on the rep's side (owned by the rep, on the rep's
account) and one on the peer team's side. Each persona must see exactly the rows the
role rules of SPEC 2.10 allow — no more, no less.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from patron.accounts.models import (
    Account,
    AccountCompetitor,
    AccountTeamMember,
    Contact,
    Handoff,
)
from patron.activities.models import Activity
from patron.forecasting.models import ForecastSubmission
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder
from patron.people.models import (
    CoachingNote,
    SkillAssessment,
    TrainingAssignment,
    TrainingCourse,
)
from patron.pipeline.models import (
    Lead,
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityHistory,
    OpportunityLine,
    Quote,
    QuoteLine,
)
from patron.planning.models import (
    AccountPlan,
    AccountPlanAction,
    AccountPlanReview,
    AccountPlanTarget,
    Quota,
)
from patron.service.models import Case, SurveyResponse
from tests.contracts.test_visibility_declared import BUSINESS_MODELS
from tests.factories.accounts import CompetitorFactory
from tests.factories.catalog import ProductFactory
from tests.factories.pipeline import default_pipeline

DAY = dt.date(2026, 3, 2)

# What a service agent sees: every account and contact and what hangs off the account
# record itself, and every case and survey; nothing of the pipeline, orders or plans.
AGENT_SEES_ALL = {
    "accounts.Account",
    "accounts.AccountTeamMember",
    "accounts.Handoff",
    "accounts.Contact",
    "accounts.AccountCompetitor",
    "service.Case",
    "service.SurveyResponse",
}


def build_side(owner, manager, label: str) -> dict[str, object]:
    """One row of every business model belonging to `owner`'s side."""
    pipeline = default_pipeline()
    stage = pipeline.stages.order_by("order").first()
    product = ProductFactory()
    competitor = CompetitorFactory()
    course, _ = TrainingCourse.objects.get_or_create(name="Discovery calls")
    account = Account.objects.create(name=f"{label} account", owner=owner)
    contact = Contact.objects.create(account=account, first_name=label, owner=owner)
    deal = Opportunity.objects.create(
        name=f"{label} deal",
        account=account,
        owner=owner,
        pipeline=pipeline,
        stage=stage,
        currency="USD",
        opened_on=DAY,
        close_date=DAY,
    )
    quote = Quote.objects.create(opportunity=deal, number=f"Q-{label}", currency="USD")
    order = SalesOrder.objects.create(
        account=account, owner=owner, number=f"SO-{label}", order_date=DAY, currency="USD"
    )
    invoice = Invoice.objects.create(order=order, account=account, currency="USD", total_minor=100)
    plan = AccountPlan.objects.create(
        account=account, fiscal_year=2026, owner=owner, currency="USD"
    )
    return {
        "accounts.Account": account,
        "accounts.AccountTeamMember": AccountTeamMember.objects.create(
            account=account, user=owner, role="account_executive"
        ),
        "accounts.Handoff": Handoff.objects.create(
            account=account, from_user=owner, to_user=manager, handed_off_on=DAY, note="n"
        ),
        "accounts.Contact": contact,
        "accounts.AccountCompetitor": AccountCompetitor.objects.create(
            account=account, competitor=competitor
        ),
        "pipeline.Lead": Lead.objects.create(
            first_name=label, company=label, source="web", owner=owner
        ),
        "pipeline.Opportunity": deal,
        "pipeline.OpportunityLine": OpportunityLine.objects.create(
            opportunity=deal, product=product, unit_price_minor=100, total_minor=100
        ),
        "pipeline.OpportunityHistory": OpportunityHistory.objects.create(
            opportunity=deal, field="stage", new_value=str(stage.pk)
        ),
        "pipeline.OpportunityCompetitor": OpportunityCompetitor.objects.create(
            opportunity=deal, competitor=competitor
        ),
        "pipeline.OpportunityContactRole": OpportunityContactRole.objects.create(
            opportunity=deal, contact=contact
        ),
        "pipeline.Quote": quote,
        "pipeline.QuoteLine": QuoteLine.objects.create(
            quote=quote, product=product, unit_price_minor=100, total_minor=100
        ),
        "orders.Contract": Contract.objects.create(
            account=account,
            owner=owner,
            number=f"CT-{label}",
            start_date=DAY,
            end_date=DAY + dt.timedelta(days=365),
            currency="USD",
            total_value_minor=100,
            annual_value_minor=100,
        ),
        "orders.SalesOrder": order,
        "orders.OrderLine": OrderLine.objects.create(
            order=order, product=product, unit_price_minor=100, total_minor=100
        ),
        "orders.Invoice": invoice,
        "orders.Payment": Payment.objects.create(invoice=invoice, amount_minor=50, paid_on=DAY),
        "service.Case": Case.objects.create(
            number=f"CS-{label}", account=account, subject=label, owner=owner
        ),
        "service.SurveyResponse": SurveyResponse.objects.create(
            kind="nps", score=9, account=account, contact=contact
        ),
        "activities.Activity": Activity.objects.create(
            kind="call", subject=label, account=account, owner=owner
        ),
        "planning.AccountPlan": plan,
        "planning.AccountPlanTarget": AccountPlanTarget.objects.create(
            plan=plan, product=product, target_minor=100
        ),
        "planning.AccountPlanAction": AccountPlanAction.objects.create(
            plan=plan, description=label, owner=owner, due_on=DAY
        ),
        "planning.AccountPlanReview": AccountPlanReview.objects.create(
            plan=plan, reviewed_on=DAY, reviewer=manager
        ),
        "planning.Quota": Quota.objects.create(
            user=owner,
            metric="bookings",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 4, 1),
            target=100,
        ),
        "people.CoachingNote": CoachingNote.objects.create(
            rep=owner, author=manager, given_on=DAY, note=label
        ),
        "people.TrainingAssignment": TrainingAssignment.objects.create(
            course=course, user=owner, assigned_on=DAY, due_on=DAY
        ),
        "people.SkillAssessment": SkillAssessment.objects.create(
            user=owner, skill="closing", score=3, assessed_on=DAY
        ),
        "forecasting.ForecastSubmission": ForecastSubmission.objects.create(
            user=owner,
            submitted_by=owner,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 4, 1),
            commit_minor=10,
            best_case_minor=20,
        ),
    }


@pytest.fixture
def sides(org):
    return build_side(org.rep, org.manager, "own"), build_side(
        org.peer_rep, org.peer_manager, "peer"
    )


# persona → (sees own side, sees peer side) for every model, except service agents.
EXPECTED = {
    "rep": (True, False),
    "rep2": (False, False),
    "manager": (True, False),
    "director": (True, True),
    "peer_manager": (False, True),
    "peer_rep": (False, True),
    "sales_ops": (True, True),
    "admin": (True, True),
    "executive": (True, True),
}


def test_the_matrix_covers_every_business_model(sides):
    own, _peer = sides
    assert sorted(own) == BUSINESS_MODELS


@pytest.mark.parametrize("persona", [*EXPECTED, "service_agent"])
def test_each_persona_sees_exactly_what_its_role_allows(org, sides, persona):
    # given
    own, peer = sides
    user = getattr(org, persona)
    wrong = []
    for label in BUSINESS_MODELS:
        # when
        model = apps.get_model(label)
        visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
        seen = (own[label].pk in visible, peer[label].pk in visible)
        # then
        if persona == "service_agent":
            expected = (True, True) if label in AGENT_SEES_ALL else (False, False)
        else:
            expected = EXPECTED[persona]
        if seen != expected:
            wrong.append(f"{label}: saw (own, peer) = {seen}, expected {expected}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_an_account_team_member_sees_the_account_and_everything_under_it(org, sides):
    # given: rep2 joins the team of the peer's account
    _own, peer = sides
    AccountTeamMember.objects.create(
        account=peer["accounts.Account"], user=org.rep2, role="account_manager"
    )
    # then
    for label in (
        "accounts.Account",
        "accounts.Contact",
        "pipeline.Opportunity",
        "orders.Invoice",
        "service.Case",
    ):
        model = apps.get_model(label)
        assert model.objects.visible_to(org.rep2).filter(pk=peer[label].pk).exists(), label
    # and the person-scoped records stay private
    assert not Quota.objects.visible_to(org.rep2).filter(pk=peer["planning.Quota"].pk).exists()


def test_an_inactive_user_sees_nothing(org, sides):
    org.sales_ops.is_active = False
    for label in BUSINESS_MODELS:
        assert not apps.get_model(label).objects.visible_to(org.sales_ops).exists(), label

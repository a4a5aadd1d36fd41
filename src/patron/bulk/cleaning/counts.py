"""Every entity read back, in the order `clean_step_counts` reports them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from patron.accounts.models import (
    Account,
    AccountCompetitor,
    AccountTeamMember,
    Competitor,
    Contact,
)
from patron.activities.models import Activity
from patron.bulk.cleaning import (
    accounts,
    activities,
    catalog,
    forecasting,
    orders,
    org,
    people,
    pipeline,
    planning,
    service,
)
from patron.bulk.cleaning.shared import CleanCount, Cleaner, checking_actor, count
from patron.catalog.models import Product, ProductFamily
from patron.core.cleaning import Cleaned
from patron.core.models import ExchangeRate
from patron.forecasting.choices import SubmissionKind
from patron.forecasting.models import ForecastSubmission
from patron.orders.models import Contract, Payment, SalesOrder
from patron.org.models import Team, Territory, TerritoryRule, User
from patron.people.models import (
    CoachingNote,
    SkillAssessment,
    TrainingAssignment,
    TrainingCourse,
)
from patron.pipeline.models import (
    Campaign,
    Lead,
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
    Pipeline,
    Stage,
)
from patron.planning.models import AccountPlan, AccountPlanAction, AccountPlanTarget, Quota
from patron.service.models import Case, SlaPolicy, SurveyResponse

# Cleans a batch of stored rows as the actor: (row id, what the clean step said).
Reader = Callable[[User, list[Any]], Iterable[tuple[int, Cleaned[Any]]]]


def entities() -> list[tuple[str, QuerySet[Any], Reader]]:
    """(entity, the stored rows read back, how a batch of them is cleaned)."""
    return [
        ("exchange_rates", ExchangeRate.objects.all(), org.exchange_rates),
        ("teams", Team.objects.all(), org.teams),
        ("users", org.created_users(), org.users),
        ("territories", Territory.objects.all(), org.territories),
        ("territory_rules", TerritoryRule.objects.all(), org.territory_rules),
        ("product_families", ProductFamily.objects.all(), catalog.product_families),
        ("products", Product.objects.all(), catalog.products),
        ("competitors", Competitor.objects.all(), accounts.competitors),
        ("pipelines", Pipeline.objects.all(), pipeline.pipelines),
        ("stages", Stage.objects.all(), pipeline.stages),
        ("sla_policies", SlaPolicy.objects.all(), service.sla_policies),
        ("training_courses", TrainingCourse.objects.all(), people.training_courses),
        ("campaigns", Campaign.objects.all(), pipeline.campaigns),
        ("accounts", Account.objects.all(), accounts.accounts),
        ("account_team_members", AccountTeamMember.objects.all(), accounts.account_team_members),
        ("contacts", Contact.objects.all(), accounts.contacts),
        ("account_competitors", AccountCompetitor.objects.all(), accounts.account_competitors),
        ("opportunities", Opportunity.objects.all(), pipeline.opportunities),
        (
            "opportunity_competitors",
            OpportunityCompetitor.objects.all(),
            pipeline.opportunity_competitors,
        ),
        ("contact_roles", OpportunityContactRole.objects.all(), pipeline.contact_roles),
        ("leads", Lead.objects.all(), pipeline.leads),
        ("contracts", Contract.objects.all(), orders.contracts),
        ("orders", SalesOrder.objects.all(), orders.orders),
        ("invoices", orders.issued_invoices(), orders.invoices),
        ("payments", Payment.objects.select_related("invoice"), orders.payments),
        ("cases", Case.objects.all(), service.cases),
        ("survey_responses", SurveyResponse.objects.all(), service.survey_responses),
        ("activities", Activity.objects.all(), activities.activities),
        ("account_plans", AccountPlan.objects.all(), planning.account_plans),
        (
            "account_plan_targets",
            AccountPlanTarget.objects.select_related("plan"),
            planning.account_plan_targets,
        ),
        ("account_plan_actions", AccountPlanAction.objects.all(), planning.account_plan_actions),
        ("quotas", Quota.objects.all(), planning.quotas),
        ("coaching_notes", CoachingNote.objects.all(), people.coaching_notes),
        ("training_assignments", TrainingAssignment.objects.all(), people.training_assignments),
        ("skill_assessments", SkillAssessment.objects.all(), people.skill_assessments),
        (
            "forecast_submissions",
            ForecastSubmission.objects.filter(kind=SubmissionKind.SUBMISSION),
            forecasting.forecast_submissions,
        ),
    ]


def clean_step_counts(*, actor: User | None = None, limit: int | None = None) -> list[CleanCount]:
    """Every stored row of each entity read back (the first `limit` of each when given)
    cleaned by its create's clean step; the counts per entity, in `entities()` order."""
    actor = actor or checking_actor()
    if actor is None:
        return []
    return [count(entity, rows, limit, _as(actor, read)) for entity, rows, read in entities()]


def _as(actor: User, read: Reader) -> Cleaner:
    return lambda batch: read(actor, batch)

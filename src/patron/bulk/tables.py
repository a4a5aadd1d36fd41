"""The columns a bulk load writes, table by table, parents before children.

Rows are plain tuples (millions of them: no model instances). Each table names its
columns explicitly; `check_columns` compares them with the model so a field added to a
model without being written fails loudly instead of being silently left out. Every
business table ends with the same four columns (STAMP): created_at, updated_at,
created_by_id and version. The demo generator and the importer build their row tuples
in these column orders; `ALL_TABLES` is also the order of every write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from patron.accounts.models import (
    Account,
    AccountCompetitor,
    AccountTeamMember,
    Competitor,
    Contact,
    Handoff,
)
from patron.activities.models import Activity
from patron.catalog.models import Product, ProductFamily
from patron.core.models import Counter, ExchangeRate
from patron.forecasting.models import ForecastSubmission
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder
from patron.org.models import Team, Territory, TerritoryRule, User
from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment, TrainingCourse
from patron.pipeline.models import (
    Campaign,
    Lead,
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityHistory,
    OpportunityLine,
    Pipeline,
    Quote,
    QuoteLine,
    Stage,
)
from patron.planning.models import (
    AccountPlan,
    AccountPlanAction,
    AccountPlanReview,
    AccountPlanTarget,
    Quota,
)
from patron.service.models import Case, SlaPolicy, SurveyResponse

STAMP = "created_at updated_at created_by_id version"


# Compared and hashed by identity: each table is declared once, and tables key the
# loaders' hot dictionaries (hashing the field tuple there would cost a second).
@dataclass(frozen=True, slots=True, eq=False)
class Table:
    model: type[models.Model]
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def __repr__(self) -> str:
        return f"Table({self.name})"


def _table(model: type[models.Model], columns: str, *, stamped: bool = True) -> Table:
    names = columns.split() + (STAMP.split() if stamped else [])
    return Table(model, tuple(names))


def check_columns(table: Table) -> None:
    """The declared columns are exactly the model's concrete columns."""
    expected = {field.column for field in table.model._meta.concrete_fields}
    declared = set(table.columns)
    if declared != expected or len(declared) != len(table.columns):
        missing = sorted(expected - declared)
        unknown = sorted(declared - expected)
        raise LookupError(f"{table.name}: columns missing {missing}, unknown {unknown}")


EXCHANGE_RATE = _table(ExchangeRate, "id currency valid_from rate", stamped=False)
COUNTER = _table(Counter, "key value", stamped=False)
TEAM = _table(Team, "id name parent_id manager_id")
USER = _table(
    User,
    "id password last_login is_superuser username first_name last_name email is_staff "
    "is_active date_joined role team_id manager_id title language time_zone hired_on version",
    stamped=False,
)
USER_GROUPS = _table(User.groups.through, "id user_id group_id", stamped=False)
TERRITORY = _table(Territory, "id name code parent_id owner_id")
TERRITORY_MEMBERS = _table(Territory.members.through, "id territory_id user_id", stamped=False)
TERRITORY_RULE = _table(
    TerritoryRule,
    "id territory_id priority country region industry segment min_employees max_employees",
)
PRODUCT_FAMILY = _table(ProductFamily, "id name code")
PRODUCT = _table(
    Product,
    "id name sku family_id description currency list_price_minor cost_minor billing_period "
    "is_active",
)
COMPETITOR = _table(Competitor, "id name website strengths weaknesses")
PIPELINE = _table(Pipeline, "id name is_default default_for_type")
PIPELINE_TEAMS = _table(Pipeline.default_for_teams.through, "id pipeline_id team_id", stamped=False)
STAGE = _table(Stage, "id pipeline_id name order probability category is_qualified")
SLA_POLICY = _table(SlaPolicy, "id name priority first_response_minutes resolution_minutes")
COURSE = _table(TrainingCourse, "id name description skill duration_hours")
CAMPAIGN = _table(
    Campaign, "id name channel starts_on ends_on currency cost_minor cost_base_minor owner_id"
)
ACCOUNT = _table(
    Account,
    "id name external_id parent_id industry segment employees website phone country region "
    "city territory_id owner_id lifecycle tier customer_since churned_on churn_reason",
)
ACCOUNT_TEAM = _table(AccountTeamMember, "id account_id user_id role")
HANDOFF = _table(Handoff, "id account_id from_user_id to_user_id handed_off_on note")
CONTACT = _table(
    Contact,
    "id account_id owner_id first_name last_name title email phone buying_role influence "
    "relationship_strength is_primary touch_every_days last_touched_at email_opt_in "
    "phone_opt_in consent_recorded_at is_active",
)
ACCOUNT_COMPETITOR = _table(AccountCompetitor, "id account_id competitor_id is_incumbent note")
LEAD = _table(
    Lead,
    "id first_name last_name company title email phone country source campaign_id owner_id "
    "status disqualify_reason first_responded_at qualified_at converted_at "
    "converted_account_id converted_contact_id converted_opportunity_id",
)
OPPORTUNITY = _table(
    Opportunity,
    "id name external_id account_id owner_id type pipeline_id stage_id status currency "
    "amount_minor amount_base_minor is_recurring contract_term_months opened_on close_date "
    "closed_at forecast_category next_step description lead_source campaign_id "
    "primary_competitor_id loss_reason loss_note win_reason",
)
OPPORTUNITY_LINE = _table(
    OpportunityLine,
    "id opportunity_id product_id quantity unit_price_minor discount_percent total_minor",
)
HISTORY = _table(
    OpportunityHistory,
    "id opportunity_id field old_value new_value changed_at changed_by_id",
    stamped=False,
)
OPPORTUNITY_COMPETITOR = _table(OpportunityCompetitor, "id opportunity_id competitor_id note")
CONTACT_ROLE = _table(OpportunityContactRole, "id opportunity_id contact_id role is_primary")
QUOTE = _table(
    Quote,
    "id opportunity_id number revision status currency issued_on valid_until discount_percent "
    "subtotal_minor tax_percent tax_minor total_minor terms approval_requested_at "
    "approved_by_id approved_at",
)
QUOTE_LINE = _table(
    QuoteLine,
    "id quote_id product_id description quantity unit_price_minor discount_percent total_minor",
)
CONTRACT = _table(
    Contract,
    "id account_id owner_id opportunity_id number status start_date end_date currency "
    "total_value_minor annual_value_minor total_value_base_minor auto_renew "
    "renewal_opportunity_id",
)
ORDER = _table(
    SalesOrder,
    "id account_id owner_id opportunity_id contract_id number status order_date currency "
    "total_minor total_base_minor confirmed_at fulfilled_at paid_on cancelled_at cancel_reason",
)
ORDER_LINE = _table(
    OrderLine,
    "id order_id product_id quantity unit_price_minor discount_percent total_minor "
    "total_base_minor",
)
INVOICE = _table(
    Invoice,
    "id order_id account_id number status issue_date due_date currency total_minor "
    "total_base_minor paid_minor paid_on",
)
PAYMENT = _table(Payment, "id invoice_id amount_minor amount_base_minor paid_on method reference")
CASE = _table(
    Case,
    "id number account_id contact_id owner_id department subject description priority "
    "category status opened_at first_response_due_at resolution_due_at first_response_at "
    "resolved_at closed_at reopen_count resolution",
)
SURVEY = _table(SurveyResponse, "id kind score account_id contact_id case_id responded_at comment")
ACTIVITY = _table(
    Activity,
    "id kind subject notes account_id opportunity_id case_id owner_id status starts_at "
    "duration_minutes due_at completed_at outcome",
)
ACTIVITY_CONTACTS = _table(Activity.contacts.through, "id activity_id contact_id", stamped=False)
PLAN = _table(
    AccountPlan,
    "id account_id fiscal_year owner_id status customer_needs goals challenges strategy "
    "relationship_objectives competitive_threats currency next_review_on",
)
PLAN_TARGET = _table(AccountPlanTarget, "id plan_id product_id target_minor")
PLAN_ACTION = _table(
    AccountPlanAction, "id plan_id description owner_id due_on status completed_on"
)
PLAN_REVIEW = _table(AccountPlanReview, "id plan_id reviewed_on reviewer_id notes")
QUOTA = _table(Quota, "id user_id team_id territory_id metric period_start period_end target")
COACHING = _table(CoachingNote, "id rep_id author_id kind given_on note opportunity_id activity_id")
ASSIGNMENT = _table(
    TrainingAssignment,
    "id course_id user_id assigned_by_id assigned_on due_on completed_on score",
)
SKILL = _table(SkillAssessment, "id user_id assessor_id skill score assessed_on note")
FORECAST = _table(
    ForecastSubmission,
    "id user_id team_id submitted_by_id kind period_start period_end commit_minor "
    "best_case_minor submitted_at note",
)

# Every table a bulk load fills, parents before children (the order of each write).
ALL_TABLES: tuple[Table, ...] = (
    EXCHANGE_RATE,
    TEAM,
    USER,
    USER_GROUPS,
    TERRITORY,
    TERRITORY_MEMBERS,
    TERRITORY_RULE,
    PRODUCT_FAMILY,
    PRODUCT,
    COMPETITOR,
    PIPELINE,
    PIPELINE_TEAMS,
    STAGE,
    SLA_POLICY,
    COURSE,
    CAMPAIGN,
    ACCOUNT,
    ACCOUNT_TEAM,
    HANDOFF,
    CONTACT,
    ACCOUNT_COMPETITOR,
    OPPORTUNITY,
    OPPORTUNITY_LINE,
    HISTORY,
    OPPORTUNITY_COMPETITOR,
    CONTACT_ROLE,
    QUOTE,
    QUOTE_LINE,
    LEAD,
    CONTRACT,
    ORDER,
    ORDER_LINE,
    INVOICE,
    PAYMENT,
    CASE,
    SURVEY,
    ACTIVITY,
    ACTIVITY_CONTACTS,
    PLAN,
    PLAN_TARGET,
    PLAN_ACTION,
    PLAN_REVIEW,
    QUOTA,
    COACHING,
    ASSIGNMENT,
    SKILL,
    FORECAST,
    COUNTER,
)

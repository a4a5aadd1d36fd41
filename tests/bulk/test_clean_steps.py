"""Stored demo rows read back through the create services' clean steps.

The tiny demo company is committed once for the module; each test runs in a transaction
that is rolled back, so a row corrupted by one test is whole again for the next.
"""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from typer.testing import CliRunner

import patron.cli.data  # noqa: F401  (registers the command)
from patron.accounts.models import Account
from patron.bulk.cleaning import Refusal, checking_actor, clean_step_counts
from patron.bulk.cleaning.counts import entities
from patron.cli import app
from patron.cli.data import ROW_NAMES
from patron.core.models import CompanySettings
from patron.orders.models import Invoice, SalesOrder
from patron.org.capabilities import Capability
from patron.org.choices import Role
from patron.org.models import User
from patron.org.policy import can
from patron.people.models import CoachingNote
from patron.pipeline.models import Opportunity
from patron.planning.models import Quota
from patron.service.choices import SurveyKind
from patron.service.models import Case, SurveyResponse

runner = CliRunner()
pytestmark = pytest.mark.django_db

# Every entity read back, in the order the counts are reported.
ENTITIES = [
    "exchange_rates",
    "teams",
    "users",
    "territories",
    "territory_rules",
    "product_families",
    "products",
    "competitors",
    "pipelines",
    "stages",
    "sla_policies",
    "training_courses",
    "campaigns",
    "accounts",
    "account_team_members",
    "contacts",
    "account_competitors",
    "opportunities",
    "opportunity_competitors",
    "contact_roles",
    "leads",
    "contracts",
    "orders",
    "invoices",
    "payments",
    "cases",
    "survey_responses",
    "activities",
    "account_plans",
    "account_plan_targets",
    "account_plan_actions",
    "quotas",
    "coaching_notes",
    "training_assignments",
    "skill_assessments",
    "forecast_submissions",
]


def _execute(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _refusals() -> dict[str, tuple[int, list[Refusal]]]:
    """entity → (rows refused, the first refusals) for the entities with a refusal."""
    return {c.entity: (c.refused, c.first) for c in clean_step_counts() if c.refused}


def test_every_stored_row_of_the_demo_company_passes_its_clean_step(tiny_company):
    # when
    counts = clean_step_counts()
    # then
    assert [(c.entity, c.refused, c.first) for c in counts] == [
        (entity, 0, []) for entity in ENTITIES
    ]
    stored = {entity: rows.count() for entity, rows, _clean in entities()}
    assert {c.entity: c.rows for c in counts} == stored
    assert all(c.rows > 0 for c in counts)


def test_every_entity_has_a_word_for_its_rows_in_check_data():
    # then
    assert set(ROW_NAMES) == set(ENTITIES)


def test_the_checking_actor_sees_everything_and_may_sell(tiny_company):
    # when
    actor = checking_actor()
    # then
    assert actor is not None
    assert actor.is_active
    assert can(actor, Capability.SEE_EVERYTHING)
    assert can(actor, Capability.SELL)


def test_a_limit_cleans_only_the_first_rows_of_each_entity(tiny_company):
    # when
    counts = clean_step_counts(limit=3)
    # then
    assert [c.rows for c in counts] == [3] * len(ENTITIES)


def test_an_account_with_an_unknown_country_is_refused_with_its_id_field_and_code(
    tiny_company,
):
    # given
    account = Account.objects.order_by("pk")[1]
    _execute(f"UPDATE {_table(Account)} SET country = 'ZZ' WHERE id = %s", [account.pk])  # noqa: S608
    # when
    counts = {c.entity: c for c in clean_step_counts()}
    # then
    assert counts["accounts"].refused == 1
    assert counts["accounts"].first == [Refusal(account.pk, "country", "unknown_country")]
    assert counts["contacts"].refused == 0


def test_a_deal_without_a_name_is_refused(tiny_company):
    # given
    deal = Opportunity.objects.order_by("pk")[0]
    _execute(f"UPDATE {_table(Opportunity)} SET name = '  ' WHERE id = %s", [deal.pk])  # noqa: S608
    # when
    counts = {c.entity: c for c in clean_step_counts()}
    # then
    assert counts["opportunities"].refused == 1
    assert counts["opportunities"].first == [Refusal(deal.pk, "name", "required")]


def test_a_case_without_a_subject_is_refused_with_its_id_field_and_code(tiny_company):
    # given
    case = Case.objects.order_by("pk")[2]
    _execute(f"UPDATE {_table(Case)} SET subject = '' WHERE id = %s", [case.pk])  # noqa: S608
    # when
    refusals = _refusals()
    # then
    assert refusals == {"cases": (1, [Refusal(case.pk, "subject", "required")])}


def test_people_who_have_left_since_were_active_when_their_rows_were_created(tiny_company):
    # given: every seller, manager and service agent has left
    roles = [Role.REP, Role.ACCOUNT_MANAGER, Role.SALES_MANAGER, Role.SERVICE_AGENT]
    left = list(User.objects.filter(role__in=roles).values_list("pk", flat=True))
    marks = ", ".join(["%s"] * len(left))
    _execute(f"UPDATE {_table(User)} SET is_active = %s WHERE id IN ({marks})", [False, *left])  # noqa: S608
    # when
    refusals = _refusals()
    # then
    assert refusals == {}


def test_a_second_csat_answer_for_a_case_is_refused_but_not_the_first(tiny_company):
    # given
    first = SurveyResponse.objects.filter(kind=SurveyKind.CSAT).order_by("pk")[0]
    table = _table(SurveyResponse)
    columns = (
        "kind, score, account_id, contact_id, case_id, responded_at, comment, "
        "created_at, updated_at, created_by_id, version"
    )
    _execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} WHERE id = %s",  # noqa: S608
        [first.pk],
    )
    second = SurveyResponse.objects.order_by("-pk")[0]
    # when
    refusals = _refusals()
    # then
    assert refusals == {"survey_responses": (1, [Refusal(second.pk, "case", "already_rated")])}


def test_a_quota_overlapping_an_earlier_one_of_its_holder_is_refused(tiny_company):
    # given: a copy of a seller's quota, ending a day after it starts
    quota = Quota.objects.filter(user__isnull=False).order_by("pk")[0]
    table = _table(Quota)
    _execute(
        f"INSERT INTO {table} (user_id, metric, period_start, period_end, target, "  # noqa: S608
        "created_at, updated_at, version) SELECT user_id, metric, period_start, %s, target, "
        f"created_at, updated_at, version FROM {table} WHERE id = %s",
        [quota.period_start.replace(day=2), quota.pk],
    )
    copy = Quota.objects.order_by("-pk")[0]
    # when
    refusals = _refusals()
    # then
    assert refusals == {"quotas": (1, [Refusal(copy.pk, "period_start", "overlapping_quota")])}


def test_an_invoice_billing_more_than_its_order_had_left_is_refused(tiny_company):
    # given: the order's first invoice bills a cent more than the whole order
    invoice = Invoice.objects.filter(paid_minor=0).order_by("pk")[0]
    order = SalesOrder.objects.get(pk=invoice.order_id)
    _execute(
        f"UPDATE {_table(Invoice)} SET total_minor = %s WHERE id = %s",  # noqa: S608
        [order.total_minor + 1, invoice.pk],
    )
    # when
    refusals = _refusals()
    # then
    assert refusals["invoices"][1][0] == Refusal(invoice.pk, "amount", "exceeds_uninvoiced")


def test_a_coaching_note_given_after_the_day_it_was_written_is_refused(tiny_company):
    # given
    note = CoachingNote.objects.order_by("pk")[0]
    written = timezone.localdate(note.created_at, timezone=CompanySettings.current().zone)
    _execute(
        f"UPDATE {_table(CoachingNote)} SET given_on = %s WHERE id = %s",  # noqa: S608
        [written + dt.timedelta(days=1), note.pk],
    )
    # when
    refusals = _refusals()
    # then
    assert refusals == {"coaching_notes": (1, [Refusal(note.pk, "given_on", "in_future")])}


def test_check_data_prints_the_clean_steps_and_fails_on_a_refused_row(tiny_company):
    # given
    account = Account.objects.order_by("pk")[0]
    case = Case.objects.order_by("pk")[0]
    _execute(f"UPDATE {_table(Account)} SET country = 'ZZ' WHERE id = %s", [account.pk])  # noqa: S608
    _execute(f"UPDATE {_table(Case)} SET subject = '' WHERE id = %s", [case.pk])  # noqa: S608
    # when
    result = runner.invoke(app, ["check-data"])
    # then
    assert result.exit_code == 1
    assert "clean step: accounts" in result.output
    assert "1 refused" in result.output
    assert f"account {account.pk}: country unknown_country" in result.output
    assert f"case {case.pk}: subject required" in result.output
    assert "clean step: contacts" in result.output
    assert "clean step: forecast_submissions" in result.output

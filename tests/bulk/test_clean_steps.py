"""Stored demo rows read back through the create services' clean steps.

The tiny demo company is committed once for the module; each test runs in a transaction
that is rolled back, so a row corrupted by one test is whole again for the next.
"""

import pytest
from django.db import connection
from typer.testing import CliRunner

import patron.cli.data  # noqa: F401  (registers the command)
from patron.accounts.models import Account, Contact
from patron.bulk.cleaning import Refusal, checking_actor, clean_step_counts
from patron.cli import app
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.pipeline.models import Lead, Opportunity

runner = CliRunner()
pytestmark = pytest.mark.django_db


def _execute(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_stored_row_of_the_demo_company_passes_its_clean_step(tiny_company):
    # when
    counts = clean_step_counts()
    # then
    assert [(c.entity, c.refused, c.first) for c in counts] == [
        ("accounts", 0, []),
        ("contacts", 0, []),
        ("leads", 0, []),
        ("opportunities", 0, []),
    ]
    assert [c.rows for c in counts] == [
        Account.objects.count(),
        Contact.objects.count(),
        Lead.objects.count(),
        Opportunity.objects.count(),
    ]
    assert all(c.rows > 0 for c in counts)


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
    assert [c.rows for c in counts] == [3, 3, 3, 3]


def test_an_account_with_an_unknown_country_is_refused_with_its_id_field_and_code(
    tiny_company,
):
    # given
    account = Account.objects.order_by("pk")[1]
    table = connection.ops.quote_name(Account._meta.db_table)
    _execute(f"UPDATE {table} SET country = 'ZZ' WHERE id = %s", [account.pk])  # noqa: S608
    # when
    counts = {c.entity: c for c in clean_step_counts()}
    # then
    assert counts["accounts"].refused == 1
    assert counts["accounts"].first == [Refusal(account.pk, "country", "unknown_country")]
    assert counts["contacts"].refused == 0


def test_a_deal_without_a_name_is_refused(tiny_company):
    # given
    deal = Opportunity.objects.order_by("pk")[0]
    table = connection.ops.quote_name(Opportunity._meta.db_table)
    _execute(f"UPDATE {table} SET name = '  ' WHERE id = %s", [deal.pk])  # noqa: S608
    # when
    counts = {c.entity: c for c in clean_step_counts()}
    # then
    assert counts["opportunities"].refused == 1
    assert counts["opportunities"].first == [Refusal(deal.pk, "name", "required")]


def test_check_data_prints_the_clean_steps_and_fails_on_a_refused_row(tiny_company):
    # given
    account = Account.objects.order_by("pk")[0]
    table = connection.ops.quote_name(Account._meta.db_table)
    _execute(f"UPDATE {table} SET country = 'ZZ' WHERE id = %s", [account.pk])  # noqa: S608
    # when
    result = runner.invoke(app, ["check-data"])
    # then
    assert result.exit_code == 1
    assert "clean step: accounts" in result.output
    assert "1 refused" in result.output
    assert f"account {account.pk}: country unknown_country" in result.output
    assert "clean step: contacts" in result.output

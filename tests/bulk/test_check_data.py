"""`patron check-data`: every rule with its count, and a non-zero exit naming a broken one.

The tiny demo company is committed once for the module; each test runs in a transaction
that is rolled back, so a row corrupted by one test is whole again for the next.
"""

import pytest
from django.db import connection
from typer.testing import CliRunner

import patron.cli.data  # noqa: F401  (registers the command)
from patron.bulk.invariants import RULES, check_all, count_all
from patron.cli import app
from patron.orders.models import Invoice
from patron.pipeline.models import Opportunity

runner = CliRunner()
pytestmark = pytest.mark.django_db


def _lines_by_check(output: str) -> dict[str, tuple[str, str]]:
    """check name → (status, rows) from the lines the command prints."""
    found = {}
    for line in output.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] in ("ok", "BROKEN"):
            found[words[1]] = (words[0], words[2])
    return found


def _execute(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_on_demo_data_every_rule_holds_and_each_is_printed(tiny_company):
    # when
    result = runner.invoke(app, ["check-data"])
    # then
    assert result.exit_code == 0, result.output
    printed = _lines_by_check(result.output)
    checks = [count.check for count in count_all()]
    assert list(printed) == checks
    assert {rule.check for rule in RULES} <= set(printed)
    assert "invoice_numbers_gapless" in printed
    assert "opportunity_base_at_close_date" in printed
    assert set(printed.values()) == {("ok", "0")}
    assert f"All {len(checks)} rules hold." in result.output


def test_an_invoice_whose_payments_disagree_fails_the_check_naming_the_rule(tiny_company):
    # given: a partly paid invoice records a cent less than its payments add up to (the
    # database's own constraints refuse an over-paid invoice outright)
    invoice = Invoice.objects.filter(status="partially_paid", paid_minor__gt=1).order_by("pk")[0]
    table = connection.ops.quote_name(Invoice._meta.db_table)
    _execute(f"UPDATE {table} SET paid_minor = paid_minor - 1 WHERE id = %s", [invoice.pk])  # noqa: S608
    # when
    result = runner.invoke(app, ["check-data"])
    # then
    assert result.exit_code == 1
    printed = _lines_by_check(result.output)
    broken = {check: rows for check, (status, rows) in printed.items() if status == "BROKEN"}
    assert broken == {"payments_add_up": "1"}
    assert "1 of" in result.output
    assert "rules broken: payments_add_up." in result.output


def test_a_deal_whose_status_disagrees_with_its_stage_fails_the_check(tiny_company):
    # given: a lost deal marked won, its stage still the lost stage
    deal = Opportunity.objects.filter(status="lost").order_by("pk").first()
    table = connection.ops.quote_name(Opportunity._meta.db_table)
    _execute(f"UPDATE {table} SET status = 'won' WHERE id = %s", [deal.pk])  # noqa: S608
    # when
    result = runner.invoke(app, ["check-data"])
    # then
    assert result.exit_code == 1
    printed = _lines_by_check(result.output)
    assert printed["status_mirrors_stage"] == ("BROKEN", "1")
    assert printed["history_replays_to_current"] == ("BROKEN", "1")
    assert printed["payments_add_up"] == ("ok", "0")


def test_check_all_returns_only_the_broken_rules_with_their_counts(tiny_company):
    # given
    deal = Opportunity.objects.filter(status="lost").order_by("pk").first()
    table = connection.ops.quote_name(Opportunity._meta.db_table)
    _execute(f"UPDATE {table} SET status = 'won' WHERE id = %s", [deal.pk])  # noqa: S608
    # when
    violations = check_all()
    # then
    assert {(violation.check, violation.rows) for violation in violations} == {
        ("status_mirrors_stage", 1),
        ("history_replays_to_current", 1),
    }

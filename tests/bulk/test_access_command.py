"""`patron access`: the access tables compared with the visibility rule, and rebuilt.

On the tiny demo company (the generator rebuilds the tables after its load), each test
in a transaction rolled back afterwards.
"""

import pytest
from typer.testing import CliRunner

import patron.cli.access  # noqa: F401  (registers the command)
from patron.accounts.models import AccountAccess
from patron.cli import app
from patron.org.models import Reach
from patron.pipeline.models import OpportunityAccess

runner = CliRunner()
pytestmark = pytest.mark.django_db


def _status(output: str) -> dict[str, tuple[str, int, int]]:
    """table → (status, missing, extra) from the lines the command prints."""
    found = {}
    for line in output.splitlines():
        if line.startswith(("ok", "DIFFERENT")):
            status, rest = line.split(None, 1)
            table, counts = rest.split("  ", 1)
            numbers = [int(word.replace(",", "")) for word in counts.split() if word[0].isdigit()]
            found[table.strip()] = (status, numbers[0], numbers[1])
    return found


def test_on_demo_data_every_table_equals_the_rule(tiny_company):
    # when
    result = runner.invoke(app, ["access"])
    # then
    assert result.exit_code == 0, result.output
    assert _status(result.output) == {
        "reporting lines": ("ok", 0, 0),
        "account access": ("ok", 0, 0),
        "opportunity access": ("ok", 0, 0),
    }
    assert Reach.objects.exists()
    assert AccountAccess.objects.exists()
    assert OpportunityAccess.objects.exists()


def test_a_lost_row_is_reported_and_the_rebuild_restores_it(tiny_company):
    # given: one deal access row lost (a delete outside any service)
    lost = OpportunityAccess.objects.order_by("pk").first()
    rows = OpportunityAccess.objects.count()
    lost.delete()
    # when
    checked = runner.invoke(app, ["access"])
    # then: the check names the table, the count and the row, and fails
    assert checked.exit_code == 1
    assert _status(checked.output)["opportunity access"] == ("DIFFERENT", 1, 0)
    assert f"viewer {lost.viewer_id} → {lost.opportunity_id}" in checked.output
    # and the rebuild writes exactly the rule's rows again
    rebuilt = runner.invoke(app, ["access", "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert f"{rows:,} opportunity access rows" in rebuilt.output
    assert OpportunityAccess.objects.count() == rows
    assert _status(rebuilt.output)["opportunity access"] == ("ok", 0, 0)

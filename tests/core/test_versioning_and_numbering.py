import pytest
from django.db import transaction

from patron.core.errors import StaleVersion
from patron.core.models import update_versioned
from patron.core.numbering import next_number, next_value
from patron.org.models import Team

pytestmark = pytest.mark.django_db


def test_an_update_with_the_current_version_is_written_and_bumps_the_version():
    team = Team.objects.create(name="North")
    team.name = "North-East"
    update_versioned(team, expected_version=1, fields=["name"])
    stored = Team.objects.get(pk=team.pk)
    assert (stored.name, stored.version, team.version) == ("North-East", 2, 2)


def test_a_stale_update_changes_nothing_and_reports_the_current_version():
    team = Team.objects.create(name="North")
    first, second = Team.objects.get(pk=team.pk), Team.objects.get(pk=team.pk)
    first.name = "First"
    update_versioned(first, expected_version=1, fields=["name"])
    second.name = "Second"
    with pytest.raises(StaleVersion) as caught:
        update_versioned(second, expected_version=1, fields=["name"])
    assert caught.value.current_version == 2
    assert caught.value.field == "version"
    assert Team.objects.get(pk=team.pk).name == "First"


def test_numbers_are_consecutive_and_a_rollback_gives_the_number_back():
    with transaction.atomic():
        assert next_number("INV", 2026) == "INV-2026-000001"
    taken = []

    def issue_then_fail() -> None:
        with transaction.atomic():
            taken.append(next_number("INV", 2026))
            raise RuntimeError("the invoice failed")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    assert taken == ["INV-2026-000002"]
    with transaction.atomic():
        assert next_number("INV", 2026) == "INV-2026-000002"
        assert next_number("SO", 2026) == "SO-2026-000001"


def test_a_number_outside_a_transaction_is_refused():
    # pytest-django wraps tests in a transaction; leave it to call as a caller would
    # without one.
    connection = transaction.get_connection()
    in_block = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the transaction"):
            next_value("X")
    finally:
        connection.in_atomic_block = in_block

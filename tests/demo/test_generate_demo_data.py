"""Generating demo data: deterministic, refused on a database with data, replaceable,
and every invariant checked (and the check itself catches a broken rule)."""

import datetime as dt

import pytest

from patron.accounts.models import Account
from patron.bulk.checksums import table_checksums
from patron.bulk.invariants import check_all
from patron.bulk.tables import ALL_TABLES
from patron.demo.generator import DatabaseNotEmpty, generate
from patron.demo.story_rules import STORY_RULES
from patron.org.models import User
from patron.pipeline.models import Opportunity
from tests.demo.conftest import SEED, TODAY
from tests.factories.org import UserFactory

pytestmark = pytest.mark.django_db


def test_the_same_seed_and_day_give_identical_rows_and_another_seed_does_not():
    # given
    generate(scale="tiny", seed=SEED, today=TODAY)
    first = table_checksums()
    # when
    generate(scale="tiny", seed=SEED, today=TODAY, replace=True)
    again = table_checksums()
    generate(scale="tiny", seed=SEED + 1, today=TODAY, replace=True)
    other_seed = table_checksums()
    generate(scale="tiny", seed=SEED, today=TODAY + dt.timedelta(days=1), replace=True)
    other_day = table_checksums()
    # then
    assert again == first
    assert other_seed[Opportunity._meta.db_table] != first[Opportunity._meta.db_table]
    assert other_day[Opportunity._meta.db_table] != first[Opportunity._meta.db_table]


def test_every_table_gets_rows():
    # when
    generated = generate(scale="tiny", seed=SEED, today=TODAY)
    # then
    assert sorted(generated.rows) == sorted(table.name for table in ALL_TABLES)
    assert all(count > 0 for count in generated.rows.values())
    assert Account.objects.count() == 40


def test_a_database_with_business_data_is_refused_and_left_unchanged():
    # given
    generate(scale="tiny", seed=SEED, today=TODAY)
    before = table_checksums()
    # when
    with pytest.raises(DatabaseNotEmpty, match="--replace"):
        generate(scale="tiny", seed=SEED + 1, today=TODAY)
    # then
    assert table_checksums() == before


def test_an_operators_superuser_is_not_business_data_and_is_kept():
    # given
    admin = UserFactory(username="operator", is_superuser=True, is_staff=True)
    # when
    generate(scale="tiny", seed=SEED, today=TODAY)
    # then
    assert User.objects.filter(pk=admin.pk).exists()
    assert User.objects.filter(role="rep").exists()


def test_replace_deletes_every_business_row_before_generating():
    # given
    generate(scale="tiny", seed=SEED, today=TODAY)
    UserFactory(username="someone-real")
    # when
    generate(scale="tiny", seed=SEED, today=TODAY, replace=True)
    # then
    assert not User.objects.filter(username="someone-real").exists()
    assert Account.objects.count() == 40


def test_the_generated_data_keeps_every_invariant():
    # given
    generate(scale="tiny", seed=SEED, today=TODAY)
    # when
    violations = check_all(extra=STORY_RULES)
    # then
    assert violations == []


def test_the_invariant_check_reports_a_broken_rule():
    # given
    generate(scale="tiny", seed=SEED, today=TODAY)
    deal = Opportunity.objects.filter(status="won", currency="USD").order_by("pk").first()
    Opportunity.objects.filter(pk=deal.pk).update(amount_minor=deal.amount_minor + 1)
    # when
    violations = {violation.check: violation.rows for violation in check_all(extra=STORY_RULES)}
    # then
    assert violations == {
        "history_replays_to_current": 1,
        "opportunity_lines_add_up": 1,
        "opportunity_base_at_close_date": 1,
    }

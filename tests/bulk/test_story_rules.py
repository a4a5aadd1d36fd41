"""The demo's story rules are checked only when asked for: real data need not keep them."""

import pytest
from django.db import connection

from patron.accounts.models import Contact
from patron.bulk.invariants import check_all
from patron.demo.story_rules import STORY_RULES

pytestmark = pytest.mark.django_db


def test_an_account_without_a_primary_contact_breaks_only_the_demo_story(tiny_company):
    # given: an account's primary contact is no longer primary (the services allow it)
    contact = Contact.objects.filter(is_primary=True).order_by("pk").first()
    table = connection.ops.quote_name(Contact._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET is_primary = %s WHERE id = %s", [False, contact.pk])  # noqa: S608
    # when
    any_data = check_all()
    demo_data = check_all(extra=STORY_RULES)
    # then
    assert any_data == []
    assert [(violation.check, violation.rows) for violation in demo_data] == [
        ("one_primary_contact", 1)
    ]


def test_story_rules_do_not_repeat_a_rule_every_load_keeps():
    # given
    from patron.bulk.invariants import RULES

    # then
    assert not {rule.check for rule in RULES} & {rule.check for rule in STORY_RULES}

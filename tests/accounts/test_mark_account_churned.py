import datetime as dt

import pytest

from patron.accounts.choices import Lifecycle
from patron.accounts.services.accounts import update_account
from patron.accounts.services.lifecycle import mark_account_churned
from patron.core.errors import RuleViolation, StaleVersion
from tests.accounts.conftest import CUSTOMER_SINCE, WRITE_REFUSALS, audit_trail, refused
from tests.factories.accounts import AccountFactory


def test_a_customer_churns_on_a_date_for_a_reason(org, customer):
    churned = mark_account_churned(
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        churned_on=dt.date(2026, 2, 28),
        reason="competitor",
    )
    churned.refresh_from_db()
    assert (churned.lifecycle, churned.churned_on, churned.churn_reason, churned.version) == (
        Lifecycle.CHURNED,
        dt.date(2026, 2, 28),
        "competitor",
        2,
    )
    assert churned.customer_since == CUSTOMER_SINCE
    assert audit_trail(customer) == [
        (
            "churn",
            {
                "lifecycle": ["customer", "churned"],
                "churned_on": [None, "2026-02-28"],
                "churn_reason": ["", "competitor"],
            },
            org.rep.pk,
            "mark_account_churned",
        )
    ]


def test_a_customer_may_churn_on_the_day_it_became_one(org, customer):
    churned = mark_account_churned(
        actor=org.rep, account_id=customer.pk, version=1, churned_on=CUSTOMER_SINCE, reason="other"
    )
    assert churned.churned_on == CUSTOMER_SINCE


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"churned_on": dt.date(2025, 5, 31)}, "churned_on", "before_customer_since"),
        ({"churned_on": dt.date(2026, 3, 11)}, "churned_on", "in_future"),
        ({"reason": ""}, "reason", "required"),
        ({"reason": "mood"}, "reason", "unknown_choice"),
    ],
)
def test_invalid_churns_are_refused_by_field(org, customer, changes, field, code):
    arguments = {"churned_on": dt.date(2026, 2, 28), "reason": "price", **changes}
    error = refused(
        RuleViolation,
        mark_account_churned,
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        **arguments,
    )
    assert (error.field, error.code) == (field, code)


@pytest.mark.parametrize("lifecycle", [Lifecycle.PROSPECT, Lifecycle.PARTNER])
def test_only_a_customer_churns(org, lifecycle):
    account = AccountFactory(owner=org.rep, lifecycle=lifecycle)
    error = refused(
        RuleViolation,
        mark_account_churned,
        actor=org.rep,
        account_id=account.pk,
        version=1,
        churned_on=dt.date(2026, 2, 28),
        reason="price",
    )
    assert (error.field, error.code) == ("lifecycle", "not_a_customer")


def test_a_churned_account_does_not_churn_again(org, customer):
    mark_account_churned(
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        churned_on=dt.date(2026, 2, 28),
        reason="price",
    )
    error = refused(
        RuleViolation,
        mark_account_churned,
        actor=org.rep,
        account_id=customer.pk,
        version=2,
        churned_on=dt.date(2026, 3, 1),
        reason="price",
    )
    assert (error.field, error.code) == ("lifecycle", "not_a_customer")


def test_a_stale_version_is_refused(org, customer):
    update_account(actor=org.rep, account_id=customer.pk, version=1, tier="A")
    refused(
        StaleVersion,
        mark_account_churned,
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        churned_on=dt.date(2026, 2, 28),
        reason="price",
    )


@WRITE_REFUSALS
def test_only_people_who_may_change_the_account_record_churn(org, customer, persona, error_type):
    refused(
        error_type,
        mark_account_churned,
        actor=getattr(org, persona),
        account_id=customer.pk,
        version=1,
        churned_on=dt.date(2026, 2, 28),
        reason="price",
    )

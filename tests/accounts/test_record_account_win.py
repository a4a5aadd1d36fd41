import datetime as dt

import pytest

from patron.accounts.choices import Lifecycle
from patron.accounts.services.lifecycle import record_account_win
from tests.accounts.conftest import audit_trail
from tests.factories.accounts import AccountFactory


@pytest.mark.parametrize(
    ("lifecycle", "since", "won_on", "expected"),
    [
        # a prospect becomes a customer from the win date
        (Lifecycle.PROSPECT, None, dt.date(2026, 3, 5), ("customer", dt.date(2026, 3, 5), 2)),
        # an earlier (back-dated) win moves customer_since back to the first win
        (
            Lifecycle.CUSTOMER,
            dt.date(2026, 3, 5),
            dt.date(2025, 11, 30),
            ("customer", dt.date(2025, 11, 30), 2),
        ),
        # a later win changes nothing, not even the version
        (
            Lifecycle.CUSTOMER,
            dt.date(2025, 11, 30),
            dt.date(2026, 3, 5),
            ("customer", dt.date(2025, 11, 30), 1),
        ),
        # partners stay partners
        (Lifecycle.PARTNER, None, dt.date(2026, 3, 5), ("partner", None, 1)),
    ],
)
def test_a_win_starts_or_backdates_the_customer_relationship(
    org, lifecycle, since, won_on, expected
):
    account = AccountFactory(owner=org.rep, lifecycle=lifecycle, customer_since=since)
    record_account_win(actor=org.rep, account_id=account.pk, won_on=won_on)
    account.refresh_from_db()
    assert (account.lifecycle, account.customer_since, account.version) == expected


def test_a_churned_account_is_won_back_by_a_person_not_by_the_win(org):
    account = AccountFactory(
        owner=org.rep,
        lifecycle=Lifecycle.CHURNED,
        customer_since=dt.date(2024, 1, 1),
        churned_on=dt.date(2025, 6, 30),
        churn_reason="price",
    )
    record_account_win(actor=org.rep, account_id=account.pk, won_on=dt.date(2026, 3, 5))
    account.refresh_from_db()
    assert (account.lifecycle, account.churned_on, account.version) == (
        "churned",
        dt.date(2025, 6, 30),
        1,
    )


def test_the_win_is_in_the_trail_with_the_person_who_won_the_deal(org):
    # given
    account = AccountFactory(owner=org.rep2, lifecycle=Lifecycle.PROSPECT)
    # when
    record_account_win(actor=org.rep, account_id=account.pk, won_on=dt.date(2026, 3, 5))
    # then
    assert audit_trail(account) == [
        (
            "win",
            {"lifecycle": ["prospect", "customer"], "customer_since": [None, "2026-03-05"]},
            org.rep.pk,
            "record_account_win",
        )
    ]


def test_a_win_that_changes_nothing_leaves_no_event(org):
    account = AccountFactory(owner=org.rep, lifecycle=Lifecycle.PARTNER)
    record_account_win(actor=org.rep, account_id=account.pk, won_on=dt.date(2026, 3, 5))
    assert audit_trail(account) == []

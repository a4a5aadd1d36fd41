import datetime as dt

import pytest

from patron.accounts.choices import Lifecycle
from patron.accounts.services.accounts import update_account
from patron.accounts.services.lifecycle import mark_account_churned
from patron.core.errors import NotVisible, RuleViolation, StaleVersion
from tests.accounts.conftest import CUSTOMER_SINCE, WRITE_REFUSALS, audit_trail, refused
from tests.factories.accounts import AccountFactory
from tests.factories.org import TerritoryFactory


def test_details_change_and_what_is_left_out_stays(org, customer):
    # given
    territory = TerritoryFactory()
    # when
    updated = update_account(
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        name=" SCG Cement ",
        employees=1_200,
        country="ph",
        territory_id=territory.pk,
        tier="B",
    )
    # then
    updated.refresh_from_db()
    assert (updated.name, updated.employees, updated.country, updated.territory) == (
        "SCG Cement",
        1_200,
        "PH",
        territory,
    )
    assert (updated.tier, updated.lifecycle, updated.customer_since, updated.owner) == (
        "B",
        Lifecycle.CUSTOMER,
        CUSTOMER_SINCE,
        org.rep,
    )
    assert updated.version == 2
    assert audit_trail(customer) == [
        (
            "update",
            {
                "name": ["Siam Cement", "SCG Cement"],
                "employees": [None, 1_200],
                "country": ["TH", "PH"],
                "territory": [None, territory.pk],
                "tier": ["", "B"],
            },
            org.rep.pk,
            "update_account",
        )
    ]


def test_none_clears_a_parent_a_territory_and_the_employee_count(org, customer):
    customer.parent = AccountFactory(owner=org.rep)
    customer.territory = TerritoryFactory()
    customer.employees = 10
    customer.save()
    updated = update_account(
        actor=org.manager,
        account_id=customer.pk,
        version=1,
        parent_id=None,
        territory_id=None,
        employees=None,
    )
    updated.refresh_from_db()
    assert (updated.parent, updated.territory, updated.employees) == (None, None, None)


def test_an_account_cannot_sit_under_its_own_subsidiary(org, customer):
    subsidiary = AccountFactory(owner=org.rep, parent=customer)
    grandchild = AccountFactory(owner=org.rep, parent=subsidiary)
    for parent in (customer, grandchild):
        error = refused(
            RuleViolation,
            update_account,
            actor=org.rep,
            account_id=customer.pk,
            version=1,
            parent_id=parent.pk,
        )
        assert (error.field, error.code) == ("parent", "parent_cycle")


def test_an_invisible_parent_does_not_exist_for_the_actor(org, customer):
    hidden = AccountFactory(owner=org.peer_rep)
    refused(
        NotVisible,
        update_account,
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        parent_id=hidden.pk,
    )


def test_a_prospect_becomes_a_customer_with_its_date_and_back(org):
    prospect = AccountFactory(owner=org.rep)
    made = update_account(
        actor=org.rep,
        account_id=prospect.pk,
        version=1,
        lifecycle="customer",
        customer_since=dt.date(2026, 1, 15),
    )
    assert (made.lifecycle, made.customer_since) == ("customer", dt.date(2026, 1, 15))
    back = update_account(actor=org.rep, account_id=prospect.pk, version=2, lifecycle="prospect")
    back.refresh_from_db()
    assert (back.lifecycle, back.customer_since) == ("prospect", None)


def test_a_won_back_customer_loses_the_old_churn_record(org, customer):
    mark_account_churned(
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        churned_on=dt.date(2026, 1, 31),
        reason="price",
    )
    back = update_account(
        actor=org.rep,
        account_id=customer.pk,
        version=2,
        lifecycle="customer",
        customer_since=dt.date(2026, 3, 1),
    )
    back.refresh_from_db()
    assert (back.lifecycle, back.customer_since, back.churned_on, back.churn_reason) == (
        "customer",
        dt.date(2026, 3, 1),
        None,
        "",
    )


def test_a_churned_accounts_start_date_is_corrected_but_not_past_the_churn(org, customer):
    mark_account_churned(
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        churned_on=dt.date(2026, 1, 31),
        reason="price",
    )
    fixed = update_account(
        actor=org.rep, account_id=customer.pk, version=2, customer_since=dt.date(2025, 5, 1)
    )
    assert (fixed.lifecycle, fixed.customer_since) == ("churned", dt.date(2025, 5, 1))
    error = refused(
        RuleViolation,
        update_account,
        actor=org.rep,
        account_id=customer.pk,
        version=3,
        customer_since=dt.date(2026, 2, 1),
    )
    assert (error.field, error.code) == ("customer_since", "before_customer_since")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"tier": "Z"}, "tier", "unknown_choice"),
        ({"country": "Thailand"}, "country", "unknown_country"),
        ({"territory_id": 999_999}, "territory", "unknown_territory"),
        ({"lifecycle": "churned"}, "lifecycle", "use_churn"),
        ({"customer_since": None}, "customer_since", "customer_since_required"),
        ({"customer_since": dt.date(2026, 3, 11)}, "customer_since", "in_future"),
    ],
)
def test_invalid_values_are_refused_by_field(org, customer, changes, field, code):
    error = refused(
        RuleViolation, update_account, actor=org.rep, account_id=customer.pk, version=1, **changes
    )
    assert (error.field, error.code) == (field, code)


def test_a_stale_version_is_refused(org, customer):
    update_account(actor=org.rep, account_id=customer.pk, version=1, phone="+66 2 000 0000")
    error = refused(
        StaleVersion, update_account, actor=org.manager, account_id=customer.pk, version=1, tier="A"
    )
    assert error.current_version == 2


@WRITE_REFUSALS
def test_only_people_who_may_change_the_account_update_it(org, customer, persona, error_type):
    refused(
        error_type,
        update_account,
        actor=getattr(org, persona),
        account_id=customer.pk,
        version=1,
        tier="A",
    )

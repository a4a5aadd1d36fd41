import datetime as dt

import pytest

from patron.accounts.choices import Lifecycle
from patron.accounts.services.accounts import create_account
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from tests.accounts.conftest import NOW, audit_trail, refused
from tests.factories.accounts import AccountFactory
from tests.factories.org import TerritoryFactory


def test_a_rep_creates_a_prospect_they_own(org):
    # given
    parent = AccountFactory(owner=org.rep, name="SCG Group")
    territory = TerritoryFactory(name="Bangkok")
    # when
    account = create_account(
        actor=org.rep,
        name="  Siam Cement ",
        parent_id=parent.pk,
        industry="manufacturing",
        segment="enterprise",
        employees=54_000,
        website="scg.example",
        phone="+66 2 586 3333",
        country="th",
        region="Bangkok",
        city="Bang Sue",
        territory_id=territory.pk,
        tier="A",
    )
    # then
    account.refresh_from_db()
    assert (account.name, account.parent, account.owner, account.created_by) == (
        "Siam Cement",
        parent,
        org.rep,
        org.rep,
    )
    assert (account.industry, account.segment, account.employees, account.tier) == (
        "manufacturing",
        "enterprise",
        54_000,
        "A",
    )
    assert (account.website, account.phone, account.country, account.region, account.city) == (
        "scg.example",
        "+66 2 586 3333",
        "TH",
        "Bangkok",
        "Bang Sue",
    )
    assert (account.territory, account.lifecycle, account.customer_since) == (
        territory,
        Lifecycle.PROSPECT,
        None,
    )
    assert (account.created_at, account.version) == (NOW, 1)
    assert audit_trail(account) == [
        (
            "create",
            {
                "name": [None, "Siam Cement"],
                "parent": [None, parent.pk],
                "industry": [None, "manufacturing"],
                "segment": [None, "enterprise"],
                "employees": [None, 54_000],
                "website": [None, "scg.example"],
                "phone": [None, "+66 2 586 3333"],
                "country": [None, "TH"],
                "region": [None, "Bangkok"],
                "city": [None, "Bang Sue"],
                "territory": [None, territory.pk],
                "owner": [None, org.rep.pk],
                "lifecycle": [None, "prospect"],
                "tier": [None, "A"],
            },
            org.rep.pk,
            "create_account",
        )
    ]


def test_a_customer_brought_from_another_system_keeps_its_start_date(org):
    account = create_account(
        actor=org.sales_ops,
        name="Ayala Land",
        owner_id=org.account_manager.pk,
        lifecycle=Lifecycle.CUSTOMER,
        customer_since=dt.date(2019, 4, 1),
        external_id="0015g00000ABC",
    )
    assert (account.owner, account.lifecycle, account.customer_since, account.external_id) == (
        org.account_manager,
        "customer",
        dt.date(2019, 4, 1),
        "0015g00000ABC",
    )


def test_a_partner_is_created_without_a_customer_date(org):
    account = create_account(
        actor=org.rep, name="Reseller", lifecycle="partner", customer_since=dt.date(2020, 1, 1)
    )
    assert (account.lifecycle, account.customer_since) == ("partner", None)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"phone": "1" * 41}, "phone", "too_long"),
        ({"industry": "mining"}, "industry", "unknown_choice"),
        ({"segment": "huge"}, "segment", "unknown_choice"),
        ({"tier": "D"}, "tier", "unknown_choice"),
        ({"employees": -1}, "employees", "out_of_range"),
        ({"employees": 2_147_483_648}, "employees", "out_of_range"),
        ({"country": "ZZ"}, "country", "unknown_country"),
        ({"territory_id": 999_999}, "territory", "unknown_territory"),
        ({"lifecycle": "churned"}, "lifecycle", "use_churn"),
        ({"lifecycle": "lead"}, "lifecycle", "unknown_choice"),
        ({"lifecycle": "customer"}, "customer_since", "customer_since_required"),
        (
            {"lifecycle": "customer", "customer_since": dt.date(2026, 3, 11)},
            "customer_since",
            "in_future",
        ),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
    ],
)
def test_invalid_values_are_refused_by_field(org, changes, field, code):
    error = refused(RuleViolation, create_account, **{"actor": org.rep, "name": "ACME", **changes})
    assert (error.field, error.code) == (field, code)


def test_a_duplicate_external_id_is_refused(org):
    create_account(actor=org.rep, name="A", external_id="X-1")
    error = refused(RuleViolation, create_account, actor=org.rep, name="B", external_id="X-1")
    assert (error.field, error.code) == ("external_id", "duplicate_external_id")


@pytest.mark.parametrize("persona", ["service_agent", "executive"])
def test_people_who_cannot_own_accounts_are_refused_as_owners(org, persona):
    error = refused(
        RuleViolation,
        create_account,
        actor=org.sales_ops,
        name="ACME",
        owner_id=getattr(org, persona).pk,
    )
    assert (error.field, error.code) == ("owner", "cannot_own")


def test_a_parent_the_actor_cannot_see_does_not_exist_for_them(org):
    hidden = AccountFactory(owner=org.peer_rep)
    refused(NotVisible, create_account, actor=org.rep, name="ACME", parent_id=hidden.pk)


@pytest.mark.parametrize(
    ("actor", "owner"), [("rep", "rep2"), ("executive", None), ("service_agent", None)]
)
def test_people_who_may_not_create_for_that_owner_are_forbidden(org, actor, owner):
    refused(
        Forbidden,
        create_account,
        actor=getattr(org, actor),
        name="ACME",
        owner_id=getattr(org, owner).pk if owner else None,
    )

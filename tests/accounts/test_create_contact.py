import pytest

from patron.accounts.services.contacts import create_contact
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from tests.accounts.conftest import NOW, audit_trail, refused
from tests.factories.accounts import ContactFactory


def test_an_account_manager_on_the_team_maps_a_contact(org, customer):
    contact = create_contact(
        actor=org.account_manager,
        account_id=customer.pk,
        first_name=" Anong ",
        last_name="Chai",
        title="CFO",
        email="anong@scg.example",
        phone="+66 81 000 0000",
        buying_role="economic_buyer",
    )
    contact.refresh_from_db()
    assert (contact.account, contact.owner, contact.created_by, contact.created_at) == (
        customer,
        org.account_manager,
        org.account_manager,
        NOW,
    )
    assert (contact.first_name, contact.last_name, contact.title, contact.buying_role) == (
        "Anong",
        "Chai",
        "CFO",
        "economic_buyer",
    )
    assert (contact.email, contact.phone) == ("anong@scg.example", "+66 81 000 0000")
    assert audit_trail(contact) == [
        (
            "create",
            {
                "account": [None, customer.pk],
                "owner": [None, org.account_manager.pk],
                "first_name": [None, "Anong"],
                "last_name": [None, "Chai"],
                "title": [None, "CFO"],
                "email": [None, "anong@scg.example"],
                "phone": [None, "+66 81 000 0000"],
                "buying_role": [None, "economic_buyer"],
                "is_primary": [None, False],
                "email_opt_in": [None, False],
                "phone_opt_in": [None, False],
                "is_active": [None, True],
            },
            org.account_manager.pk,
            "create_contact",
        )
    ]


def test_a_primary_contact_with_consent_and_a_cadence(org, customer):
    # given: the account has a primary contact already
    previous = ContactFactory(account=customer, is_primary=True)
    # when
    contact = create_contact(
        actor=org.rep,
        account_id=customer.pk,
        first_name="Anong",
        influence=4,
        relationship_strength=2,
        is_primary=True,
        touch_every_days=30,
        email_opt_in=True,
    )
    # then: the new one is primary, the previous one no longer; consent has its time
    contact.refresh_from_db()
    previous.refresh_from_db()
    assert (contact.influence, contact.relationship_strength, contact.touch_every_days) == (
        4,
        2,
        30,
    )
    assert (contact.is_primary, previous.is_primary) == (True, False)
    assert (contact.email_opt_in, contact.phone_opt_in, contact.consent_recorded_at) == (
        True,
        False,
        NOW,
    )
    assert audit_trail(previous) == [
        ("update", {"is_primary": [True, False]}, org.rep.pk, "create_contact")
    ]


def test_a_service_agent_records_who_called(org, customer):
    contact = create_contact(actor=org.service_agent, account_id=customer.pk, first_name="Lek")
    assert contact.owner == org.service_agent


def test_a_manager_adds_a_contact_owned_by_a_rep(org, customer):
    contact = create_contact(
        actor=org.manager, account_id=customer.pk, first_name="Lek", owner_id=org.rep.pk
    )
    assert (contact.owner, contact.created_by) == (org.rep, org.manager)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"first_name": ""}, "first_name", "required"),
        ({"last_name": "x" * 101}, "last_name", "too_long"),
        ({"email": "anong@"}, "email", "invalid_email"),
        ({"buying_role": "boss"}, "buying_role", "unknown_choice"),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
        ({"influence": 6}, "influence", "out_of_range"),
        ({"relationship_strength": 0}, "relationship_strength", "out_of_range"),
        ({"touch_every_days": 0}, "touch_every_days", "out_of_range"),
    ],
)
def test_invalid_values_are_refused_by_field(org, customer, changes, field, code):
    error = refused(
        RuleViolation,
        create_contact,
        **{"actor": org.rep, "account_id": customer.pk, "first_name": "Lek", **changes},
    )
    assert (error.field, error.code) == (field, code)


def test_an_invisible_account_does_not_exist_for_the_actor(org, customer):
    refused(
        NotVisible, create_contact, actor=org.peer_rep, account_id=customer.pk, first_name="Lek"
    )


@pytest.mark.parametrize(("actor", "owner"), [("executive", None), ("rep", "rep2")])
def test_executives_and_owners_out_of_reach_are_forbidden(org, customer, actor, owner):
    refused(
        Forbidden,
        create_contact,
        actor=getattr(org, actor),
        account_id=customer.pk,
        first_name="Lek",
        owner_id=getattr(org, owner).pk if owner else None,
    )

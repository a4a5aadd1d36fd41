import pytest

from patron.accounts.services.contacts import create_contact
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from tests.accounts.conftest import NOW, refused


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

import datetime as dt

import pytest
import time_machine

from patron.accounts.models import Contact
from patron.accounts.services.contacts import update_contact
from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from tests.accounts.conftest import NOW, audit_trail, refused
from tests.factories.accounts import ContactFactory


@pytest.fixture
def anong(org, customer) -> Contact:
    """The rep's contact at the customer, with no cadence, ratings or consent yet."""
    return ContactFactory(
        account=customer,
        owner=org.rep,
        first_name="Anong",
        last_name="Chai",
        title="Finance manager",
        email="anong@scg.example",
    )


def test_the_account_team_keeps_a_contact_up_to_date(org, anong):
    # when: the account manager on the team learns of a promotion
    updated = update_contact(
        actor=org.account_manager,
        contact_id=anong.pk,
        version=1,
        title=" CFO ",
        phone="+66 81 000 0000",
        buying_role="economic_buyer",
        influence=5,
        relationship_strength=3,
        touch_every_days=14,
    )
    # then
    updated.refresh_from_db()
    assert (updated.title, updated.phone, updated.buying_role) == (
        "CFO",
        "+66 81 000 0000",
        "economic_buyer",
    )
    assert (updated.influence, updated.relationship_strength, updated.touch_every_days) == (
        5,
        3,
        14,
    )
    assert (updated.first_name, updated.email, updated.owner, updated.version) == (
        "Anong",
        "anong@scg.example",
        org.rep,
        2,
    )
    assert updated.consent_recorded_at is None
    assert audit_trail(anong) == [
        (
            "update",
            {
                "title": ["Finance manager", "CFO"],
                "phone": ["", "+66 81 000 0000"],
                "buying_role": ["", "economic_buyer"],
                "influence": [None, 5],
                "relationship_strength": [None, 3],
                "touch_every_days": [None, 14],
            },
            org.account_manager.pk,
            "update_contact",
        )
    ]


def test_a_consent_change_records_when_it_was_given(org, anong):
    # when
    update_contact(actor=org.rep, contact_id=anong.pk, version=1, email_opt_in=True)
    # then
    anong.refresh_from_db()
    assert (anong.email_opt_in, anong.phone_opt_in, anong.consent_recorded_at) == (
        True,
        False,
        NOW,
    )
    assert audit_trail(anong)[0][1] == {
        "email_opt_in": [False, True],
        "consent_recorded_at": [None, NOW.isoformat()],
    }


def test_an_edit_that_leaves_consent_alone_keeps_its_time(org, anong):
    # given
    update_contact(actor=org.rep, contact_id=anong.pk, version=1, phone_opt_in=True)
    # when: a week later, the title changes and consent is sent unchanged
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        update_contact(
            actor=org.rep, contact_id=anong.pk, version=2, title="CFO", phone_opt_in=True
        )
    # then
    anong.refresh_from_db()
    assert (anong.title, anong.phone_opt_in, anong.consent_recorded_at) == ("CFO", True, NOW)


def test_a_withdrawn_consent_is_recorded_too(org, anong):
    update_contact(actor=org.rep, contact_id=anong.pk, version=1, email_opt_in=True)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        update_contact(actor=org.rep, contact_id=anong.pk, version=2, email_opt_in=False)
    anong.refresh_from_db()
    assert (anong.email_opt_in, anong.consent_recorded_at) == (False, NOW + dt.timedelta(days=1))


def test_a_new_primary_contact_takes_the_place_of_the_previous_one(org, customer, anong):
    # given
    previous = ContactFactory(account=customer, first_name="Lek", is_primary=True)
    # when
    update_contact(actor=org.rep, contact_id=anong.pk, version=1, is_primary=True)
    # then
    anong.refresh_from_db()
    previous.refresh_from_db()
    assert (anong.is_primary, previous.is_primary, previous.version) == (True, False, 2)
    assert audit_trail(previous) == [
        ("update", {"is_primary": [True, False]}, org.rep.pk, "update_contact")
    ]
    assert audit_trail(anong)[0][1] == {"is_primary": [False, True]}


def test_a_contact_who_left_cannot_become_primary(org, customer):
    archived = ContactFactory(account=customer, first_name="Lek", is_active=False)
    error = refused(
        RuleViolation,
        update_contact,
        actor=org.rep,
        contact_id=archived.pk,
        version=1,
        is_primary=True,
    )
    assert (error.field, error.code) == ("is_primary", "contact_inactive")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"first_name": " "}, "first_name", "required"),
        ({"title": "x" * 151}, "title", "too_long"),
        ({"phone": "1" * 41}, "phone", "too_long"),
        ({"email": "anong@"}, "email", "invalid_email"),
        ({"buying_role": "boss"}, "buying_role", "unknown_choice"),
        ({"influence": 0}, "influence", "out_of_range"),
        ({"influence": 6}, "influence", "out_of_range"),
        ({"relationship_strength": 6}, "relationship_strength", "out_of_range"),
        ({"touch_every_days": 0}, "touch_every_days", "out_of_range"),
        ({"touch_every_days": 3651}, "touch_every_days", "out_of_range"),
    ],
)
def test_invalid_values_are_refused_by_field(org, anong, changes, field, code):
    error = refused(
        RuleViolation, update_contact, actor=org.rep, contact_id=anong.pk, version=1, **changes
    )
    assert (error.field, error.code) == (field, code)


def test_a_stale_version_is_refused(org, anong):
    update_contact(actor=org.rep, contact_id=anong.pk, version=1, title="CFO")
    error = refused(
        StaleVersion, update_contact, actor=org.manager, contact_id=anong.pk, version=1, title="CEO"
    )
    assert error.current_version == 2


@pytest.mark.parametrize(
    ("persona", "error_type"),
    [("peer_rep", NotVisible), ("rep2", NotVisible), ("executive", Forbidden)],
)
def test_outsiders_and_executives_cannot_change_a_contact(org, anong, persona, error_type):
    refused(
        error_type,
        update_contact,
        actor=getattr(org, persona),
        contact_id=anong.pk,
        version=1,
        title="CEO",
    )


@pytest.mark.parametrize("persona", ["manager", "service_agent", "sales_ops"])
def test_the_managers_service_agents_and_sales_ops_may(org, anong, persona):
    updated = update_contact(
        actor=getattr(org, persona), contact_id=anong.pk, version=1, phone="+66 2 000 0000"
    )
    assert (updated.phone, updated.version) == ("+66 2 000 0000", 2)

"""Archiving a contact who left the account, and bringing one back."""

import pytest

from patron.accounts.services.contacts import deactivate_contact, reactivate_contact
from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from tests.accounts.conftest import audit_trail, refused
from tests.factories.accounts import ContactFactory


def test_a_contact_who_left_is_archived_and_stops_being_primary(org, customer):
    # given
    contact = ContactFactory(account=customer, owner=org.rep, is_primary=True)
    # when
    deactivate_contact(actor=org.account_manager, contact_id=contact.pk, version=1)
    # then
    contact.refresh_from_db()
    assert (contact.is_active, contact.is_primary, contact.version) == (False, False, 2)
    assert audit_trail(contact) == [
        (
            "deactivate",
            {"is_active": [True, False], "is_primary": [True, False]},
            org.account_manager.pk,
            "deactivate_contact",
        )
    ]


def test_an_archived_contact_comes_back_as_an_ordinary_contact(org, customer):
    # given
    contact = ContactFactory(account=customer, owner=org.rep, is_active=False)
    # when
    reactivate_contact(actor=org.rep, contact_id=contact.pk, version=1)
    # then
    contact.refresh_from_db()
    assert (contact.is_active, contact.is_primary, contact.version) == (True, False, 2)
    assert audit_trail(contact) == [
        ("reactivate", {"is_active": [False, True]}, org.rep.pk, "reactivate_contact")
    ]


@pytest.mark.parametrize(
    ("service", "is_active", "code"),
    [(deactivate_contact, False, "contact_inactive"), (reactivate_contact, True, "contact_active")],
)
def test_a_contact_already_in_that_state_is_refused(org, customer, service, is_active, code):
    contact = ContactFactory(account=customer, is_active=is_active)
    error = refused(RuleViolation, service, actor=org.rep, contact_id=contact.pk, version=1)
    assert (error.field, error.code) == ("is_active", code)


@pytest.mark.parametrize("service", [deactivate_contact, reactivate_contact])
def test_a_stale_version_is_refused(org, customer, service):
    contact = ContactFactory(account=customer, is_active=service is deactivate_contact)
    contact.__class__.objects.filter(pk=contact.pk).update(version=3)
    error = refused(StaleVersion, service, actor=org.rep, contact_id=contact.pk, version=1)
    assert error.current_version == 3


@pytest.mark.parametrize(
    ("persona", "error_type"),
    [("peer_rep", NotVisible), ("rep2", NotVisible), ("executive", Forbidden)],
)
@pytest.mark.parametrize("service", [deactivate_contact, reactivate_contact])
def test_outsiders_and_executives_cannot_archive(org, customer, service, persona, error_type):
    contact = ContactFactory(account=customer, is_active=service is deactivate_contact)
    refused(error_type, service, actor=getattr(org, persona), contact_id=contact.pk, version=1)

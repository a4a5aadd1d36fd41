"""Competitors at an account: adding one, changing what we know, removing it."""

import pytest

from patron.accounts.models import AccountCompetitor, Competitor
from patron.accounts.services.competitors import (
    add_account_competitor,
    remove_account_competitor,
    update_account_competitor,
)
from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from tests.accounts.conftest import audit_trail, refused
from tests.factories.accounts import CompetitorFactory

# Who may not record competitors at the rep's customer: the peer team and the rep's
# teammate do not see it; executives and service agents see it but do not sell.
REFUSALS = pytest.mark.parametrize(
    ("persona", "error_type"),
    [
        ("peer_rep", NotVisible),
        ("rep2", NotVisible),
        ("service_agent", Forbidden),
        ("executive", Forbidden),
    ],
)


@pytest.fixture
def acme(db) -> Competitor:
    return CompetitorFactory(name="Acme CRM")


@pytest.fixture
def acme_at_customer(org, customer, acme) -> AccountCompetitor:
    return AccountCompetitor.objects.create(
        account=customer, competitor=acme, is_incumbent=True, note="Since 2019"
    )


def test_the_account_manager_records_the_incumbent(org, customer, acme):
    # when
    link = add_account_competitor(
        actor=org.account_manager,
        account_id=customer.pk,
        competitor_id=acme.pk,
        is_incumbent=True,
        note=" Contract ends in June ",
    )
    # then
    link.refresh_from_db()
    assert (link.account, link.competitor, link.is_incumbent, link.note, link.created_by) == (
        customer,
        acme,
        True,
        "Contract ends in June",
        org.account_manager,
    )
    assert audit_trail(link) == [
        (
            "create",
            {
                "account": [None, customer.pk],
                "competitor": [None, acme.pk],
                "is_incumbent": [None, True],
                "note": [None, "Contract ends in June"],
            },
            org.account_manager.pk,
            "add_account_competitor",
        )
    ]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"competitor_id": 999_999}, "competitor", "unknown_reference"),
        ({"note": "x" * 10_001}, "note", "too_long"),
    ],
)
def test_invalid_values_are_refused_by_field(org, customer, acme, changes, field, code):
    arguments = {"account_id": customer.pk, "competitor_id": acme.pk, **changes}
    error = refused(RuleViolation, add_account_competitor, actor=org.rep, **arguments)
    assert (error.field, error.code) == (field, code)


def test_a_competitor_is_at_an_account_once(org, customer, acme_at_customer):
    error = refused(
        RuleViolation,
        add_account_competitor,
        actor=org.rep,
        account_id=customer.pk,
        competitor_id=acme_at_customer.competitor_id,
    )
    assert (error.field, error.code) == ("competitor", "duplicate")


@REFUSALS
def test_only_sellers_who_see_the_account_add_a_competitor(
    org, customer, acme, persona, error_type
):
    refused(
        error_type,
        add_account_competitor,
        actor=getattr(org, persona),
        account_id=customer.pk,
        competitor_id=acme.pk,
    )


def test_the_incumbent_becomes_a_challenger(org, acme_at_customer):
    # when
    link = update_account_competitor(
        actor=org.rep,
        account_competitor_id=acme_at_customer.pk,
        version=1,
        is_incumbent=False,
        note="We replaced them; they want back in",
    )
    # then
    link.refresh_from_db()
    assert (link.is_incumbent, link.note, link.version) == (
        False,
        "We replaced them; they want back in",
        2,
    )
    assert audit_trail(link) == [
        (
            "update",
            {
                "is_incumbent": [True, False],
                "note": ["Since 2019", "We replaced them; they want back in"],
            },
            org.rep.pk,
            "update_account_competitor",
        )
    ]


def test_an_update_refuses_a_too_long_note(org, acme_at_customer):
    error = refused(
        RuleViolation,
        update_account_competitor,
        actor=org.rep,
        account_competitor_id=acme_at_customer.pk,
        version=1,
        note="x" * 10_001,
    )
    assert (error.field, error.code) == ("note", "too_long")


@pytest.mark.parametrize("service", [update_account_competitor, remove_account_competitor])
def test_a_stale_version_is_refused(org, acme_at_customer, service):
    AccountCompetitor.objects.filter(pk=acme_at_customer.pk).update(version=2)
    error = refused(
        StaleVersion,
        service,
        actor=org.rep,
        account_competitor_id=acme_at_customer.pk,
        version=1,
    )
    assert error.current_version == 2


@REFUSALS
@pytest.mark.parametrize("service", [update_account_competitor, remove_account_competitor])
def test_only_sellers_who_see_the_account_change_or_remove_it(
    org, acme_at_customer, service, persona, error_type
):
    refused(
        error_type,
        service,
        actor=getattr(org, persona),
        account_competitor_id=acme_at_customer.pk,
        version=1,
    )


def test_a_removed_competitor_leaves_the_account_but_stays_known(org, acme, acme_at_customer):
    # given
    link_id = acme_at_customer.pk
    # when
    remove_account_competitor(actor=org.manager, account_competitor_id=link_id, version=1)
    # then
    assert not AccountCompetitor.objects.filter(pk=link_id).exists()
    assert Competitor.objects.filter(pk=acme.pk).exists()
    assert audit_trail(acme_at_customer) == [
        (
            "remove",
            {
                "account": [acme_at_customer.account_id, None],
                "competitor": [acme.pk, None],
                "is_incumbent": [True, None],
                "note": ["Since 2019", None],
            },
            org.manager.pk,
            "remove_account_competitor",
        )
    ]

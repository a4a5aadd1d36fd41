"""Contacts and competitors in a deal: added and removed by whoever may change it."""

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.models import AuditEvent
from patron.pipeline.models import OpportunityCompetitor, OpportunityContactRole
from patron.pipeline.services.deal_people import (
    add_opportunity_competitor,
    add_opportunity_contact_role,
    remove_opportunity_competitor,
    remove_opportunity_contact_role,
)
from tests.factories.accounts import AccountFactory, CompetitorFactory, ContactFactory
from tests.pipeline.conftest import WRITE_REFUSALS


def test_a_contact_of_the_account_joins_the_deal_as_its_primary_contact(org, deal, customer):
    # given
    first = ContactFactory(account=customer)
    second = ContactFactory(account=customer)
    add_opportunity_contact_role(
        actor=org.rep, opportunity_id=deal.pk, contact_id=first.pk, is_primary=True
    )
    # when
    link = add_opportunity_contact_role(
        actor=org.manager,
        opportunity_id=deal.pk,
        contact_id=second.pk,
        role="economic_buyer",
        is_primary=True,
    )
    # then: one primary contact, the new one
    primary = OpportunityContactRole.objects.filter(opportunity=deal, is_primary=True)
    assert list(primary.values_list("contact_id", "role")) == [(second.pk, "economic_buyer")]
    event = AuditEvent.objects.get(record_type="pipeline.opportunitycontactrole", record_id=link.pk)
    assert (event.action, event.changes["contact"]) == ("create", [None, second.pk])
    demoted = AuditEvent.objects.get(record_type="pipeline.opportunitycontactrole", action="update")
    assert demoted.changes == {"is_primary": [True, False]}


def test_a_contact_of_another_company_is_refused(org, deal):
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    with pytest.raises(RuleViolation) as caught:
        add_opportunity_contact_role(actor=org.rep, opportunity_id=deal.pk, contact_id=stranger.pk)
    assert (caught.value.field, caught.value.code) == ("contact", "contact_not_on_account")
    assert not OpportunityContactRole.objects.exists()


def test_a_contact_joins_a_deal_once_and_a_bad_role_is_refused(org, deal, customer):
    contact = ContactFactory(account=customer)
    with pytest.raises(RuleViolation) as caught:
        add_opportunity_contact_role(
            actor=org.rep, opportunity_id=deal.pk, contact_id=contact.pk, role="king"
        )
    assert (caught.value.field, caught.value.code) == ("role", "unknown_choice")
    add_opportunity_contact_role(actor=org.rep, opportunity_id=deal.pk, contact_id=contact.pk)
    with pytest.raises(RuleViolation) as caught:
        add_opportunity_contact_role(actor=org.rep, opportunity_id=deal.pk, contact_id=contact.pk)
    assert (caught.value.field, caught.value.code) == ("contact", "duplicate")


def test_a_contact_leaves_the_deal(org, deal, customer):
    contact = ContactFactory(account=customer)
    link = add_opportunity_contact_role(
        actor=org.rep, opportunity_id=deal.pk, contact_id=contact.pk
    )
    remove_opportunity_contact_role(actor=org.rep, opportunity_id=deal.pk, contact_id=contact.pk)
    assert not OpportunityContactRole.objects.exists()
    event = AuditEvent.objects.get(
        record_type="pipeline.opportunitycontactrole", record_id=link.pk, action="remove"
    )
    assert event.changes["contact"] == [contact.pk, None]
    with pytest.raises(RuleViolation) as caught:
        remove_opportunity_contact_role(
            actor=org.rep, opportunity_id=deal.pk, contact_id=contact.pk
        )
    assert caught.value.code == "not_in_deal"


@WRITE_REFUSALS
def test_who_may_not_change_the_deal_changes_none_of_its_people(
    org, deal, customer, persona, error_type
):
    contact = ContactFactory(account=customer)
    competitor = CompetitorFactory()
    actor = getattr(org, persona)
    with pytest.raises(error_type):
        add_opportunity_contact_role(actor=actor, opportunity_id=deal.pk, contact_id=contact.pk)
    with pytest.raises(error_type):
        add_opportunity_competitor(actor=actor, opportunity_id=deal.pk, competitor_id=competitor.pk)
    assert not OpportunityContactRole.objects.exists()
    assert not OpportunityCompetitor.objects.exists()


def test_a_competitor_joins_and_leaves_the_deal(org, deal):
    # given
    competitor = CompetitorFactory()
    # when
    link = add_opportunity_competitor(
        actor=org.rep, opportunity_id=deal.pk, competitor_id=competitor.pk, note=" Cheaper "
    )
    # then
    assert (link.competitor, link.note) == (competitor, "Cheaper")
    created = AuditEvent.objects.get(
        record_type="pipeline.opportunitycompetitor", record_id=link.pk
    )
    assert (created.action, created.changes["note"]) == ("create", [None, "Cheaper"])
    with pytest.raises(RuleViolation) as caught:
        add_opportunity_competitor(
            actor=org.rep, opportunity_id=deal.pk, competitor_id=competitor.pk
        )
    assert (caught.value.field, caught.value.code) == ("competitor", "duplicate")
    remove_opportunity_competitor(
        actor=org.rep, opportunity_id=deal.pk, competitor_id=competitor.pk
    )
    assert not OpportunityCompetitor.objects.exists()
    assert AuditEvent.objects.filter(
        record_type="pipeline.opportunitycompetitor", record_id=link.pk, action="remove"
    ).exists()


def test_an_unknown_competitor_or_deal_is_refused(org, deal):
    with pytest.raises(RuleViolation) as caught:
        add_opportunity_competitor(actor=org.rep, opportunity_id=deal.pk, competitor_id=999_999)
    assert (caught.value.field, caught.value.code) == ("competitor", "unknown_competitor")
    with pytest.raises(NotVisible):
        add_opportunity_competitor(actor=org.rep, opportunity_id=999_999, competitor_id=1)


def test_an_executive_cannot_remove_a_competitor(org, deal):
    competitor = CompetitorFactory()
    add_opportunity_competitor(actor=org.rep, opportunity_id=deal.pk, competitor_id=competitor.pk)
    with pytest.raises(Forbidden):
        remove_opportunity_competitor(
            actor=org.executive, opportunity_id=deal.pk, competitor_id=competitor.pk
        )
    assert OpportunityCompetitor.objects.count() == 1

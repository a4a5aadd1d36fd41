import datetime as dt

import pytest

from patron.accounts.choices import Lifecycle
from patron.accounts.models import Account, Contact
from patron.core.errors import NotVisible, RuleViolation, StaleVersion
from patron.pipeline.choices import LeadStatus
from patron.pipeline.models import Opportunity, OpportunityContactRole
from patron.pipeline.services.conversion import convert_lead
from patron.pipeline.services.leads import disqualify_lead, qualify_lead
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.pipeline import CampaignFactory, LeadFactory
from tests.pipeline.conftest import LEAD_WRITE_REFUSALS, NOW, TODAY, history_rows, refused, usd

CLOSE = dt.date(2026, 6, 30)


@pytest.fixture
def lead(org, pipeline):
    return LeadFactory(
        owner=org.rep,
        first_name="Somchai",
        last_name="Wong",
        company="Thai Oil",
        title="CIO",
        email="Somchai@ThaiOil.example",
        phone="+66 2 123 4567",
        country="TH",
        source="campaign",
        campaign=CampaignFactory(name="CIO breakfast"),
        created_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
    )


def counts() -> tuple[int, int, int]:
    return Account.objects.count(), Contact.objects.count(), Opportunity.objects.count()


def test_a_lead_becomes_an_account_a_contact_and_an_opportunity(org, lead, stages):
    # when
    result = convert_lead(
        actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE, amount=usd("80000.00")
    )
    # then: the account is a new prospect of the lead's owner
    account, contact, deal = result.account, result.contact, result.opportunity
    assert (account.name, account.owner, account.country, account.lifecycle) == (
        "Thai Oil",
        org.rep,
        "TH",
        Lifecycle.PROSPECT,
    )
    assert (contact.account, contact.owner, contact.first_name, contact.last_name) == (
        account,
        org.rep,
        "Somchai",
        "Wong",
    )
    assert (contact.title, contact.email, contact.phone) == (
        "CIO",
        "Somchai@ThaiOil.example",
        "+66 2 123 4567",
    )
    # the deal carries the lead's source and campaign into bookings
    assert (deal.account, deal.owner, deal.name, deal.stage_id) == (
        account,
        org.rep,
        "Thai Oil",
        stages["Prospecting"],
    )
    assert (deal.lead_source, deal.campaign, deal.amount_minor, deal.close_date) == (
        "campaign",
        lead.campaign,
        8_000_000,
        CLOSE,
    )
    assert deal.opened_on == TODAY
    assert len(history_rows(deal)) == 6
    assert list(
        OpportunityContactRole.objects.filter(opportunity=deal).values_list("contact", "is_primary")
    ) == [(contact.pk, True)]
    # and the lead links to all three
    lead.refresh_from_db()
    assert (lead.status, lead.converted_at, lead.first_responded_at, lead.version) == (
        LeadStatus.CONVERTED,
        NOW,
        NOW,
        2,
    )
    assert (lead.converted_account, lead.converted_contact, lead.converted_opportunity) == (
        account,
        contact,
        deal,
    )
    assert result.lead == lead


def test_converting_twice_returns_the_same_records_and_creates_nothing(org, lead):
    first = convert_lead(actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE)
    before = counts()
    # when: a retry carrying the version it saw before the first conversion
    again = convert_lead(actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE)
    # then
    assert (again.account, again.contact, again.opportunity) == (
        first.account,
        first.contact,
        first.opportunity,
    )
    assert counts() == before
    again.lead.refresh_from_db()
    assert again.lead.version == 2


def test_an_existing_visible_account_is_matched_by_name_whatever_the_case(org, lead):
    # given: the rep's account "THAI OIL" with Somchai already on it
    account = AccountFactory(owner=org.rep2, name="THAI OIL")
    account.team_members.create(user=org.rep, role="account_executive")
    known = ContactFactory(account=account, email="somchai@thaioil.example")
    before = counts()
    # when
    result = convert_lead(actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE)
    # then: no duplicate account or contact; only the deal is new
    assert (result.account, result.contact) == (account, known)
    assert counts() == (before[0], before[1], before[2] + 1)
    assert result.opportunity.account == account


def test_a_contact_with_another_email_is_added_to_the_matched_account(org, lead):
    account = AccountFactory(owner=org.rep, name="Thai Oil")
    ContactFactory(account=account, email="someone.else@thaioil.example")
    result = convert_lead(actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE)
    assert result.account == account
    assert Contact.objects.filter(account=account).count() == 2


def test_a_given_account_is_used_instead_of_matching(org, lead):
    chosen = AccountFactory(owner=org.rep, name="PTT Group")
    AccountFactory(owner=org.rep, name="Thai Oil")
    result = convert_lead(
        actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE, account_id=chosen.pk
    )
    assert result.account == chosen


def test_an_account_the_actor_cannot_see_is_neither_matched_nor_usable(org, lead):
    hidden = AccountFactory(owner=org.peer_rep, name="Thai Oil")
    refused(
        NotVisible,
        convert_lead,
        actor=org.rep,
        lead_id=lead.pk,
        version=1,
        close_date=CLOSE,
        account_id=hidden.pk,
    )
    result = convert_lead(actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE)
    assert result.account != hidden


def test_two_accounts_of_that_name_must_be_told_apart(org, lead):
    AccountFactory(owner=org.rep, name="Thai Oil")
    AccountFactory(owner=org.rep, name="thai oil")
    error = refused(
        RuleViolation, convert_lead, actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE
    )
    assert (error.field, error.code) == ("account", "ambiguous_account")


def test_a_qualified_lead_keeps_its_qualification_time(org, lead):
    qualify_lead(actor=org.rep, lead_id=lead.pk, version=1)
    result = convert_lead(actor=org.rep, lead_id=lead.pk, version=2, close_date=CLOSE)
    assert (result.lead.status, result.lead.qualified_at) == (LeadStatus.CONVERTED, NOW)


def test_a_manager_converts_an_unassigned_lead_and_owns_the_records(org, pipeline):
    lead = LeadFactory(owner=None, company="Globe Telecom")
    result = convert_lead(actor=org.manager, lead_id=lead.pk, version=1, close_date=CLOSE)
    assert (result.account.owner, result.contact.owner, result.opportunity.owner) == (
        org.manager,
        org.manager,
        org.manager,
    )


def test_a_disqualified_lead_cannot_be_converted(org, lead):
    disqualify_lead(actor=org.rep, lead_id=lead.pk, version=1, reason="no_budget")
    error = refused(
        RuleViolation, convert_lead, actor=org.rep, lead_id=lead.pk, version=2, close_date=CLOSE
    )
    assert (error.field, error.code) == ("status", "lead_disqualified")


def test_a_refused_opportunity_creates_no_account_or_contact(org, lead):
    # the deal would close before it opens (today): everything is rolled back
    error = refused(
        RuleViolation,
        convert_lead,
        actor=org.rep,
        lead_id=lead.pk,
        version=1,
        close_date=dt.date(2026, 3, 9),
    )
    assert (error.field, error.code) == ("close_date", "closes_before_opening")


def test_a_stale_version_is_refused(org, lead):
    qualify_lead(actor=org.rep, lead_id=lead.pk, version=1)
    refused(StaleVersion, convert_lead, actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE)


@LEAD_WRITE_REFUSALS
def test_only_people_who_may_change_the_lead_convert_it(org, lead, persona, error_type):
    refused(
        error_type,
        convert_lead,
        actor=getattr(org, persona),
        lead_id=lead.pk,
        version=1,
        close_date=CLOSE,
    )

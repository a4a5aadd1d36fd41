import datetime as dt

import pytest
import time_machine

from patron.core.errors import RuleViolation, StaleVersion
from patron.pipeline.choices import LeadStatus
from patron.pipeline.services.leads import qualify_lead, record_lead_response
from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import LeadFactory
from tests.pipeline.conftest import LEAD_WRITE_REFUSALS, NOW, refused

EARLIER = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def lead(org):
    return LeadFactory(owner=org.rep, created_at=dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC))


def test_a_worked_lead_is_qualified_now_keeping_its_first_response(org, lead):
    with time_machine.travel(EARLIER, tick=False):
        record_lead_response(actor=org.rep, lead_id=lead.pk, version=1)
    qualified = qualify_lead(actor=org.rep, lead_id=lead.pk, version=2)
    qualified.refresh_from_db()
    assert (qualified.status, qualified.qualified_at, qualified.first_responded_at) == (
        LeadStatus.QUALIFIED,
        NOW,
        EARLIER,
    )


def test_a_lead_qualified_without_a_recorded_response_was_answered_then(org, lead):
    qualified = qualify_lead(actor=org.rep, lead_id=lead.pk, version=1)
    assert (qualified.qualified_at, qualified.first_responded_at) == (NOW, NOW)


def test_a_qualified_lead_is_not_qualified_again(org, lead):
    qualify_lead(actor=org.rep, lead_id=lead.pk, version=1)
    error = refused(RuleViolation, qualify_lead, actor=org.rep, lead_id=lead.pk, version=2)
    assert (error.field, error.code) == ("status", "invalid_transition")


@pytest.mark.parametrize("status", [LeadStatus.DISQUALIFIED, LeadStatus.CONVERTED])
def test_a_closed_lead_is_not_qualified(org, status):
    converted = status == LeadStatus.CONVERTED
    lead = LeadFactory(
        owner=org.rep,
        status=status,
        disqualify_reason="no_need",
        converted_account=AccountFactory(owner=org.rep) if converted else None,
        converted_at=NOW if converted else None,
    )
    error = refused(RuleViolation, qualify_lead, actor=org.rep, lead_id=lead.pk, version=1)
    assert (error.field, error.code) == ("status", "lead_closed")


def test_a_stale_version_is_refused(org, lead):
    record_lead_response(actor=org.rep, lead_id=lead.pk, version=1)
    refused(StaleVersion, qualify_lead, actor=org.rep, lead_id=lead.pk, version=1)


@LEAD_WRITE_REFUSALS
def test_only_people_who_may_change_the_lead_qualify_it(org, lead, persona, error_type):
    refused(error_type, qualify_lead, actor=getattr(org, persona), lead_id=lead.pk, version=1)

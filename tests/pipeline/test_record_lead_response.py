import datetime as dt

import pytest
import time_machine

from patron.core.errors import RuleViolation, StaleVersion
from patron.pipeline.choices import LeadStatus
from patron.pipeline.services.leads import disqualify_lead, record_lead_response
from tests.factories.pipeline import LeadFactory
from tests.pipeline.conftest import LEAD_WRITE_REFUSALS, NOW, refused

LATER = dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def lead(org):
    return LeadFactory(owner=org.rep, created_at=dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC))


def test_the_first_response_is_recorded_once_and_a_new_lead_becomes_working(org, lead):
    # when
    responded = record_lead_response(actor=org.rep, lead_id=lead.pk, version=1)
    with time_machine.travel(LATER, tick=False):
        again = record_lead_response(actor=org.rep, lead_id=lead.pk, version=2)
    # then
    again.refresh_from_db()
    assert (responded.first_responded_at, responded.status) == (NOW, LeadStatus.WORKING)
    assert (again.first_responded_at, again.status, again.version) == (NOW, "working", 2)


def test_a_disqualified_lead_is_no_longer_worked(org, lead):
    disqualify_lead(actor=org.rep, lead_id=lead.pk, version=1, reason="no_budget")
    error = refused(RuleViolation, record_lead_response, actor=org.rep, lead_id=lead.pk, version=2)
    assert (error.field, error.code) == ("status", "lead_closed")


def test_a_manager_answers_an_unassigned_lead_a_rep_cannot_see(org):
    lead = LeadFactory(owner=None)
    responded = record_lead_response(actor=org.manager, lead_id=lead.pk, version=1)
    assert responded.first_responded_at == NOW


def test_a_stale_version_is_refused(org, lead):
    record_lead_response(actor=org.rep, lead_id=lead.pk, version=1)
    refused(StaleVersion, record_lead_response, actor=org.rep, lead_id=lead.pk, version=1)


@LEAD_WRITE_REFUSALS
def test_only_people_who_may_change_the_lead_record_a_response(org, lead, persona, error_type):
    refused(
        error_type, record_lead_response, actor=getattr(org, persona), lead_id=lead.pk, version=1
    )

import pytest

from patron.core.errors import RuleViolation, StaleVersion
from patron.pipeline.choices import LeadStatus
from patron.pipeline.services.leads import disqualify_lead, qualify_lead
from tests.factories.pipeline import LeadFactory
from tests.pipeline.conftest import LEAD_WRITE_REFUSALS, refused


@pytest.fixture
def lead(org):
    return LeadFactory(owner=org.rep)


def test_a_qualified_lead_is_disqualified_with_its_reason(org, lead):
    qualify_lead(actor=org.rep, lead_id=lead.pk, version=1)
    lost = disqualify_lead(actor=org.rep, lead_id=lead.pk, version=2, reason="competitor")
    lost.refresh_from_db()
    assert (lost.status, lost.disqualify_reason, lost.version) == (
        LeadStatus.DISQUALIFIED,
        "competitor",
        3,
    )


@pytest.mark.parametrize(("reason", "code"), [("", "required"), ("rude", "unknown_choice")])
def test_a_reason_from_the_list_is_required(org, lead, reason, code):
    error = refused(
        RuleViolation, disqualify_lead, actor=org.rep, lead_id=lead.pk, version=1, reason=reason
    )
    assert (error.field, error.code) == ("reason", code)


def test_a_disqualified_lead_is_not_disqualified_again(org, lead):
    disqualify_lead(actor=org.rep, lead_id=lead.pk, version=1, reason="no_need")
    error = refused(
        RuleViolation, disqualify_lead, actor=org.rep, lead_id=lead.pk, version=2, reason="no_need"
    )
    assert (error.field, error.code) == ("status", "lead_closed")


def test_a_stale_version_is_refused(org, lead):
    qualify_lead(actor=org.rep, lead_id=lead.pk, version=1)
    refused(
        StaleVersion, disqualify_lead, actor=org.rep, lead_id=lead.pk, version=1, reason="no_need"
    )


@LEAD_WRITE_REFUSALS
def test_only_people_who_may_change_the_lead_disqualify_it(org, lead, persona, error_type):
    refused(
        error_type,
        disqualify_lead,
        actor=getattr(org, persona),
        lead_id=lead.pk,
        version=1,
        reason="no_need",
    )

"""update_lead: correcting who a lead is and where it came from."""

import datetime as dt

import pytest

from patron.core.errors import RuleViolation, StaleVersion
from patron.core.models import AuditEvent
from patron.pipeline.services.conversion import convert_lead
from patron.pipeline.services.leads import create_lead, update_lead
from tests.pipeline.conftest import LEAD_WRITE_REFUSALS


@pytest.fixture
def lead(org):
    return create_lead(
        actor=org.rep,
        first_name="Somchai",
        company="Thai Steel",
        source="web",
        email="s@ts.example",
    )


def test_the_owner_corrects_the_lead_and_the_trail_shows_old_and_new(org, lead):
    # when
    updated = update_lead(
        actor=org.rep, lead_id=lead.pk, version=1, company=" Thai Steel Co. ", country="th"
    )
    # then
    assert (updated.company, updated.country, updated.version) == ("Thai Steel Co.", "TH", 2)
    event = AuditEvent.objects.get(record_type="pipeline.lead", record_id=lead.pk, action="update")
    assert event.changes == {"company": ["Thai Steel", "Thai Steel Co."], "country": ["", "TH"]}


def test_a_manager_gives_the_lead_to_another_rep_of_the_team(org, lead):
    updated = update_lead(actor=org.manager, lead_id=lead.pk, version=1, owner_id=org.rep2.pk)
    assert updated.owner == org.rep2


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"first_name": ""}, "first_name", "required"),
        ({"email": "nope"}, "email", "invalid_email"),
        ({"country": "XX"}, "country", "unknown_country"),
        ({"source": "tv"}, "source", "unknown_choice"),
        ({"campaign_id": 999_999}, "campaign", "unknown_campaign"),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
    ],
)
def test_bad_values_are_refused(org, lead, values, field, code):
    with pytest.raises(RuleViolation) as caught:
        update_lead(actor=org.rep, lead_id=lead.pk, version=1, **values)
    assert (caught.value.field, caught.value.code) == (field, code)
    lead.refresh_from_db()
    assert lead.version == 1


def test_a_stale_version_is_refused(org, lead):
    update_lead(actor=org.rep, lead_id=lead.pk, version=1, title="CFO")
    with pytest.raises(StaleVersion):
        update_lead(actor=org.rep, lead_id=lead.pk, version=1, title="CEO")


def test_an_edit_that_changes_nothing_writes_nothing(org, lead):
    same = update_lead(actor=org.rep, lead_id=lead.pk, version=1, company="Thai Steel")
    assert same.version == 1
    assert not AuditEvent.objects.filter(record_type="pipeline.lead", action="update").exists()


@LEAD_WRITE_REFUSALS
def test_who_may_not_change_the_lead_is_refused(org, lead, persona, error_type):
    with pytest.raises(error_type):
        update_lead(actor=getattr(org, persona), lead_id=lead.pk, version=1, title="X")
    lead.refresh_from_db()
    assert lead.title == ""


def test_a_converted_lead_is_left_as_it_was_converted(org, lead, pipeline):
    convert_lead(actor=org.rep, lead_id=lead.pk, version=1, close_date=dt.date(2026, 4, 30))
    lead.refresh_from_db()
    with pytest.raises(RuleViolation) as caught:
        update_lead(actor=org.rep, lead_id=lead.pk, version=lead.version, title="CEO")
    assert (caught.value.field, caught.value.code) == ("status", "lead_closed")

import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.service.choices import CaseStatus, SurveyKind
from patron.service.models import SurveyResponse
from patron.service.services.surveys import record_survey_response
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.service import CaseFactory

ANSWERED = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)
RESOLVED = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC)
SURVEYED = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def resolved(customer, contact):
    return CaseFactory(
        account=customer,
        contact=contact,
        status=CaseStatus.RESOLVED,
        first_response_at=ANSWERED,
        resolved_at=RESOLVED,
    )


@pytest.mark.parametrize("score", [1, 5])
@time_machine.travel(SURVEYED, tick=False)
def test_a_csat_score_answers_for_a_resolved_case(org, customer, contact, resolved, score):
    # when
    response = record_survey_response(
        actor=org.service_agent,
        kind=SurveyKind.CSAT,
        score=score,
        case_id=resolved.pk,
        comment="Quick and kind.",
    )
    # then
    response.refresh_from_db()
    assert (response.kind, response.score, response.case, response.account) == (
        SurveyKind.CSAT,
        score,
        resolved,
        customer,
    )
    assert (response.contact, response.responded_at, response.comment) == (
        contact,
        SURVEYED,
        "Quick and kind.",
    )
    assert response.created_by == org.service_agent


def test_a_closed_case_may_be_rated_by_another_contact_of_the_account(org, customer, resolved):
    # given
    resolved.status = CaseStatus.CLOSED
    resolved.save(update_fields=["status"])
    colleague = ContactFactory(account=customer)
    # when
    response = record_survey_response(
        actor=org.rep, kind=SurveyKind.CSAT, score=4, case_id=resolved.pk, contact_id=colleague.pk
    )
    # then
    assert response.contact == colleague


@pytest.mark.parametrize("score", [0, 10])
def test_an_nps_score_is_a_contacts_answer(org, customer, contact, score):
    response = record_survey_response(
        actor=org.rep, kind=SurveyKind.NPS, score=score, contact_id=contact.pk
    )
    assert (response.kind, response.score, response.contact, response.account, response.case) == (
        SurveyKind.NPS,
        score,
        contact,
        customer,
        None,
    )


@pytest.mark.parametrize(("kind", "score"), [("csat", 0), ("csat", 6), ("nps", -1), ("nps", 11)])
def test_a_score_outside_its_scale_is_refused(org, contact, resolved, kind, score):
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(
            actor=org.rep,
            kind=kind,
            score=score,
            case_id=resolved.pk if kind == "csat" else None,
            contact_id=contact.pk if kind == "nps" else None,
        )
    assert (caught.value.field, caught.value.code) == ("score", "score_out_of_range")
    assert not SurveyResponse.objects.exists()


def test_an_unknown_survey_is_refused(org, contact):
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(actor=org.rep, kind="ces", score=3, contact_id=contact.pk)
    assert (caught.value.field, caught.value.code) == ("kind", "unknown_choice")


@pytest.mark.parametrize("status", [CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER])
def test_csat_waits_until_the_case_is_resolved(org, customer, status):
    case = CaseFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(actor=org.rep, kind=SurveyKind.CSAT, score=5, case_id=case.pk)
    assert (caught.value.field, caught.value.code) == ("case", "case_not_resolved")


def test_a_case_is_rated_once(org, resolved):
    record_survey_response(actor=org.rep, kind=SurveyKind.CSAT, score=5, case_id=resolved.pk)
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(actor=org.rep, kind=SurveyKind.CSAT, score=1, case_id=resolved.pk)
    assert (caught.value.field, caught.value.code) == ("case", "already_rated")
    assert SurveyResponse.objects.get().score == 5


def test_csat_needs_a_case(org, contact):
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(actor=org.rep, kind=SurveyKind.CSAT, score=5, contact_id=contact.pk)
    assert (caught.value.field, caught.value.code) == ("case", "required")


def test_the_csat_contact_must_work_at_the_cases_account(org, resolved):
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(
            actor=org.rep,
            kind=SurveyKind.CSAT,
            score=5,
            case_id=resolved.pk,
            contact_id=stranger.pk,
        )
    assert (caught.value.field, caught.value.code) == ("contact", "contact_not_on_account")


def test_nps_needs_a_contact(org):
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(actor=org.rep, kind=SurveyKind.NPS, score=9)
    assert (caught.value.field, caught.value.code) == ("contact", "required")


def test_nps_is_not_about_one_case(org, contact, resolved):
    with pytest.raises(RuleViolation) as caught:
        record_survey_response(
            actor=org.rep, kind=SurveyKind.NPS, score=9, contact_id=contact.pk, case_id=resolved.pk
        )
    assert (caught.value.field, caught.value.code) == ("case", "case_not_for_nps")


def test_an_executive_records_no_answer(org, contact, resolved):
    with pytest.raises(Forbidden):
        record_survey_response(
            actor=org.executive, kind=SurveyKind.NPS, score=9, contact_id=contact.pk
        )
    with pytest.raises(Forbidden):
        record_survey_response(
            actor=org.executive, kind=SurveyKind.CSAT, score=5, case_id=resolved.pk
        )
    assert not SurveyResponse.objects.exists()


def test_what_a_peer_seller_cannot_see_looks_absent(org, contact, resolved):
    with pytest.raises(NotVisible):
        record_survey_response(
            actor=org.peer_rep, kind=SurveyKind.NPS, score=9, contact_id=contact.pk
        )
    with pytest.raises(NotVisible):
        record_survey_response(
            actor=org.peer_rep, kind=SurveyKind.CSAT, score=5, case_id=resolved.pk
        )

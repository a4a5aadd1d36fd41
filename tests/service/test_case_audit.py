"""The audit trail of a case: opening it and each move of its flow, by verb."""

from patron.core.models import AuditEvent
from patron.service.services.cases import (
    close_case,
    open_case,
    reopen_case,
    resolve_case,
    respond_to_case,
    resume_case,
    set_case_pending,
)
from patron.service.services.surveys import record_survey_response


def test_every_step_of_a_case_is_recorded_by_its_verb(org, customer, contact):
    # given
    case = open_case(actor=org.rep, account_id=customer.pk, subject="Broken", contact_id=contact.pk)
    # when
    respond_to_case(actor=org.rep, case_id=case.pk, version=1)
    set_case_pending(actor=org.rep, case_id=case.pk, version=2)
    resume_case(actor=org.rep, case_id=case.pk, version=3)
    resolve_case(actor=org.rep, case_id=case.pk, version=4, resolution="Replaced")
    close_case(actor=org.rep, case_id=case.pk, version=5)
    reopen_case(actor=org.rep, case_id=case.pk, version=6)
    # then
    recorded = list(
        AuditEvent.objects.filter(record_type="service.case", record_id=case.pk).order_by("pk")
    )
    assert [event.action for event in recorded] == [
        "create",
        "respond",
        "pending",
        "resume",
        "resolve",
        "close",
        "reopen",
    ]
    assert recorded[0].changes["subject"] == [None, "Broken"]
    assert recorded[2].changes == {"status": ["open", "pending_customer"]}
    assert recorded[4].changes["resolution"] == ["", "Replaced"]
    assert recorded[6].changes["reopen_count"] == [0, 1]


def test_a_survey_answer_is_recorded(org, contact):
    response = record_survey_response(actor=org.rep, kind="nps", score=9, contact_id=contact.pk)
    event = AuditEvent.objects.get(record_type="service.surveyresponse", record_id=response.pk)
    assert (event.action, event.changes["score"]) == ("create", [None, 9])

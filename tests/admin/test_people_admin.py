"""Sales ops develop people through the admin, which calls the people services: a
refusal shows the service's message on the field and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.roles import assign_role
from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment, TrainingCourse
from patron.people.services.coaching import write_coaching_note
from tests.admin.test_admin_pages import admin_url
from tests.factories.people import TrainingAssignmentFactory, TrainingCourseFactory

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
# A course's page carries the (read-only) assignments inline's management form.
NO_INLINE_ROWS = {
    "assignments-TOTAL_FORMS": "0",
    "assignments-INITIAL_FORMS": "0",
    "assignments-MIN_NUM_FORMS": "0",
    "assignments-MAX_NUM_FORMS": "0",
}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ops_client(org, client_for):
    return client_for(assign_role(user=org.sales_ops, role=Role.SALES_OPS))


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def skill_form(org, **changes) -> dict:
    return {
        "user": org.rep.pk,
        "skill": "closing",
        "score": "4",
        "assessed_on": "2026-03-09",
        "note": "",
        **changes,
    }


def test_sales_ops_rate_a_skill_through_the_service(org, ops_client):
    # when
    response = ops_client.post(admin_url(SkillAssessment, "add"), skill_form(org))
    # then
    assert response.status_code == 302, form_errors(response)
    assessment = SkillAssessment.objects.get()
    assert (assessment.user, assessment.score, assessment.assessor) == (org.rep, 4, org.sales_ops)
    (event,) = AuditEvent.objects.for_record("people.skillassessment", assessment.pk)
    assert (event.action, event.source, event.actor) == ("create", "admin", org.sales_ops)


def test_a_skill_score_of_7_shows_the_services_message_and_saves_nothing(org, ops_client):
    response = ops_client.post(admin_url(SkillAssessment, "add"), skill_form(org, score="7"))
    assert response.status_code == 200
    assert form_errors(response)["score"] == ["Enter a whole number from 1 to 5."]
    assert not SkillAssessment.objects.exists()


def test_rating_oneself_is_refused_on_the_person(org, ops_client):
    response = ops_client.post(
        admin_url(SkillAssessment, "add"), skill_form(org, user=org.sales_ops.pk)
    )
    assert response.status_code == 200
    assert form_errors(response)["user"] == ["You cannot coach, train or assess yourself."]
    assert not SkillAssessment.objects.exists()


def test_a_skill_assessment_is_never_changed(org, ops_client):
    ops_client.post(admin_url(SkillAssessment, "add"), skill_form(org))
    assessment = SkillAssessment.objects.get()
    response = ops_client.post(
        admin_url(SkillAssessment, "change", assessment.pk),
        {**skill_form(org, score="5"), "expected_version": 1},
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.score == 4


def coaching_form(org, **changes) -> dict:
    return {
        "rep": org.rep.pk,
        "kind": "feedback",
        "given_on": "2026-03-09",
        "note": "Qualify budget earlier.",
        "opportunity": "",
        "activity": "",
        **changes,
    }


def test_sales_ops_write_and_rewrite_a_coaching_note(org, ops_client):
    # when
    response = ops_client.post(admin_url(CoachingNote, "add"), coaching_form(org))
    # then
    assert response.status_code == 302, form_errors(response)
    note = CoachingNote.objects.get()
    assert (note.rep, note.author, note.note) == (org.rep, org.sales_ops, "Qualify budget earlier.")
    # when the author rewrites it
    response = ops_client.post(
        admin_url(CoachingNote, "change", note.pk),
        {**coaching_form(org, note="Qualify budget in the first call."), "expected_version": 1},
    )
    # then
    assert response.status_code == 302, form_errors(response)
    note.refresh_from_db()
    assert (note.note, note.version) == ("Qualify budget in the first call.", 2)
    update = AuditEvent.objects.for_record("people.coachingnote", note.pk).get(action="update")
    assert update.source == "admin"


def test_a_note_dated_tomorrow_is_refused_on_the_field(org, ops_client):
    response = ops_client.post(
        admin_url(CoachingNote, "add"), coaching_form(org, given_on="2026-03-11")
    )
    assert response.status_code == 200
    assert form_errors(response)["given_on"] == ["This date cannot be in the future."]
    assert not CoachingNote.objects.exists()


def test_someone_elses_note_is_not_rewritten_here(org, ops_client):
    note = write_coaching_note(actor=org.manager, rep_id=org.rep.pk, note="Mine.")
    response = ops_client.post(
        admin_url(CoachingNote, "change", note.pk),
        {**coaching_form(org, note="Theirs."), "expected_version": 1},
    )
    assert response.status_code == 200
    assert form_errors(response)["__all__"] == [
        "Your role does not allow you to change this record."
    ]
    note.refresh_from_db()
    assert note.note == "Mine."


def course_form(**changes) -> dict:
    return {
        "name": "Discovery calls",
        "description": "",
        "skill": "discovery",
        "duration_hours": "6",
        **NO_INLINE_ROWS,
        **changes,
    }


def test_sales_ops_add_rename_and_delete_a_course(org, ops_client):
    response = ops_client.post(admin_url(TrainingCourse, "add"), course_form())
    assert response.status_code == 302, form_errors(response)
    course = TrainingCourse.objects.get()
    response = ops_client.post(
        admin_url(TrainingCourse, "change", course.pk),
        {**course_form(name="Discovery"), "expected_version": 1},
    )
    assert response.status_code == 302, form_errors(response)
    course.refresh_from_db()
    assert (course.name, course.version) == ("Discovery", 2)
    response = ops_client.post(admin_url(TrainingCourse, "delete", course.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not TrainingCourse.objects.exists()
    actions = AuditEvent.objects.for_record("people.trainingcourse", course.pk)
    assert sorted(actions.values_list("action", flat=True)) == ["create", "delete", "update"]


def test_a_duplicate_course_name_is_refused_on_the_field(org, ops_client):
    TrainingCourseFactory(name="Discovery calls")
    response = ops_client.post(
        admin_url(TrainingCourse, "add"), course_form(name="DISCOVERY calls")
    )
    assert response.status_code == 200
    assert form_errors(response)["name"] == ["Another course already has this name."]
    assert TrainingCourse.objects.count() == 1


def test_a_course_with_assignments_cannot_be_deleted(org, ops_client):
    assignment = TrainingAssignmentFactory(user=org.rep)
    response = ops_client.post(
        admin_url(TrainingCourse, "delete", assignment.course.pk), {"post": "yes"}
    )
    assert response.status_code == 403
    assert TrainingCourse.objects.exists()


def test_sales_ops_assign_complete_and_cancel_training(org, ops_client):
    # given
    course = TrainingCourseFactory(name="Negotiation")
    # when assigned
    response = ops_client.post(
        admin_url(TrainingAssignment, "add"),
        {
            "course": course.pk,
            "user": org.rep.pk,
            "assigned_on": "2026-03-02",
            "due_on": "2026-03-31",
        },
    )
    # then
    assert response.status_code == 302, form_errors(response)
    assignment = TrainingAssignment.objects.get()
    assert assignment.assigned_by == org.sales_ops
    # when completed with a score
    response = ops_client.post(
        admin_url(TrainingAssignment, "change", assignment.pk),
        {
            "due_on": "2026-03-31",
            "completed_on": "2026-03-09",
            "score": "88",
            "expected_version": 1,
        },
    )
    # then
    assert response.status_code == 302, form_errors(response)
    assignment.refresh_from_db()
    assert (assignment.completed_on, assignment.score) == (dt.date(2026, 3, 9), 88)
    # and a completed assignment stays
    response = ops_client.post(
        admin_url(TrainingAssignment, "delete", assignment.pk), {"post": "yes"}
    )
    assert response.status_code == 403


def test_a_score_above_100_is_refused_on_the_field(org, ops_client):
    assignment = TrainingAssignmentFactory(user=org.rep)
    response = ops_client.post(
        admin_url(TrainingAssignment, "change", assignment.pk),
        {
            "due_on": "2026-03-31",
            "completed_on": "2026-03-09",
            "score": "101",
            "expected_version": 1,
        },
    )
    assert response.status_code == 200
    assert form_errors(response)["score"] == ["Enter a whole number from 0 to 100."]
    assignment.refresh_from_db()
    assert (assignment.completed_on, assignment.score, assignment.version) == (None, None, 1)


def test_an_open_assignment_is_cancelled_by_deleting_it(org, ops_client):
    assignment = TrainingAssignmentFactory(user=org.rep)
    response = ops_client.post(
        admin_url(TrainingAssignment, "delete", assignment.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TrainingAssignment.objects.exists()
    (event,) = AuditEvent.objects.for_record("people.trainingassignment", assignment.pk)
    assert (event.action, event.source) == ("cancel", "admin")

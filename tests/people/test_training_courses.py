import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.people.choices import Skill
from patron.people.models import TrainingCourse
from patron.people.services.training import (
    create_training_course,
    delete_training_course,
    update_training_course,
)
from tests.factories.people import TrainingAssignmentFactory, TrainingCourseFactory
from tests.people.conftest import events, refused


@pytest.mark.parametrize("persona", ["manager", "sales_ops", "admin"])
def test_those_who_develop_people_add_a_course(org, persona):
    # when
    course = create_training_course(
        actor=getattr(org, persona),
        name=" Discovery calls ",
        description="Ask why twice.",
        skill=Skill.DISCOVERY,
        duration_hours=6,
    )
    # then
    course.refresh_from_db()
    assert (course.name, course.description, course.skill, course.duration_hours) == (
        "Discovery calls",
        "Ask why twice.",
        "discovery",
        6,
    )
    [event] = events(course)
    assert (event.action, event.changes["name"], event.changes["duration_hours"]) == (
        "create",
        [None, "Discovery calls"],
        [None, 6],
    )


@pytest.mark.parametrize("persona", ["rep", "account_manager", "service_agent", "executive"])
def test_others_add_no_course(org, persona):
    refused(Forbidden, create_training_course, actor=getattr(org, persona), name="Closing")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"name": "discovery CALLS"}, "name", "duplicate"),
        ({"description": "x" * 4001}, "description", "too_long"),
        ({"skill": "juggling"}, "skill", "unknown_choice"),
        ({"duration_hours": 0}, "duration_hours", "out_of_range"),
        ({"duration_hours": 1001}, "duration_hours", "out_of_range"),
    ],
)
def test_bad_values_are_refused(org, changes, field, code):
    TrainingCourseFactory(name="Discovery calls")
    arguments = {"actor": org.sales_ops, "name": "Negotiation", **changes}
    error = refused(RuleViolation, create_training_course, **arguments)
    assert (error.field, error.code) == (field, code)


def test_a_course_is_renamed_and_what_is_left_out_stays(org):
    course = create_training_course(actor=org.manager, name="Closing", duration_hours=2)
    updated = update_training_course(
        actor=org.sales_ops, course_id=course.pk, version=1, name="Closing with confidence"
    )
    updated.refresh_from_db()
    assert (updated.name, updated.duration_hours, updated.version) == (
        "Closing with confidence",
        2,
        2,
    )
    assert events(updated)[-1].changes == {"name": ["Closing", "Closing with confidence"]}


def test_a_course_keeps_its_own_name_in_other_capitals(org):
    course = create_training_course(actor=org.manager, name="Closing")
    updated = update_training_course(
        actor=org.manager, course_id=course.pk, version=1, name="CLOSING"
    )
    assert updated.name == "CLOSING"


def test_a_rename_to_another_courses_name_is_refused(org):
    TrainingCourseFactory(name="Negotiation")
    course = create_training_course(actor=org.manager, name="Closing")
    error = refused(
        RuleViolation,
        update_training_course,
        actor=org.manager,
        course_id=course.pk,
        version=1,
        name="negotiation",
    )
    assert (error.field, error.code) == ("name", "duplicate")


def test_a_stale_edit_of_a_course_is_refused(org):
    course = create_training_course(actor=org.manager, name="Closing")
    update_training_course(actor=org.manager, course_id=course.pk, version=1, duration_hours=3)
    refused(
        StaleVersion,
        update_training_course,
        actor=org.manager,
        course_id=course.pk,
        version=1,
        duration_hours=4,
    )


def test_a_rep_changes_no_course_and_an_unknown_course_does_not_exist(org):
    course = TrainingCourseFactory()
    refused(
        Forbidden, update_training_course, actor=org.rep, course_id=course.pk, version=1, name="X"
    )
    refused(NotVisible, update_training_course, actor=org.manager, course_id=987, version=1)


def test_a_course_never_assigned_is_deleted(org):
    course = TrainingCourseFactory(name="Old course")
    delete_training_course(actor=org.sales_ops, course_id=course.pk, version=1)
    assert not TrainingCourse.objects.exists()
    [event] = events(course)
    assert (event.action, event.changes["name"]) == ("delete", ["Old course", None])


def test_a_course_with_assignments_stays_for_their_history(org):
    assignment = TrainingAssignmentFactory(user=org.rep)
    error = refused(
        RuleViolation,
        delete_training_course,
        actor=org.sales_ops,
        course_id=assignment.course.pk,
        version=1,
    )
    assert error.code == "course_in_use"


def test_deleting_needs_the_capability_and_the_current_version(org):
    course = TrainingCourseFactory()
    refused(Forbidden, delete_training_course, actor=org.executive, course_id=course.pk, version=1)
    refused(StaleVersion, delete_training_course, actor=org.manager, course_id=course.pk, version=3)

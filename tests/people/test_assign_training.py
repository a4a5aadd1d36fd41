import datetime as dt

import pytest

from patron.core.errors import Forbidden, RuleViolation
from patron.people.models import TrainingAssignment
from patron.people.services.training import assign_training
from tests.factories.people import TrainingAssignmentFactory, TrainingCourseFactory
from tests.people.conftest import DEVELOP_REFUSALS, TODAY, TOMORROW, events, refused

DUE = dt.date(2026, 4, 10)


@pytest.fixture
def course():
    return TrainingCourseFactory(name="Discovery calls")


def test_a_manager_assigns_a_course_to_their_rep(org, course):
    # when
    assignment = assign_training(
        actor=org.manager, course_id=course.pk, user_id=org.rep.pk, due_on=DUE
    )
    # then
    assignment.refresh_from_db()
    assert (assignment.course, assignment.user, assignment.assigned_by) == (
        course,
        org.rep,
        org.manager,
    )
    assert (assignment.assigned_on, assignment.due_on, assignment.completed_on) == (
        TODAY,
        DUE,
        None,
    )
    [event] = events(assignment)
    assert event.action == "create"
    assert event.changes["user"] == [None, org.rep.pk]
    assert event.changes["due_on"] == [None, "2026-04-10"]


def test_sales_ops_assign_anyone_on_an_earlier_day(org, course):
    assignment = assign_training(
        actor=org.sales_ops,
        course_id=course.pk,
        user_id=org.peer_rep.pk,
        assigned_on=dt.date(2026, 3, 1),
        due_on=dt.date(2026, 3, 1),
    )
    assert assignment.assigned_on == dt.date(2026, 3, 1)


def test_a_course_completed_before_may_be_assigned_again(org, course):
    TrainingAssignmentFactory(course=course, user=org.rep, completed_on=dt.date(2026, 3, 5))
    assign_training(actor=org.manager, course_id=course.pk, user_id=org.rep.pk, due_on=DUE)
    assert TrainingAssignment.objects.filter(user=org.rep).count() == 2


def test_one_open_assignment_per_course_and_person(org, course):
    TrainingAssignmentFactory(course=course, user=org.rep)
    error = refused(
        RuleViolation,
        assign_training,
        actor=org.director,
        course_id=course.pk,
        user_id=org.rep.pk,
        due_on=DUE,
    )
    assert (error.field, error.code) == ("course", "already_assigned")


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"course_id": 987_654}, "course", "unknown_reference"),
        ({"user_id": 987_654}, "user", "unknown_user"),
        ({"assigned_on": TOMORROW, "due_on": TOMORROW}, "assigned_on", "in_future"),
        ({"due_on": dt.date(2026, 3, 9)}, "due_on", "due_before_assigned"),
    ],
)
def test_bad_values_are_refused(org, course, changes, field, code):
    arguments = {
        "actor": org.manager,
        "course_id": course.pk,
        "user_id": org.rep.pk,
        "due_on": DUE,
        **changes,
    }
    error = refused(RuleViolation, assign_training, **arguments)
    assert (error.field, error.code) == (field, code)


def test_nobody_assigns_training_to_themselves(org, course):
    error = refused(
        RuleViolation,
        assign_training,
        actor=org.manager,
        course_id=course.pk,
        user_id=org.manager.pk,
        due_on=DUE,
    )
    assert (error.field, error.code) == ("user", "self")


@DEVELOP_REFUSALS
def test_only_those_above_the_person_assign_them_training(org, course, persona):
    refused(
        Forbidden,
        assign_training,
        actor=getattr(org, persona),
        course_id=course.pk,
        user_id=org.rep.pk,
        due_on=DUE,
    )

"""Completing, rescheduling and cancelling a training assignment."""

import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.people.models import TrainingAssignment
from patron.people.services.training import (
    assign_training,
    cancel_training_assignment,
    complete_training_assignment,
    reschedule_training_assignment,
)
from tests.factories.people import TrainingAssignmentFactory, TrainingCourseFactory
from tests.people.conftest import TODAY, TOMORROW, events, refused


@pytest.fixture
def assignment(org):
    return assign_training(
        actor=org.manager,
        course_id=TrainingCourseFactory(name="Negotiation").pk,
        user_id=org.rep.pk,
        assigned_on=dt.date(2026, 3, 2),
        due_on=dt.date(2026, 3, 31),
    )


@pytest.fixture
def completed(org):
    return TrainingAssignmentFactory(user=org.rep, completed_on=dt.date(2026, 3, 5), score=80)


def test_the_manager_records_completion_with_a_score(org, assignment):
    # when
    done = complete_training_assignment(
        actor=org.manager, assignment_id=assignment.pk, version=1, score=92
    )
    # then
    done.refresh_from_db()
    assert (done.completed_on, done.score, done.version) == (TODAY, 92, 2)
    event = events(done)[-1]
    assert event.action == "complete"
    assert event.changes == {"completed_on": [None, "2026-03-10"], "score": [None, 92]}


def test_completion_on_an_earlier_day_without_a_score(org, assignment):
    done = complete_training_assignment(
        actor=org.sales_ops,
        assignment_id=assignment.pk,
        version=1,
        completed_on=dt.date(2026, 3, 2),
    )
    assert (done.completed_on, done.score) == (dt.date(2026, 3, 2), None)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"completed_on": TOMORROW}, "completed_on", "in_future"),
        ({"completed_on": dt.date(2026, 3, 1)}, "completed_on", "completed_before_assigned"),
        ({"score": 101}, "score", "out_of_range"),
        ({"score": -1}, "score", "out_of_range"),
    ],
)
def test_bad_completions_are_refused(org, assignment, changes, field, code):
    error = refused(
        RuleViolation,
        complete_training_assignment,
        actor=org.manager,
        assignment_id=assignment.pk,
        version=1,
        **changes,
    )
    assert (error.field, error.code) == (field, code)


def test_a_completion_is_final(org, completed):
    error = refused(
        RuleViolation,
        complete_training_assignment,
        actor=org.manager,
        assignment_id=completed.pk,
        version=1,
        score=100,
    )
    assert (error.field, error.code) == ("completed_on", "already_completed")


def test_a_stale_completion_is_refused(org, assignment):
    reschedule_training_assignment(
        actor=org.manager, assignment_id=assignment.pk, version=1, due_on=dt.date(2026, 4, 30)
    )
    refused(
        StaleVersion,
        complete_training_assignment,
        actor=org.manager,
        assignment_id=assignment.pk,
        version=1,
    )


@pytest.mark.parametrize("persona", ["rep", "executive", "sales_ops_self"])
def test_the_assignee_and_read_only_roles_record_no_completion(org, persona):
    # given: the rep's own assignment (the rep sees it); sales ops' own one
    person = org.sales_ops if persona == "sales_ops_self" else org.rep
    actor = org.sales_ops if persona == "sales_ops_self" else getattr(org, persona)
    mine = TrainingAssignmentFactory(user=person)
    # when / then
    refused(Forbidden, complete_training_assignment, actor=actor, assignment_id=mine.pk, version=1)


@pytest.mark.parametrize("persona", ["rep2", "peer_manager", "peer_rep", "service_agent"])
def test_an_outsider_does_not_see_the_assignment(org, assignment, persona):
    for call in (complete_training_assignment, cancel_training_assignment):
        refused(
            NotVisible, call, actor=getattr(org, persona), assignment_id=assignment.pk, version=1
        )


def test_the_due_date_moves(org, assignment):
    moved = reschedule_training_assignment(
        actor=org.director, assignment_id=assignment.pk, version=1, due_on=dt.date(2026, 4, 30)
    )
    moved.refresh_from_db()
    assert (moved.due_on, moved.version) == (dt.date(2026, 4, 30), 2)
    event = events(moved)[-1]
    assert (event.action, event.changes) == ("reschedule", {"due_on": ["2026-03-31", "2026-04-30"]})


def test_the_due_date_stays_after_the_assignment_and_on_open_ones(org, assignment, completed):
    error = refused(
        RuleViolation,
        reschedule_training_assignment,
        actor=org.manager,
        assignment_id=assignment.pk,
        version=1,
        due_on=dt.date(2026, 3, 1),
    )
    assert (error.field, error.code) == ("due_on", "due_before_assigned")
    error = refused(
        RuleViolation,
        reschedule_training_assignment,
        actor=org.manager,
        assignment_id=completed.pk,
        version=1,
        due_on=dt.date(2026, 4, 30),
    )
    assert (error.field, error.code) == ("due_on", "already_completed")


def test_the_assignee_cannot_move_their_own_due_date(org, assignment):
    refused(
        Forbidden,
        reschedule_training_assignment,
        actor=org.rep,
        assignment_id=assignment.pk,
        version=1,
        due_on=dt.date(2026, 4, 30),
    )


def test_an_open_assignment_is_cancelled(org, assignment):
    # when
    cancel_training_assignment(actor=org.manager, assignment_id=assignment.pk, version=1)
    # then
    assert not TrainingAssignment.objects.exists()
    [_create, cancel] = events(assignment)
    assert cancel.action == "cancel"
    assert cancel.changes["user"] == [org.rep.pk, None]


def test_a_completed_assignment_is_not_cancelled(org, completed):
    error = refused(
        RuleViolation,
        cancel_training_assignment,
        actor=org.manager,
        assignment_id=completed.pk,
        version=1,
    )
    assert error.code == "already_completed"


def test_cancelling_needs_the_right_and_the_current_version(org, assignment):
    refused(
        Forbidden, cancel_training_assignment, actor=org.rep, assignment_id=assignment.pk, version=1
    )
    refused(
        StaleVersion,
        cancel_training_assignment,
        actor=org.manager,
        assignment_id=assignment.pk,
        version=2,
    )

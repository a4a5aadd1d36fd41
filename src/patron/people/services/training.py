"""Training: the company's courses, and assignments of a course to a person with a due
date, completed with a score.

Training completion (K29) counts the assignments due in a period that were completed
by their due date, so an assignment is set, moved, completed or cancelled only by
those who develop the person (`org.policy.may_develop`) — never by the person
themselves — and a completion is final. Courses are the company's catalogue, kept by
everyone who develops people (managers, sales ops, admins).

Courses have no "active" flag, so a course cannot be archived: one that was never
assigned may be deleted; one with assignments stays, as their history.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_int_range, require_not_future
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability
from patron.people.cleaning.training import (
    TrainingAssignmentInput,
    TrainingCourseInput,
    clean_course_fields,
    clean_training_assignment,
    clean_training_course,
    require_due_after_assigned,
    require_unique_name,
    taken_course_names,
    training_assignment_context,
    training_course_context,
)
from patron.people.errors import PeopleErrorCode
from patron.people.models import TrainingAssignment, TrainingCourse
from patron.people.services.checks import assignment_for_change, require_open

MAX_SCORE = 100  # scores are percentages (the table's constraint)
COURSE_FIELDS = ("name", "description", "skill", "duration_hours")


@service
def create_training_course(
    *,
    actor: User,
    name: str,
    description: str = "",
    skill: str = "",
    duration_hours: int = 1,
) -> TrainingCourse:
    """Add a course to the catalogue, optionally developing one skill. Names are unique
    regardless of capitals: two "Discovery calls" courses would split K29 by accident."""
    # The checks are `clean_training_course`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_training_course(
            TrainingCourseInput(
                name=name, description=description, skill=skill, duration_hours=duration_hours
            ),
            training_course_context(actor, names=[name]),
        )
    )
    course = TrainingCourse.objects.create(**vars(values), created_by=actor)
    record_created(course, actor=actor)
    return course


@service
def update_training_course(
    *,
    actor: User,
    course_id: int,
    version: int,
    name: str | Unset = UNSET,
    description: str | Unset = UNSET,
    skill: str | Unset = UNSET,
    duration_hours: int | Unset = UNSET,
) -> TrainingCourse:
    """Change a course's details; arguments left out keep their value."""
    course = _course_for_change(actor, course_id)
    require_version(course, version)
    before = snapshot(course)
    given = {
        key: value
        for key, value in {
            "name": name,
            "description": description,
            "skill": skill,
            "duration_hours": duration_hours,
        }.items()
        if not isinstance(value, Unset)
    }
    current = {key: getattr(course, key) for key in COURSE_FIELDS}
    values = vars(clean_course_fields(**{**current, **given}).value_or_raise())
    if "name" in given:
        require_unique_name(values["name"], taken_course_names([values["name"]], exclude=course.pk))
    for key in given:
        setattr(course, key, values[key])
    update_versioned(course, expected_version=version, fields=list(given))
    record_changed(course, actor=actor, before=before)
    return course


@service
def delete_training_course(*, actor: User, course_id: int, version: int) -> None:
    """Delete a course nobody was ever assigned (a mistake, a duplicate). A course with
    assignments is their history — what was trained and how it went — and stays."""
    course = _course_for_change(actor, course_id)
    require_version(course, version)
    if course.assignments.exists():
        raise RuleViolation(
            None,
            PeopleErrorCode.COURSE_IN_USE,
            _("People were assigned this course; it stays for their training history."),
        )
    record_deleted(course, actor=actor)
    course.delete()


@service
def assign_training(
    *,
    actor: User,
    course_id: int,
    user_id: int,
    due_on: date,
    assigned_on: date | None = None,
) -> TrainingAssignment:
    """Assign a course to a person the actor develops, due on `due_on` (not before it
    was assigned: today unless `assigned_on` says an earlier day).

    A person has at most one open assignment of a course: a second one would count
    twice in K29 for one piece of training.
    """
    # Two managers assigning the same course at once: the person's row, locked before
    # their open assignments are read, serialises them.
    User.objects.select_for_update().filter(pk=user_id).exists()
    # The checks are `clean_training_assignment`'s, on a context built for this one row
    # (an import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_training_assignment(
            TrainingAssignmentInput(
                course_id=course_id, user_id=user_id, due_on=due_on, assigned_on=assigned_on
            ),
            training_assignment_context(actor, course_ids=[course_id], user_ids=[user_id]),
        )
    )
    assignment = TrainingAssignment.objects.create(
        **vars(values), assigned_by=actor, created_by=actor
    )
    record_created(assignment, actor=actor)
    return assignment


@service
def reschedule_training_assignment(
    *, actor: User, assignment_id: int, version: int, due_on: date
) -> TrainingAssignment:
    """Move an open assignment's due date (not before the day it was assigned)."""
    assignment = assignment_for_change(actor, assignment_id)
    require_version(assignment, version)
    require_open(assignment, field="due_on")
    require_due_after_assigned(due_on, assignment.assigned_on)
    before = snapshot(assignment)
    assignment.due_on = due_on
    update_versioned(assignment, expected_version=version, fields=["due_on"])
    record_changed(assignment, actor=actor, before=before, action="reschedule")
    return assignment


@service
def complete_training_assignment(
    *,
    actor: User,
    assignment_id: int,
    version: int,
    completed_on: date | None = None,
    score: int | None = None,
) -> TrainingAssignment:
    """Record that the person completed the course, today unless `completed_on` says an
    earlier day (not before it was assigned), with a score from 0 to 100 if there is
    one. Completion is final: K29 judges it against the due date."""
    assignment = assignment_for_change(actor, assignment_id)
    require_version(assignment, version)
    require_open(assignment, field="completed_on")
    completed_on = require_not_future(completed_on or company_today(), field="completed_on")
    if completed_on < assignment.assigned_on:
        raise RuleViolation(
            "completed_on",
            PeopleErrorCode.COMPLETED_BEFORE_ASSIGNED,
            _("The training cannot be completed before it was assigned."),
        )
    before = snapshot(assignment)
    assignment.completed_on = completed_on
    assignment.score = require_int_range(score, field="score", low=0, high=MAX_SCORE)
    update_versioned(assignment, expected_version=version, fields=["completed_on", "score"])
    record_changed(assignment, actor=actor, before=before, action="complete")
    return assignment


@service
def cancel_training_assignment(*, actor: User, assignment_id: int, version: int) -> None:
    """Withdraw an open assignment (set by mistake, or no longer needed): it is removed,
    so K29 no longer expects it. A completed one is a result and stays."""
    assignment = assignment_for_change(actor, assignment_id)
    require_version(assignment, version)
    require_open(assignment, field=None)
    record_deleted(assignment, actor=actor, action="cancel")
    assignment.delete()


def _course_for_change(actor: User, course_id: int) -> TrainingCourse:
    require_capability(actor, Capability.DEVELOP_PEOPLE)
    course = TrainingCourse.objects.select_for_update().filter(pk=course_id).first()
    if course is None:
        raise NotVisible(str(TrainingCourse._meta.verbose_name))
    return course

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
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import (
    require_choice,
    require_int_range,
    require_not_future,
    require_text,
)
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability
from patron.people.choices import Skill
from patron.people.errors import PeopleErrorCode
from patron.people.models import TrainingAssignment, TrainingCourse
from patron.people.services.checks import assignment_for_change, person_to_develop, require_open

NAME_LIMIT = 200  # the column's length
DESCRIPTION_LIMIT = 4000
# A course longer than this is a programme of several courses.
MAX_DURATION_HOURS = 1000
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
    require_capability(actor, Capability.DEVELOP_PEOPLE)
    values = _course_values(
        name=name, description=description, skill=skill, duration_hours=duration_hours
    )
    _require_unique_name(str(values["name"]), course_id=None)
    course = TrainingCourse.objects.create(**values, created_by=actor)
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
    values = _course_values(**{**current, **given})
    if "name" in given:
        _require_unique_name(str(values["name"]), course_id=course.pk)
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
    person = person_to_develop(actor, user_id, field="user")
    course = TrainingCourse.objects.filter(pk=course_id).first()
    if course is None:
        raise RuleViolation(
            "course", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such course.")
        )
    assigned_on = require_not_future(assigned_on or company_today(), field="assigned_on")
    _require_due_after_assigned(due_on, assigned_on)
    # Two managers assigning the same course at once: the person's row serialises them.
    User.objects.select_for_update().filter(pk=person.pk).exists()
    if TrainingAssignment.objects.filter(
        course=course, user=person, completed_on__isnull=True
    ).exists():
        raise RuleViolation(
            "course",
            PeopleErrorCode.ALREADY_ASSIGNED,
            _("%(person)s already has this course to complete.") % {"person": person},
        )
    assignment = TrainingAssignment.objects.create(
        course=course,
        user=person,
        assigned_by=actor,
        assigned_on=assigned_on,
        due_on=due_on,
        created_by=actor,
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
    _require_due_after_assigned(due_on, assignment.assigned_on)
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


def _course_values(
    *, name: str, description: str, skill: str, duration_hours: int | None
) -> dict[str, object]:
    return {
        "name": require_text(name, field="name", limit=NAME_LIMIT, required=True),
        "description": require_text(description, field="description", limit=DESCRIPTION_LIMIT),
        "skill": require_choice(skill, field="skill", choices=Skill.values, blank=True),
        "duration_hours": require_int_range(
            duration_hours, field="duration_hours", low=1, high=MAX_DURATION_HOURS, required=True
        ),
    }


def _require_unique_name(name: str, *, course_id: int | None) -> None:
    others = TrainingCourse.objects.filter(name__iexact=name)
    if course_id is not None:
        others = others.exclude(pk=course_id)
    if others.exists():
        raise RuleViolation(
            "name", CommonErrorCode.DUPLICATE, _("Another course already has this name.")
        )


def _require_due_after_assigned(due_on: date, assigned_on: date) -> None:
    if due_on < assigned_on:
        raise RuleViolation(
            "due_on",
            PeopleErrorCode.DUE_BEFORE_ASSIGNED,
            _("The due date cannot be before the day the training was assigned."),
        )

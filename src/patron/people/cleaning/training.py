"""The clean steps of adding a training course and assigning one (see `core.cleaning`
and decision 0020): the raw values and a context loaded beforehand in, the checked
course or assignment or every wrong field out, with no query.

Also the rules the other training services share with them: a course's fields and
its unique name, and an assignment due no earlier than the day it was assigned.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import company_today
from patron.core.validation import (
    require_choice,
    require_int_range,
    require_not_future,
    require_text,
)
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import active_users_by_id, require_capability
from patron.org.visibility import with_reporting_tree
from patron.people.choices import Skill
from patron.people.errors import PeopleErrorCode
from patron.people.models import TrainingAssignment, TrainingCourse
from patron.people.services.checks import person_to_develop_among

NAME_LIMIT = 200  # the column's length
DESCRIPTION_LIMIT = 4000
# A course longer than this is a programme of several courses.
MAX_DURATION_HOURS = 1000
# Course names looked up per query (each is one condition of the query).
NAMES_PER_QUERY = 500


@dataclass(frozen=True)
class TrainingCourseInput:
    """A training course as typed or imported."""

    name: str
    description: str = ""
    skill: str = ""
    duration_hours: int | None = 1


@dataclass(frozen=True)
class TrainingCourseContext:
    """What cleaning new courses needs from the database: the actor, and the names
    (in capitals) of the existing courses named like the new ones in any capitals."""

    actor: User
    taken_names: frozenset[str]


@dataclass(frozen=True)
class TrainingCourseValues:
    """A course's fields, checked and trimmed, ready to be written."""

    name: str
    description: str
    skill: str
    duration_hours: int


@dataclass(frozen=True)
class TrainingAssignmentInput:
    """An assignment of a course to a person as typed or imported."""

    course_id: int
    user_id: int
    due_on: date
    assigned_on: date | None = None


@dataclass(frozen=True)
class TrainingAssignmentContext:
    """What cleaning assignments needs from the database: the actor (with their
    reporting tree walked, for `org.policy.may_develop`), the company's today, the
    active users and the courses named, and which of those people have which of those
    courses still to complete (course id, user id)."""

    actor: User
    today: date
    people: Mapping[int, User]
    courses: Mapping[int, TrainingCourse]
    open_assignments: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class TrainingAssignmentValues:
    """An assignment ready to be written (assigned by the actor)."""

    course: TrainingCourse
    user: User
    assigned_on: date
    due_on: date


def training_course_context(actor: User, *, names: Iterable[str]) -> TrainingCourseContext:
    """The context for cleaning courses with these names: one query for the names
    taken (per `NAMES_PER_QUERY` different names), whatever the number of rows."""
    return TrainingCourseContext(actor=actor, taken_names=taken_course_names(names))


def clean_training_course(
    raw: TrainingCourseInput, context: TrainingCourseContext
) -> Cleaned[TrainingCourseValues]:
    """Every check of a new course (the rules are `create_training_course`'s), each
    wrong field reported, in the order the service checks them: whether the actor
    keeps the catalogue, the course's fields, then its name not taken in any
    capitals."""
    errors = ErrorCollector()
    errors.check(lambda: require_capability(context.actor, Capability.DEVELOP_PEOPLE), None)
    values = _course_fields(
        errors,
        name=raw.name,
        description=raw.description,
        skill=raw.skill,
        duration_hours=raw.duration_hours,
    )
    if values is not None:
        errors.check(lambda: require_unique_name(values.name, context.taken_names), None)
    if errors.errors or values is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(values)


def clean_course_fields(
    *, name: str, description: str, skill: str, duration_hours: int | None
) -> Cleaned[TrainingCourseValues]:
    """A course's fields checked and trimmed, or every error (also the check of
    `update_training_course`)."""
    errors = ErrorCollector()
    values = _course_fields(
        errors, name=name, description=description, skill=skill, duration_hours=duration_hours
    )
    return Cleaned(values, errors.errors)


def taken_course_names(names: Iterable[str], *, exclude: int | None = None) -> frozenset[str]:
    """The names, in capitals, of the courses (other than `exclude`) named like one of
    `names` in any capitals — as the database compares them."""
    wanted = sorted({name.strip() for name in names if name and name.strip()})
    taken: set[str] = set()
    for start in range(0, len(wanted), NAMES_PER_QUERY):
        chunk = wanted[start : start + NAMES_PER_QUERY]
        courses = TrainingCourse.objects.filter(
            reduce(or_, (Q(name__iexact=name) for name in chunk))
        )
        if exclude is not None:
            courses = courses.exclude(pk=exclude)
        taken.update(name.upper() for name in courses.values_list("name", flat=True))
    return frozenset(taken)


def require_unique_name(name: str, taken: Collection[str]) -> None:
    """Course names are unique regardless of capitals: two "Discovery calls" courses
    would split K29 by accident. `taken` is `taken_course_names`."""
    if name.upper() in taken:
        raise RuleViolation(
            "name", CommonErrorCode.DUPLICATE, _("Another course already has this name.")
        )


def training_assignment_context(
    actor: User, *, course_ids: Iterable[int | None], user_ids: Iterable[int | None]
) -> TrainingAssignmentContext:
    """The context for cleaning assignments of these courses to these people: one query
    per kind of reference (people, courses, open assignments, the company's today),
    whatever the number of rows."""
    actor = with_reporting_tree(actor)
    people = active_users_by_id(user_ids)
    wanted = ids_of(course_ids)
    courses = TrainingCourse.objects.in_bulk(wanted) if wanted else {}
    open_assignments = (
        TrainingAssignment.objects.filter(
            course_id__in=list(courses), user_id__in=list(people), completed_on__isnull=True
        ).values_list("course_id", "user_id")
        if courses and people
        else []
    )
    return TrainingAssignmentContext(
        actor=actor,
        today=company_today(),
        people=people,
        courses=courses,
        open_assignments=frozenset(open_assignments),
    )


def clean_training_assignment(
    raw: TrainingAssignmentInput, context: TrainingAssignmentContext
) -> Cleaned[TrainingAssignmentValues]:
    """Every check of a new assignment (the rules are `assign_training`'s), each wrong
    field reported, in the order the service checks them: the person, the course, the
    day it is assigned (today unless given; never in the future), the due date, and
    no open assignment of the course for the person."""
    errors = ErrorCollector()
    person = check_named(
        errors,
        "user",
        lambda: person_to_develop_among(context.actor, context.people, raw.user_id, field="user"),
    )
    course = context.courses.get(raw.course_id)
    if course is None:
        errors.errors.append(
            FieldError("course", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such course."))
        )
    assigned_on = raw.assigned_on or context.today
    errors.check(
        lambda: require_not_future(assigned_on, field="assigned_on", today=context.today), None
    )
    errors.check(lambda: require_due_after_assigned(raw.due_on, assigned_on), None)
    if (
        person is not None
        and course is not None
        and (course.pk, person.pk) in context.open_assignments
    ):
        errors.errors.append(
            FieldError(
                "course",
                PeopleErrorCode.ALREADY_ASSIGNED,
                _("%(person)s already has this course to complete.") % {"person": person},
            )
        )
    if errors.errors or person is None or course is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        TrainingAssignmentValues(
            course=course, user=person, assigned_on=assigned_on, due_on=raw.due_on
        )
    )


def require_due_after_assigned(due_on: date, assigned_on: date) -> None:
    if due_on < assigned_on:
        raise RuleViolation(
            "due_on",
            PeopleErrorCode.DUE_BEFORE_ASSIGNED,
            _("The due date cannot be before the day the training was assigned."),
        )


def _course_fields(
    errors: ErrorCollector,
    *,
    name: str,
    description: str,
    skill: str,
    duration_hours: int | None,
) -> TrainingCourseValues | None:
    before = len(errors.errors)
    values = TrainingCourseValues(
        name=errors.check(
            lambda: require_text(name, field="name", limit=NAME_LIMIT, required=True), ""
        ),
        description=errors.check(
            lambda: require_text(description, field="description", limit=DESCRIPTION_LIMIT), ""
        ),
        skill=errors.check(
            lambda: require_choice(skill, field="skill", choices=Skill.values, blank=True), ""
        ),
        duration_hours=errors.check(
            lambda: require_int_range(
                duration_hours,
                field="duration_hours",
                low=1,
                high=MAX_DURATION_HOURS,
                required=True,
            ),
            0,
        ),
    )
    return None if len(errors.errors) > before else values

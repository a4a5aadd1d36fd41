"""The clean steps of the people-development creates (coaching notes, skill assessments,
training courses and assignments): every wrong field at once, no query per row, a
context whose cost does not grow with the rows, and the same values and refusals as the
services."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.activities.choices import ActivityKind
from patron.activities.models import Activity
from patron.core.errors import DomainError
from patron.people.choices import CoachingKind, Skill
from patron.people.cleaning.coaching import (
    CoachingNoteInput,
    clean_coaching_note,
    coaching_note_context,
)
from patron.people.cleaning.skills import (
    SkillAssessmentInput,
    clean_skill_assessment,
    skill_assessment_context,
)
from patron.people.cleaning.training import (
    TrainingAssignmentInput,
    TrainingCourseInput,
    clean_training_assignment,
    clean_training_course,
    training_assignment_context,
    training_course_context,
)
from patron.people.services.coaching import write_coaching_note
from patron.people.services.skills import record_skill_assessment
from patron.people.services.training import assign_training, create_training_course
from tests.factories.people import TrainingAssignmentFactory, TrainingCourseFactory
from tests.factories.pipeline import OpportunityFactory
from tests.people.conftest import TODAY, TOMORROW

DUE = dt.date(2026, 4, 10)


def codes(cleaned) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in cleaned.errors]


def queries_of(build) -> int:
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


def call_of(owner) -> Activity:
    return Activity.objects.create(kind=ActivityKind.CALL, subject="Discovery call", owner=owner)


# --- coaching notes ------------------------------------------------------------------


def note_context(actor, rows):
    return coaching_note_context(
        actor,
        rep_ids=[row.rep_id for row in rows],
        opportunity_ids=[row.opportunity_id for row in rows],
        activity_ids=[row.activity_id for row in rows],
    )


def test_a_clean_note_gives_the_values_the_service_writes(org):
    # given
    deal = OpportunityFactory(account__owner=org.rep)
    row = CoachingNoteInput(
        rep_id=org.rep.pk,
        note="  Map the economic buyer. ",
        kind=CoachingKind.DEAL_REVIEW,
        opportunity_id=deal.pk,
    )
    # when
    values = clean_coaching_note(row, note_context(org.manager, [row])).value_or_raise()
    note = write_coaching_note(actor=org.manager, **vars(row))
    # then
    assert (values.rep, values.note, values.kind, values.given_on) == (
        org.rep,
        "Map the economic buyer.",
        "deal_review",
        TODAY,
    )
    assert (values.opportunity, values.activity) == (deal, None)
    assert (note.rep, note.author, note.note, note.given_on, note.opportunity) == (
        values.rep,
        org.manager,
        values.note,
        values.given_on,
        values.opportunity,
    )


def test_every_wrong_field_of_a_note_is_reported_with_its_code(org):
    # given: a deal the manager does not see, and a call of another rep
    hidden_deal = OpportunityFactory(account__owner=org.peer_rep)
    row = CoachingNoteInput(
        rep_id=org.manager.pk,
        note=" ",
        kind="rant",
        given_on=TOMORROW,
        opportunity_id=hidden_deal.pk,
        activity_id=call_of(org.rep2).pk,
    )
    # when
    cleaned = clean_coaching_note(row, note_context(org.manager, [row]))
    # then: the rep is the writer, so "another rep's call" is not judged
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("rep", "self"),
        ("note", "required"),
        ("kind", "unknown_choice"),
        ("given_on", "in_future"),
        ("opportunity", "not_found"),
    ]


def test_a_deal_and_a_call_of_another_rep_are_both_reported(org):
    row = CoachingNoteInput(
        rep_id=org.rep.pk,
        note="About these.",
        opportunity_id=OpportunityFactory(account__owner=org.rep2).pk,
        activity_id=call_of(org.rep2).pk,
    )
    cleaned = clean_coaching_note(row, note_context(org.manager, [row]))
    assert codes(cleaned) == [("opportunity", "not_about_rep"), ("activity", "not_about_rep")]
    assert [error.message for error in cleaned.errors] == [
        "Choose a deal the rep owns.",
        "Choose an activity of the rep's.",
    ]


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("rep2", {"note": " "}),
        ("service_agent", {"kind": "rant"}),
        ("manager", {"rep_id": 987_654, "note": " "}),
        ("manager", {"given_on": TOMORROW, "opportunity_id": "hidden"}),
        ("manager", {"opportunity_id": "hidden"}),
    ],
)
def test_the_first_error_of_a_note_is_the_one_the_service_raises(org, actor, changes):
    # given
    if changes.get("opportunity_id") == "hidden":
        changes = {**changes, "opportunity_id": OpportunityFactory(account__owner=org.peer_rep).pk}
    row = CoachingNoteInput(**{"rep_id": org.rep.pk, "note": "Good call.", **changes})
    user = getattr(org, actor)
    # when
    cleaned = clean_coaching_note(row, note_context(user, [row]))
    with pytest.raises(DomainError) as refusal:
        write_coaching_note(actor=user, **vars(row))
    # then
    assert (cleaned.errors[0].code, cleaned.errors[0].message) == (
        refusal.value.code,
        refusal.value.message,
    )


def test_two_hundred_notes_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: notes for the manager's three people; every seventh is of no kind we know
    deals = {rep.pk: OpportunityFactory(account__owner=rep) for rep in (org.rep, org.rep2)}
    calls = {rep.pk: call_of(rep) for rep in (org.rep, org.rep2)}
    people = [org.rep, org.rep2, org.account_manager]
    rows = [
        CoachingNoteInput(
            rep_id=people[number % 3].pk,
            note=f"Note {number}",
            kind="rant" if number % 7 == 0 else CoachingKind.FEEDBACK,
            opportunity_id=getattr(deals.get(people[number % 3].pk), "pk", None),
            activity_id=getattr(calls.get(people[number % 3].pk), "pk", None),
        )
        for number in range(200)
    ]
    context = note_context(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_coaching_note(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_note_context_costs_the_same_queries_for_few_rows_or_many(org):
    # given
    people = [org.rep, org.rep2, org.account_manager]
    deals = [OpportunityFactory(account__owner=person) for person in people]
    calls = [call_of(person) for person in people]

    def rows(count):
        return [
            CoachingNoteInput(
                rep_id=people[number % 3].pk,
                note="Well done.",
                opportunity_id=deals[number % 3].pk,
                activity_id=calls[number % 3].pk,
            )
            for number in range(count)
        ]

    queries_of(lambda: note_context(org.director, rows(1)))  # walks the director's tree once
    # when / then
    assert queries_of(lambda: note_context(org.director, rows(3))) == queries_of(
        lambda: note_context(org.director, rows(150))
    )


# --- skill assessments ---------------------------------------------------------------


def assessment_context(actor, rows):
    return skill_assessment_context(actor, user_ids=[row.user_id for row in rows])


def test_a_clean_assessment_gives_the_values_the_service_writes(org):
    # given
    row = SkillAssessmentInput(
        user_id=org.rep.pk,
        skill=Skill.NEGOTIATION,
        score=4,
        assessed_on=dt.date(2026, 3, 2),
        note=" Firm. ",
    )
    # when
    values = clean_skill_assessment(row, assessment_context(org.manager, [row])).value_or_raise()
    assessment = record_skill_assessment(actor=org.manager, **vars(row))
    # then
    assert (values.user, values.skill, values.score, values.assessed_on, values.note) == (
        org.rep,
        "negotiation",
        4,
        dt.date(2026, 3, 2),
        "Firm.",
    )
    assert (assessment.user, assessment.assessor, assessment.score, assessment.note) == (
        values.user,
        org.manager,
        values.score,
        values.note,
    )


def test_every_wrong_field_of_an_assessment_is_reported_with_its_code(org):
    # given
    row = SkillAssessmentInput(
        user_id=987_654, skill="juggling", score=6, assessed_on=TOMORROW, note="x" * 2001
    )
    # when
    cleaned = clean_skill_assessment(row, assessment_context(org.manager, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("user", "unknown_user"),
        ("score", "out_of_range"),
        ("skill", "unknown_choice"),
        ("assessed_on", "in_future"),
        ("note", "too_long"),
    ]


@pytest.mark.parametrize(
    ("actor", "first"),
    [("rep2", ("user", "forbidden")), ("executive", ("user", "forbidden"))],
)
def test_an_assessment_by_someone_who_does_not_develop_the_person_is_refused(org, actor, first):
    row = SkillAssessmentInput(user_id=org.rep.pk, skill=Skill.CLOSING, score=None)
    cleaned = clean_skill_assessment(row, assessment_context(getattr(org, actor), [row]))
    assert codes(cleaned) == [first, ("score", "required")]


def test_two_hundred_assessments_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: every seventh score is out of range
    people = [org.rep, org.rep2, org.account_manager]
    rows = [
        SkillAssessmentInput(
            user_id=people[number % 3].pk,
            skill=Skill.values[number % len(Skill.values)],
            score=9 if number % 7 == 0 else 1 + number % 5,
        )
        for number in range(200)
    ]
    context = assessment_context(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_skill_assessment(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_assessment_context_costs_the_same_queries_for_few_rows_or_many(org):
    people = [org.rep, org.rep2, org.account_manager, org.peer_rep]

    def rows(count):
        return [
            SkillAssessmentInput(user_id=people[number % 4].pk, skill=Skill.CLOSING, score=3)
            for number in range(count)
        ]

    queries_of(lambda: assessment_context(org.sales_ops, rows(1)))
    assert queries_of(lambda: assessment_context(org.sales_ops, rows(4))) == queries_of(
        lambda: assessment_context(org.sales_ops, rows(150))
    )


# --- training courses ----------------------------------------------------------------


def course_context(actor, rows):
    return training_course_context(actor, names=[row.name for row in rows])


def test_a_clean_course_gives_the_values_the_service_writes(org):
    # given
    row = TrainingCourseInput(
        name=" Discovery calls ", description="Ask why twice.", skill=Skill.DISCOVERY
    )
    # when
    values = clean_training_course(row, course_context(org.manager, [row])).value_or_raise()
    course = create_training_course(actor=org.manager, **vars(row))
    # then
    assert (values.name, values.description, values.skill, values.duration_hours) == (
        "Discovery calls",
        "Ask why twice.",
        "discovery",
        1,
    )
    assert (course.name, course.skill, course.duration_hours) == (
        values.name,
        values.skill,
        values.duration_hours,
    )


def test_every_wrong_field_of_a_course_is_reported_with_its_code(org):
    # given: a rep keeps no catalogue
    row = TrainingCourseInput(
        name="x" * 201, description="x" * 4001, skill="juggling", duration_hours=0
    )
    # when
    cleaned = clean_training_course(row, course_context(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        (None, "forbidden"),
        ("name", "too_long"),
        ("description", "too_long"),
        ("skill", "unknown_choice"),
        ("duration_hours", "out_of_range"),
    ]


def test_a_name_taken_in_other_capitals_is_reported(org):
    # given
    TrainingCourseFactory(name="Discovery calls")
    rows = [
        TrainingCourseInput(name=" discovery CALLS ", duration_hours=None),
        TrainingCourseInput(name="Negotiation"),
    ]
    context = course_context(org.sales_ops, rows)
    # when
    outcomes = [clean_training_course(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [("duration_hours", "required")],
        [],
    ]
    assert codes(clean_training_course(TrainingCourseInput(name="DISCOVERY calls"), context)) == [
        ("name", "duplicate")
    ]


def test_two_hundred_courses_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: five courses exist; every seventh row takes one of their names
    for number in range(5):
        TrainingCourseFactory(name=f"Existing {number}")
    rows = [
        TrainingCourseInput(
            name=f"EXISTING {number % 5}" if number % 7 == 0 else f"Course {number}",
            duration_hours=1 + number % 8,
        )
        for number in range(200)
    ]
    context = course_context(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_training_course(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_course_context_costs_the_same_queries_for_few_rows_or_many(org):
    def rows(count):
        return [TrainingCourseInput(name=f"Course {number}") for number in range(count)]

    assert queries_of(lambda: course_context(org.sales_ops, rows(3))) == queries_of(
        lambda: course_context(org.sales_ops, rows(150))
    )


# --- training assignments ------------------------------------------------------------


def assignment_context(actor, rows):
    return training_assignment_context(
        actor,
        course_ids=[row.course_id for row in rows],
        user_ids=[row.user_id for row in rows],
    )


def test_a_clean_assignment_gives_the_values_the_service_writes(org):
    # given
    course = TrainingCourseFactory(name="Discovery calls")
    row = TrainingAssignmentInput(
        course_id=course.pk, user_id=org.rep.pk, due_on=DUE, assigned_on=dt.date(2026, 3, 2)
    )
    # when
    values = clean_training_assignment(row, assignment_context(org.manager, [row])).value_or_raise()
    assignment = assign_training(actor=org.manager, **vars(row))
    # then
    assert (values.course, values.user, values.assigned_on, values.due_on) == (
        course,
        org.rep,
        dt.date(2026, 3, 2),
        DUE,
    )
    assert (assignment.course, assignment.user, assignment.assigned_by) == (
        values.course,
        values.user,
        org.manager,
    )
    assert (assignment.assigned_on, assignment.due_on) == (values.assigned_on, values.due_on)


def test_every_wrong_field_of_an_assignment_is_reported_with_its_code(org):
    # given
    row = TrainingAssignmentInput(
        course_id=987_654, user_id=org.manager.pk, due_on=TODAY, assigned_on=TOMORROW
    )
    # when
    cleaned = clean_training_assignment(row, assignment_context(org.manager, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("user", "self"),
        ("course", "unknown_reference"),
        ("assigned_on", "in_future"),
        ("due_on", "due_before_assigned"),
    ]


def test_an_open_assignment_of_the_course_is_reported_and_a_completed_one_is_not(org):
    # given: the rep has the course open, rep2 completed it
    course = TrainingCourseFactory(name="Discovery calls")
    TrainingAssignmentFactory(course=course, user=org.rep)
    TrainingAssignmentFactory(course=course, user=org.rep2, completed_on=dt.date(2026, 3, 5))
    rows = [
        TrainingAssignmentInput(course_id=course.pk, user_id=person.pk, due_on=DUE)
        for person in (org.rep, org.rep2)
    ]
    context = assignment_context(org.manager, rows)
    # when
    outcomes = [clean_training_assignment(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [[("course", "already_assigned")], []]
    assert outcomes[0].errors[0].message == f"{org.rep} already has this course to complete."


def test_two_hundred_assignments_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given: three courses, three people; every seventh row is due before it is assigned
    courses = [TrainingCourseFactory() for _ in range(3)]
    people = [org.rep, org.rep2, org.account_manager]
    rows = [
        TrainingAssignmentInput(
            course_id=courses[number % 3].pk,
            user_id=people[(number // 3) % 3].pk,
            due_on=dt.date(2026, 3, 1) if number % 7 == 0 else DUE,
        )
        for number in range(200)
    ]
    context = assignment_context(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_training_assignment(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_assignment_context_costs_the_same_queries_for_few_rows_or_many(org):
    courses = [TrainingCourseFactory() for _ in range(4)]
    people = [org.rep, org.rep2, org.account_manager]

    def rows(count):
        return [
            TrainingAssignmentInput(
                course_id=courses[number % 4].pk, user_id=people[number % 3].pk, due_on=DUE
            )
            for number in range(count)
        ]

    queries_of(lambda: assignment_context(org.manager, rows(1)))
    assert queries_of(lambda: assignment_context(org.manager, rows(3))) == queries_of(
        lambda: assignment_context(org.manager, rows(150))
    )

"""Stored training courses and assignments, skill assessments and coaching notes read
back through their creates' clean steps.

- A course's name is held by the course itself: only another course with the same
  name (ignoring case) refuses it.
- An assignment, an assessment and a note were written by their create's actor —
  whoever assigned the course, assessed the skill or wrote the note — so each is
  cleaned as that person, as they were then (one context per batch and person); an
  assignment whose assigner was deleted since is cleaned as the checking actor.
- The rule "not in the future" is about the day the row was created (its
  `created_at`, in the company's time zone).
- A course is assigned once until completed: an assignment is refused when an
  assignment of the course to the person made before it (a lower id) was still open
  on its day (not completed, or completed later).
- A coaching note is about a deal the rep owned when the note was written: the deal's
  owner then is read from its history.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from patron.bulk.cleaning.shared import (
    by_actor,
    company_zone,
    day_in,
    earlier,
    held_twice,
    with_users,
)
from patron.core.cleaning import Cleaned
from patron.org.models import User
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
from patron.people.models import (
    CoachingNote,
    SkillAssessment,
    TrainingAssignment,
    TrainingCourse,
)
from patron.pipeline.choices import TrackedField
from patron.pipeline.models import Opportunity, OpportunityHistory


def training_courses(
    actor: User, rows: Sequence[TrainingCourse]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    names = held_twice(
        TrainingCourse, "name", [row.name.strip().upper() for row in rows], fold=str.upper
    )
    context = dataclasses.replace(training_course_context(actor, names=()), taken_names=names)
    for row in rows:
        raw = TrainingCourseInput(
            name=row.name,
            description=row.description,
            skill=row.skill,
            duration_hours=row.duration_hours,
        )
        yield row.pk, clean_training_course(raw, context)


def training_assignments(
    actor: User, rows: Sequence[TrainingAssignment]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    zone = company_zone()
    stored = TrainingAssignment.objects.filter(
        user_id__in={row.user_id for row in rows}, course_id__in={row.course_id for row in rows}
    )
    assigned_before = earlier(
        ((course, user), pk, completed)
        for pk, course, user, completed in stored.values_list(
            "pk", "course_id", "user_id", "completed_on"
        )
    )
    for assigner, grouped in by_actor(rows, lambda row: row.assigned_by_id, actor):
        user_ids = [row.user_id for row in grouped]
        context = training_assignment_context(
            assigner, course_ids=[row.course_id for row in grouped], user_ids=user_ids
        )
        context = with_users(context, "people", user_ids)
        for row in grouped:
            still_open = any(
                completed is None or completed > row.assigned_on
                for completed in assigned_before.get(row.pk, ())
            )
            raw = TrainingAssignmentInput(
                course_id=row.course_id,
                user_id=row.user_id,
                due_on=row.due_on,
                assigned_on=row.assigned_on,
            )
            yield (
                row.pk,
                clean_training_assignment(
                    raw,
                    dataclasses.replace(
                        context,
                        today=day_in(zone, row.created_at),
                        open_assignments=(
                            frozenset({(row.course_id, row.user_id)}) if still_open else frozenset()
                        ),
                    ),
                ),
            )


def skill_assessments(
    actor: User, rows: Sequence[SkillAssessment]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    zone = company_zone()
    for assessor, grouped in by_actor(rows, lambda row: row.assessor_id, actor):
        user_ids = [row.user_id for row in grouped]
        context = with_users(
            skill_assessment_context(assessor, user_ids=user_ids), "people", user_ids
        )
        for row in grouped:
            raw = SkillAssessmentInput(
                user_id=row.user_id,
                skill=row.skill,
                score=row.score,
                assessed_on=row.assessed_on,
                note=row.note,
            )
            yield (
                row.pk,
                clean_skill_assessment(
                    raw, dataclasses.replace(context, today=day_in(zone, row.created_at))
                ),
            )


def coaching_notes(actor: User, rows: Sequence[CoachingNote]) -> Iterator[tuple[int, Cleaned[Any]]]:
    zone = company_zone()
    owners = _owner_changes({row.opportunity_id for row in rows if row.opportunity_id})
    for author, grouped in by_actor(rows, lambda row: row.author_id, actor):
        rep_ids = [row.rep_id for row in grouped]
        context = coaching_note_context(
            author,
            rep_ids=rep_ids,
            opportunity_ids=[row.opportunity_id for row in grouped],
            activity_ids=[row.activity_id for row in grouped],
        )
        context = with_users(context, "people", rep_ids)
        for row in grouped:
            deals = context.opportunities
            deal = deals.get(row.opportunity_id) if row.opportunity_id else None
            if deal is not None:
                deals = {deal.pk: _owned_then(deal, owners.get(deal.pk, ()), row.created_at)}
            raw = CoachingNoteInput(
                rep_id=row.rep_id,
                note=row.note,
                kind=row.kind,
                given_on=row.given_on,
                opportunity_id=row.opportunity_id,
                activity_id=row.activity_id,
            )
            yield (
                row.pk,
                clean_coaching_note(
                    raw,
                    dataclasses.replace(
                        context, today=day_in(zone, row.created_at), opportunities=deals
                    ),
                ),
            )


OwnerChange = tuple[datetime, str, str]


def _owner_changes(deal_ids: set[int]) -> Mapping[int, list[OwnerChange]]:
    """Each deal's owner changes (when, old owner, new owner), oldest first."""
    changes: dict[int, list[OwnerChange]] = defaultdict(list)
    if deal_ids:
        for deal_id, changed_at, old, new in (
            OpportunityHistory.objects.filter(opportunity_id__in=deal_ids, field=TrackedField.OWNER)
            .order_by("changed_at", "pk")
            .values_list("opportunity_id", "changed_at", "old_value", "new_value")
        ):
            changes[deal_id].append((changed_at, old, new))
    return changes


def _owned_then(deal: Opportunity, changes: Sequence[OwnerChange], moment: datetime) -> Opportunity:
    """The deal with the owner it had at `moment`: the new owner of the last change
    before it, else the old owner of the first change after it, else its owner."""
    before = [new for changed_at, _old, new in changes if changed_at <= moment and new]
    after = [old for changed_at, old, _new in changes if changed_at > moment and old]
    owner = before[-1] if before else after[0] if after else None
    if owner is None or int(owner) == deal.owner_id:
        return deal
    then = copy.copy(deal)
    then.owner_id = int(owner)
    return then

"""Skill assessments: a rating of one skill of one person, 1 to 5, on a day.

Assessments are history: skill level (K30) takes the latest per person and skill and
its change over a period, so an assessment is never edited — a new one supersedes it
(a mistaken rating is superseded the same way, by the right one). No correction
service exists on purpose: rewriting a past rating would rewrite K30's past.

The checks of a new assessment are its clean step, `cleaning/skills.py`.
"""

from __future__ import annotations

from datetime import date

from patron.core.audit import record_created
from patron.core.cleaning import raise_first
from patron.core.operations import service
from patron.org.models import User
from patron.people.cleaning.skills import (
    SkillAssessmentInput,
    clean_skill_assessment,
    skill_assessment_context,
)
from patron.people.models import SkillAssessment


@service
def record_skill_assessment(
    *,
    actor: User,
    user_id: int,
    skill: str,
    score: int,
    assessed_on: date | None = None,
    note: str = "",
) -> SkillAssessment:
    """Rate one skill of a person the actor develops (`org.policy.may_develop`; never
    oneself), on a day that has happened: today unless `assessed_on` says earlier."""
    # The checks are `clean_skill_assessment`'s, on a context built for this one row
    # (an import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_skill_assessment(
            SkillAssessmentInput(
                user_id=user_id, skill=skill, score=score, assessed_on=assessed_on, note=note
            ),
            skill_assessment_context(actor, user_ids=[user_id]),
        )
    )
    assessment = SkillAssessment.objects.create(**vars(values), assessor=actor, created_by=actor)
    record_created(assessment, actor=actor)
    return assessment

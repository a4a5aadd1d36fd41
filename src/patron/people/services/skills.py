"""Skill assessments: a rating of one skill of one person, 1 to 5, on a day.

Assessments are history: skill level (K30) takes the latest per person and skill and
its change over a period, so an assessment is never edited — a new one supersedes it
(a mistaken rating is superseded the same way, by the right one). No correction
service exists on purpose: rewriting a past rating would rewrite K30's past.
"""

from __future__ import annotations

from datetime import date

from patron.core.audit import record_created
from patron.core.models import company_today
from patron.core.operations import service
from patron.core.validation import (
    require_choice,
    require_int_range,
    require_not_future,
    require_text,
)
from patron.org.models import User
from patron.people.choices import Skill
from patron.people.models import SkillAssessment
from patron.people.services.checks import person_to_develop

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
NOTE_LIMIT = 2000


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
    person = person_to_develop(actor, user_id, field="user")
    checked_score = require_int_range(
        score, field="score", low=LOWEST_SCORE, high=HIGHEST_SCORE, required=True
    )
    assessment = SkillAssessment.objects.create(
        user=person,
        assessor=actor,
        skill=require_choice(skill, field="skill", choices=Skill.values),
        score=checked_score,
        assessed_on=require_not_future(assessed_on or company_today(), field="assessed_on"),
        note=require_text(note, field="note", limit=NOTE_LIMIT),
        created_by=actor,
    )
    record_created(assessment, actor=actor)
    return assessment

"""The clean step of recording a skill assessment (see `core.cleaning` and decision
0020): the raw values and a context loaded beforehand in, the checked assessment or
every wrong field out, with no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from patron.core.cleaning import Cleaned, ErrorCollector, check_named
from patron.core.models import company_today
from patron.core.validation import (
    require_choice,
    require_int_range,
    require_not_future,
    require_text,
)
from patron.org.models import User
from patron.org.policy import active_users_by_id
from patron.org.visibility import with_reporting_tree
from patron.people.choices import Skill
from patron.people.services.checks import person_to_develop_among

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
NOTE_LIMIT = 2000


@dataclass(frozen=True)
class SkillAssessmentInput:
    """A skill assessment as typed or imported."""

    user_id: int
    skill: str
    score: int | None
    assessed_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class SkillAssessmentContext:
    """What cleaning skill assessments needs from the database: the actor (with their
    reporting tree walked, for `org.policy.may_develop`), the company's today, and the
    active users named as the people assessed."""

    actor: User
    today: date
    people: Mapping[int, User]


@dataclass(frozen=True)
class SkillAssessmentValues:
    """A skill assessment ready to be written (its assessor is the actor)."""

    user: User
    skill: str
    score: int
    assessed_on: date
    note: str


def skill_assessment_context(
    actor: User, *, user_ids: Iterable[int | None]
) -> SkillAssessmentContext:
    """The context for cleaning assessments of these people: one query for the people
    and one for the company's today, whatever the number of rows."""
    return SkillAssessmentContext(
        actor=with_reporting_tree(actor),
        today=company_today(),
        people=active_users_by_id(user_ids),
    )


def clean_skill_assessment(
    raw: SkillAssessmentInput, context: SkillAssessmentContext
) -> Cleaned[SkillAssessmentValues]:
    """Every check of a new assessment (the rules are `record_skill_assessment`'s),
    each wrong field reported, in the order the service checks them: the person, the
    score, the skill, the day (today unless given; never in the future), the note."""
    errors = ErrorCollector()
    person = check_named(
        errors,
        "user",
        lambda: person_to_develop_among(context.actor, context.people, raw.user_id, field="user"),
    )
    score = errors.check(
        lambda: require_int_range(
            raw.score, field="score", low=LOWEST_SCORE, high=HIGHEST_SCORE, required=True
        ),
        None,
    )
    skill = errors.check(lambda: require_choice(raw.skill, field="skill", choices=Skill.values), "")
    assessed_on = raw.assessed_on or context.today
    errors.check(
        lambda: require_not_future(assessed_on, field="assessed_on", today=context.today), None
    )
    note = errors.check(lambda: require_text(raw.note, field="note", limit=NOTE_LIMIT), "")
    if errors.errors or person is None or score is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        SkillAssessmentValues(
            user=person, skill=skill, score=score, assessed_on=assessed_on, note=note
        )
    )

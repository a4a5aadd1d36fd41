import datetime as dt

import pytest

from patron.core.errors import Forbidden, RuleViolation
from patron.people.choices import Skill
from patron.people.models import SkillAssessment
from patron.people.services.skills import record_skill_assessment
from tests.people.conftest import DEVELOP_REFUSALS, TODAY, TOMORROW, events, refused


def test_a_manager_rates_a_skill_of_their_rep(org):
    # when
    assessment = record_skill_assessment(
        actor=org.manager, user_id=org.rep.pk, skill=Skill.NEGOTIATION, score=4, note=" Firm. "
    )
    # then
    assessment.refresh_from_db()
    assert (assessment.user, assessment.assessor, assessment.skill) == (
        org.rep,
        org.manager,
        "negotiation",
    )
    assert (assessment.score, assessment.assessed_on, assessment.note) == (4, TODAY, "Firm.")
    [event] = events(assessment)
    assert event.action == "create"
    assert event.changes["score"] == [None, 4]
    assert event.changes["assessor"] == [None, org.manager.pk]


def test_a_new_assessment_supersedes_and_the_old_one_stays(org):
    first = record_skill_assessment(
        actor=org.manager,
        user_id=org.rep.pk,
        skill=Skill.CLOSING,
        score=2,
        assessed_on=dt.date(2025, 9, 1),
    )
    second = record_skill_assessment(
        actor=org.sales_ops, user_id=org.rep.pk, skill=Skill.CLOSING, score=3
    )
    assert list(SkillAssessment.objects.filter(user=org.rep)) == [second, first]
    first.refresh_from_db()
    assert first.score == 2


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"skill": "juggling"}, "skill", "unknown_choice"),
        ({"score": 0}, "score", "out_of_range"),
        ({"score": 6}, "score", "out_of_range"),
        ({"score": None}, "score", "required"),
        ({"assessed_on": TOMORROW}, "assessed_on", "in_future"),
        ({"note": "x" * 2001}, "note", "too_long"),
        ({"user_id": 987_654}, "user", "unknown_user"),
    ],
)
def test_bad_values_are_refused(org, changes, field, code):
    arguments = {
        "actor": org.manager,
        "user_id": org.rep.pk,
        "skill": Skill.CLOSING,
        "score": 3,
        **changes,
    }
    error = refused(RuleViolation, record_skill_assessment, **arguments)
    assert (error.field, error.code) == (field, code)


def test_nobody_rates_themselves(org):
    error = refused(
        RuleViolation,
        record_skill_assessment,
        actor=org.sales_ops,
        user_id=org.sales_ops.pk,
        skill=Skill.CLOSING,
        score=5,
    )
    assert (error.field, error.code) == ("user", "self")


@DEVELOP_REFUSALS
def test_only_those_above_the_person_rate_them(org, persona):
    refused(
        Forbidden,
        record_skill_assessment,
        actor=getattr(org, persona),
        user_id=org.rep.pk,
        skill=Skill.CLOSING,
        score=3,
    )

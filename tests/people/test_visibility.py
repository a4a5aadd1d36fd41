"""Who sees coaching, training and skills: the person, everyone above them, the author
of a note, and the roles that see everything."""

import pytest

from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment
from tests.factories.people import (
    CoachingNoteFactory,
    SkillAssessmentFactory,
    TrainingAssignmentFactory,
)


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("rep", True),
        ("manager", True),
        ("director", True),
        ("sales_ops", True),
        ("admin", True),
        ("executive", True),
        ("rep2", False),
        ("peer_manager", False),
        ("service_agent", False),
    ],
)
def test_records_about_the_rep(org, persona, sees):
    # given
    rows = [
        (TrainingAssignment, TrainingAssignmentFactory(user=org.rep)),
        (SkillAssessment, SkillAssessmentFactory(user=org.rep)),
        (CoachingNote, CoachingNoteFactory(rep=org.rep, author=org.manager)),
    ]
    # when / then
    for model, row in rows:
        assert (row in model.objects.visible_to(getattr(org, persona))) is sees


def test_the_author_of_a_note_sees_it_after_the_rep_moves_away(org):
    note = CoachingNoteFactory(rep=org.peer_rep, author=org.manager)
    assert note in CoachingNote.objects.visible_to(org.manager)
    assert note not in CoachingNote.objects.visible_to(org.rep)


def test_a_deactivated_user_sees_nothing(org):
    SkillAssessmentFactory(user=org.rep)
    org.sales_ops.is_active = False
    assert not SkillAssessment.objects.visible_to(org.sales_ops).exists()

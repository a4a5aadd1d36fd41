"""People-development factories: rows inserted directly (no audit event); tests of the
services create them through `patron.people.services` instead."""

import datetime as dt

import factory

from patron.people.choices import CoachingKind, Skill
from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment, TrainingCourse
from tests.factories.org import UserFactory


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Course {n}")
    skill = Skill.DISCOVERY
    duration_hours = 4


class TrainingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingAssignment

    course = factory.SubFactory(TrainingCourseFactory)
    user = factory.SubFactory(UserFactory)
    assigned_on = dt.date(2026, 3, 1)
    due_on = dt.date(2026, 3, 31)


class CoachingNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingNote

    rep = factory.SubFactory(UserFactory)
    author = factory.SubFactory(UserFactory)
    kind = CoachingKind.FEEDBACK
    given_on = dt.date(2026, 3, 2)
    note = "Qualify budget earlier."


class SkillAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillAssessment

    user = factory.SubFactory(UserFactory)
    skill = Skill.CLOSING
    score = 3
    assessed_on = dt.date(2026, 3, 2)

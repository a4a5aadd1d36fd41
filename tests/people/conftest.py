"""Shared people-development fixtures: a frozen clock, and a check that a refused call
changed nothing."""

import datetime as dt

import pytest
import time_machine

from patron.core.models import AuditEvent
from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment, TrainingCourse

# Tuesday 10 March 2026, noon UTC (the company's time zone is UTC).
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
TOMORROW = dt.date(2026, 3, 11)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def snapshot() -> tuple[list[dict], ...]:
    """Every row a people service may write, and the trail."""
    return tuple(
        list(model.objects.order_by("pk").values())
        for model in (CoachingNote, TrainingCourse, TrainingAssignment, SkillAssessment, AuditEvent)
    )


def refused(error_type, call, **kwargs):
    """Run `call(**kwargs)`, expect `error_type`, check nothing changed; the error."""
    before = snapshot()
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


def events(record) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            record_type=record._meta.label_lower, record_id=record.pk
        ).order_by("pk")
    )


# Who may not coach, train or assess the rep: the rep's teammate, the peer team's
# manager, and roles that develop nobody (service agents, executives).
DEVELOP_REFUSALS = pytest.mark.parametrize(
    "persona", ["rep2", "peer_manager", "account_manager", "service_agent", "executive"]
)

import datetime as dt

import pytest

from patron.activities.choices import ActivityStatus
from patron.activities.services.states import cancel_activity, complete_activity, reopen_activity
from patron.core.errors import RuleViolation, StaleVersion
from tests.activities.conftest import NOW, WRITE_REFUSALS, YESTERDAY, events, refused
from tests.factories.activities import ActivityFactory


@pytest.fixture
def planned(account, contact):
    activity = ActivityFactory(account=account, kind="meeting", starts_at=YESTERDAY)
    activity.contacts.add(contact)
    return activity


def test_completing_records_when_and_how_and_touches_the_contacts(org, planned, contact):
    # when
    done = complete_activity(actor=org.rep, activity_id=planned.pk, version=1, outcome="positive")
    # then
    done.refresh_from_db()
    assert (done.status, done.completed_at, done.outcome, done.version) == (
        ActivityStatus.COMPLETED,
        NOW,
        "positive",
        2,
    )
    contact.refresh_from_db()
    assert contact.last_touched_at == YESTERDAY
    (event,) = events(planned, "complete")
    assert event.changes == {
        "status": ["planned", "completed"],
        "completed_at": [None, NOW.isoformat()],
        "outcome": ["", "positive"],
    }
    assert [event.action for event in events(contact)] == ["touch"]


def test_a_task_done_touches_nobody(org, account, contact):
    task = ActivityFactory(account=account, kind="task", due_at=NOW)
    task.contacts.add(contact)
    complete_activity(actor=org.rep, activity_id=task.pk, version=1)
    contact.refresh_from_db()
    assert contact.last_touched_at is None


def test_completing_is_refused_when_not_planned_or_in_the_future(org, planned):
    error = refused(
        RuleViolation,
        complete_activity,
        actor=org.rep,
        activity_id=planned.pk,
        version=1,
        completed_at=NOW + dt.timedelta(minutes=5),
    )
    assert (error.field, error.code) == ("completed_at", "in_future")
    error = refused(
        RuleViolation,
        complete_activity,
        actor=org.rep,
        activity_id=planned.pk,
        version=1,
        outcome="?",
    )
    assert (error.field, error.code) == ("outcome", "unknown_choice")
    complete_activity(actor=org.rep, activity_id=planned.pk, version=1)
    for call in (complete_activity, cancel_activity):
        error = refused(RuleViolation, call, actor=org.rep, activity_id=planned.pk, version=2)
        assert (error.field, error.code) == ("status", "not_planned")


def test_cancelling_and_reopening(org, planned):
    cancelled = cancel_activity(actor=org.manager, activity_id=planned.pk, version=1)
    assert cancelled.status == ActivityStatus.CANCELLED
    reopened = reopen_activity(actor=org.manager, activity_id=planned.pk, version=2)
    assert reopened.status == ActivityStatus.PLANNED
    assert [event.action for event in events(planned)] == ["cancel", "reopen"]
    error = refused(
        RuleViolation, reopen_activity, actor=org.rep, activity_id=planned.pk, version=3
    )
    assert (error.field, error.code) == ("status", "already_planned")


def test_reopening_forgets_the_completion_but_keeps_the_touch(org, planned, contact):
    complete_activity(actor=org.rep, activity_id=planned.pk, version=1, outcome="neutral")
    reopened = reopen_activity(actor=org.rep, activity_id=planned.pk, version=2)
    reopened.refresh_from_db()
    contact.refresh_from_db()
    assert (reopened.status, reopened.completed_at, reopened.outcome) == ("planned", None, "")
    assert contact.last_touched_at == YESTERDAY
    (event,) = events(planned, "reopen")
    assert event.changes["completed_at"] == [NOW.isoformat(), None]


@pytest.mark.parametrize("call", [complete_activity, cancel_activity, reopen_activity])
def test_a_stale_version_is_refused(org, planned, call):
    refused(StaleVersion, call, actor=org.rep, activity_id=planned.pk, version=7)


@WRITE_REFUSALS
@pytest.mark.parametrize("call", [complete_activity, cancel_activity])
def test_who_may_not_change_the_state(org, planned, persona, error_type, call):
    refused(error_type, call, actor=getattr(org, persona), activity_id=planned.pk, version=1)

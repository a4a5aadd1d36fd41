import datetime as dt

from patron.activities.choices import ActivityStatus
from patron.activities.services.activities import update_activity
from patron.core.errors import RuleViolation, StaleVersion
from tests.activities.conftest import NOW, WRITE_REFUSALS, YESTERDAY, events, refused
from tests.factories.accounts import ContactFactory
from tests.factories.activities import ActivityFactory


def test_details_change_and_what_is_left_out_stays(org, account, contact):
    # given
    activity = ActivityFactory(account=account, subject="Call", duration_minutes=30)
    # when
    updated = update_activity(
        actor=org.rep,
        activity_id=activity.pk,
        version=1,
        subject=" Discovery call ",
        duration_minutes=45,
        contact_ids=[contact.pk],
    )
    # then
    updated.refresh_from_db()
    assert (updated.subject, updated.duration_minutes, updated.kind, updated.account) == (
        "Discovery call",
        45,
        "call",
        account,
    )
    assert list(updated.contacts.all()) == [contact]
    assert updated.version == 2
    (event,) = events(activity, "update")
    assert event.changes == {
        "subject": ["Call", "Discovery call"],
        "duration_minutes": [30, 45],
        "contacts": [[], [contact.pk]],
    }


def test_a_contact_added_to_a_completed_call_is_touched(org, account, contact):
    activity = ActivityFactory(
        account=account, status=ActivityStatus.COMPLETED, completed_at=NOW, starts_at=YESTERDAY
    )
    update_activity(actor=org.manager, activity_id=activity.pk, version=1, contact_ids=[contact.pk])
    contact.refresh_from_db()
    assert contact.last_touched_at == YESTERDAY


def test_the_rules_of_logging_hold_for_an_edit(org, account):
    activity = ActivityFactory(account=account)
    other_contact = ContactFactory()
    for kwargs, field, code in (
        ({"kind": "task"}, "due_at", "required"),
        ({"outcome": "positive"}, "outcome", "not_completed"),
        ({"account_id": None}, "account", "nothing_linked"),
        ({"subject": ""}, "subject", "required"),
    ):
        error = refused(
            RuleViolation,
            update_activity,
            actor=org.rep,
            activity_id=activity.pk,
            version=1,
            **kwargs,
        )
        assert (error.field, error.code) == (field, code)
    other_contact.account.owner = org.rep
    other_contact.account.save()
    error = refused(
        RuleViolation,
        update_activity,
        actor=org.rep,
        activity_id=activity.pk,
        version=1,
        contact_ids=[other_contact.pk],
    )
    assert (error.field, error.code) == ("contact_ids", "other_account")


def test_a_completed_activity_cannot_move_to_the_future(org, account):
    activity = ActivityFactory(account=account, status=ActivityStatus.COMPLETED, completed_at=NOW)
    error = refused(
        RuleViolation,
        update_activity,
        actor=org.rep,
        activity_id=activity.pk,
        version=1,
        starts_at=NOW + dt.timedelta(days=1),
    )
    assert (error.field, error.code) == ("starts_at", "in_future")


def test_a_manager_gives_the_activity_to_another_rep(org, account):
    activity = ActivityFactory(account=account)
    updated = update_activity(
        actor=org.manager, activity_id=activity.pk, version=1, owner_id=org.rep2.pk
    )
    assert updated.owner == org.rep2
    (event,) = events(activity, "update")
    assert event.changes == {"owner": [org.rep.pk, org.rep2.pk]}


def test_a_stale_version_is_refused(org, account):
    activity = ActivityFactory(account=account, version=2)
    error = refused(
        StaleVersion,
        update_activity,
        actor=org.rep,
        activity_id=activity.pk,
        version=1,
        subject="x",
    )
    assert (error.field, error.code, error.current_version) == ("version", "stale_version", 2)


@WRITE_REFUSALS
def test_who_may_not_change_the_reps_activity(org, account, persona, error_type):
    activity = ActivityFactory(account=account)
    refused(
        error_type,
        update_activity,
        actor=getattr(org, persona),
        activity_id=activity.pk,
        version=1,
        subject="Mine now",
    )

from patron.activities.models import Activity
from patron.activities.services.activities import delete_activity
from patron.core.errors import StaleVersion
from patron.people.models import CoachingNote
from tests.activities.conftest import WRITE_REFUSALS, events, refused
from tests.factories.activities import ActivityFactory


def test_the_owner_deletes_and_the_trail_keeps_what_it_was(org, account, contact):
    # given
    activity = ActivityFactory(account=account, subject="Duplicate call")
    activity.contacts.add(contact)
    # when
    delete_activity(actor=org.rep, activity_id=activity.pk, version=1)
    # then
    assert not Activity.objects.filter(pk=activity.pk).exists()
    (event,) = events(activity)
    assert event.action == "delete"
    assert event.changes["subject"] == ["Duplicate call", None]
    assert event.changes["owner"] == [org.rep.pk, None]


def test_a_manager_deletes_and_a_coaching_note_loses_only_its_link(org, account):
    activity = ActivityFactory(account=account)
    note = CoachingNote.objects.create(
        rep=org.rep,
        author=org.manager,
        given_on=activity.starts_at.date(),
        note="Good call",
        activity=activity,
    )
    delete_activity(actor=org.manager, activity_id=activity.pk, version=1)
    note.refresh_from_db()
    assert (note.activity, note.note) == (None, "Good call")
    (event,) = events(note)
    assert (event.action, event.changes) == ("unlink", {"activity": [activity.pk, None]})


def test_a_stale_version_is_refused(org, account):
    activity = ActivityFactory(account=account)
    refused(StaleVersion, delete_activity, actor=org.rep, activity_id=activity.pk, version=2)


@WRITE_REFUSALS
def test_who_may_not_delete_the_reps_activity(org, account, persona, error_type):
    activity = ActivityFactory(account=account)
    refused(
        error_type, delete_activity, actor=getattr(org, persona), activity_id=activity.pk, version=1
    )
    assert Activity.objects.filter(pk=activity.pk).exists()

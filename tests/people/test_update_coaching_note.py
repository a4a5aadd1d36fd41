import datetime as dt

import pytest

from patron.activities.choices import ActivityKind
from patron.activities.models import Activity
from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.people.choices import CoachingKind
from patron.people.services.coaching import update_coaching_note, write_coaching_note
from tests.factories.pipeline import OpportunityFactory
from tests.people.conftest import TOMORROW, events, refused


@pytest.fixture
def note(org):
    return write_coaching_note(
        actor=org.manager,
        rep_id=org.rep.pk,
        note="Qualify budget earlier.",
        given_on=dt.date(2026, 3, 2),
    )


def test_the_author_rewrites_the_note_and_what_is_left_out_stays(org, note):
    # given
    deal = OpportunityFactory(account__owner=org.rep)
    # when
    updated = update_coaching_note(
        actor=org.manager,
        note_id=note.pk,
        version=1,
        note="Qualify budget in the first call.",
        kind=CoachingKind.DEAL_REVIEW,
        opportunity_id=deal.pk,
    )
    # then
    updated.refresh_from_db()
    assert (updated.note, updated.kind, updated.opportunity, updated.given_on) == (
        "Qualify budget in the first call.",
        CoachingKind.DEAL_REVIEW,
        deal,
        dt.date(2026, 3, 2),
    )
    assert updated.version == 2
    _create, update = events(updated)
    assert update.action == "update"
    assert update.changes == {
        "note": ["Qualify budget earlier.", "Qualify budget in the first call."],
        "kind": ["feedback", "deal_review"],
        "opportunity": [None, deal.pk],
    }


def test_none_detaches_the_call(org, note):
    call = Activity.objects.create(kind=ActivityKind.CALL, subject="Call", owner=org.rep)
    update_coaching_note(actor=org.manager, note_id=note.pk, version=1, activity_id=call.pk)
    updated = update_coaching_note(actor=org.manager, note_id=note.pk, version=2, activity_id=None)
    assert updated.activity is None


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"note": ""}, "note", "required"),
        ({"kind": "nope"}, "kind", "unknown_choice"),
        ({"given_on": TOMORROW}, "given_on", "in_future"),
    ],
)
def test_bad_values_are_refused(org, note, changes, field, code):
    error = refused(
        RuleViolation,
        update_coaching_note,
        actor=org.manager,
        note_id=note.pk,
        version=1,
        **changes,
    )
    assert (error.field, error.code) == (field, code)


def test_a_deal_of_another_rep_is_refused(org, note):
    deal = OpportunityFactory(account__owner=org.rep2)
    error = refused(
        RuleViolation,
        update_coaching_note,
        actor=org.manager,
        note_id=note.pk,
        version=1,
        opportunity_id=deal.pk,
    )
    assert (error.field, error.code) == ("opportunity", "not_about_rep")


def test_a_stale_version_is_refused(org, note):
    update_coaching_note(actor=org.manager, note_id=note.pk, version=1, note="Second thoughts.")
    error = refused(
        StaleVersion, update_coaching_note, actor=org.manager, note_id=note.pk, version=1, note="x"
    )
    assert error.current_version == 2


@pytest.mark.parametrize("persona", ["rep", "director", "sales_ops", "admin", "executive"])
def test_only_the_author_changes_a_note_others_who_see_it_are_forbidden(org, note, persona):
    refused(
        Forbidden,
        update_coaching_note,
        actor=getattr(org, persona),
        note_id=note.pk,
        version=1,
        note="Rewritten.",
    )


@pytest.mark.parametrize("persona", ["rep2", "peer_manager", "peer_rep", "service_agent"])
def test_an_outsider_does_not_see_the_note(org, note, persona):
    refused(
        NotVisible,
        update_coaching_note,
        actor=getattr(org, persona),
        note_id=note.pk,
        version=1,
        note="Rewritten.",
    )

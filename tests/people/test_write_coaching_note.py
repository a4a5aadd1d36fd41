import datetime as dt

import pytest

from patron.activities.choices import ActivityKind
from patron.activities.models import Activity
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.people.choices import CoachingKind
from patron.people.models import CoachingNote
from patron.people.services.coaching import write_coaching_note
from tests.factories.pipeline import OpportunityFactory
from tests.people.conftest import DEVELOP_REFUSALS, TODAY, TOMORROW, events, refused


def call_of(owner) -> Activity:
    return Activity.objects.create(kind=ActivityKind.CALL, subject="Discovery call", owner=owner)


def test_a_manager_reviews_a_deal_of_their_rep(org):
    # given
    deal = OpportunityFactory(account__owner=org.rep)
    # when
    note = write_coaching_note(
        actor=org.manager,
        rep_id=org.rep.pk,
        kind=CoachingKind.DEAL_REVIEW,
        note="  Map the economic buyer before the proposal. ",
        opportunity_id=deal.pk,
    )
    # then
    note.refresh_from_db()
    assert (note.rep, note.author, note.kind, note.given_on) == (
        org.rep,
        org.manager,
        CoachingKind.DEAL_REVIEW,
        TODAY,
    )
    assert (note.note, note.opportunity, note.activity) == (
        "Map the economic buyer before the proposal.",
        deal,
        None,
    )
    [event] = events(note)
    assert event.action == "create"
    assert event.actor == org.manager
    assert event.changes["rep"] == [None, org.rep.pk]
    assert event.changes["opportunity"] == [None, deal.pk]
    assert event.changes["kind"] == [None, "deal_review"]


def test_a_call_review_names_the_reps_call_and_an_earlier_day(org):
    call = call_of(org.rep)
    note = write_coaching_note(
        actor=org.director,
        rep_id=org.rep.pk,
        kind=CoachingKind.CALL_REVIEW,
        note="Let the customer talk more.",
        given_on=dt.date(2026, 3, 2),
        activity_id=call.pk,
    )
    assert (note.activity, note.given_on) == (call, dt.date(2026, 3, 2))


def test_sales_ops_coach_anyone(org):
    note = write_coaching_note(actor=org.sales_ops, rep_id=org.peer_rep.pk, note="Well done.")
    assert CoachingNote.objects.get() == note


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"note": "  "}, "note", "required"),
        ({"note": "x" * 4001}, "note", "too_long"),
        ({"kind": "rant"}, "kind", "unknown_choice"),
        ({"given_on": TOMORROW}, "given_on", "in_future"),
    ],
)
def test_bad_values_are_refused_naming_the_field(org, changes, field, code):
    arguments = {"actor": org.manager, "rep_id": org.rep.pk, "note": "Good call.", **changes}
    error = refused(RuleViolation, write_coaching_note, **arguments)
    assert (error.field, error.code) == (field, code)


def test_nobody_coaches_themselves(org):
    error = refused(
        RuleViolation, write_coaching_note, actor=org.manager, rep_id=org.manager.pk, note="Me."
    )
    assert (error.field, error.code) == ("rep", "self")


def test_an_unknown_or_departed_rep_is_refused(org):
    org.rep2.is_active = False
    org.rep2.save()
    for rep_id in (org.rep2.pk, 987_654):
        error = refused(
            RuleViolation, write_coaching_note, actor=org.manager, rep_id=rep_id, note="Hi."
        )
        assert (error.field, error.code) == ("rep", "unknown_user")


@DEVELOP_REFUSALS
def test_only_those_above_the_rep_coach_them(org, persona):
    refused(
        Forbidden,
        write_coaching_note,
        actor=getattr(org, persona),
        rep_id=org.rep.pk,
        note="Try harder.",
    )


def test_a_deal_or_call_the_writer_cannot_see_does_not_exist_for_them(org):
    hidden_deal = OpportunityFactory(account__owner=org.peer_rep)
    hidden_call = call_of(org.peer_rep)
    for about in ({"opportunity_id": hidden_deal.pk}, {"activity_id": hidden_call.pk}):
        refused(
            NotVisible,
            write_coaching_note,
            actor=org.manager,
            rep_id=org.rep.pk,
            note="About this.",
            **about,
        )


def test_the_deal_or_call_must_be_the_reps_own(org):
    # given: the manager sees rep2's deal and call, but the note is for the rep
    deal = OpportunityFactory(account__owner=org.rep2)
    call = call_of(org.rep2)
    for about, field in (
        ({"opportunity_id": deal.pk}, "opportunity"),
        ({"activity_id": call.pk}, "activity"),
    ):
        # when
        error = refused(
            RuleViolation,
            write_coaching_note,
            actor=org.manager,
            rep_id=org.rep.pk,
            note="About this.",
            **about,
        )
        # then
        assert (error.field, error.code) == (field, "not_about_rep")

"""Coaching notes: feedback a manager writes to a rep, optionally about one of the rep's
deals or activities (a deal review, a call review).

Feedback frequency (K27) counts these notes per rep, so a note is given by someone
who develops the rep (never oneself) on a day that has happened. Only its author
changes a note: it is their words, and the rep reads them as theirs.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.activities.models import Activity
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_not_future, require_text
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can
from patron.people.choices import CoachingKind
from patron.people.errors import PeopleErrorCode
from patron.people.models import CoachingNote
from patron.people.services.checks import person_to_develop
from patron.pipeline.models import Opportunity

# Longest coaching note: a page of feedback; a longer text belongs in a document.
NOTE_LIMIT = 4000


@service
def write_coaching_note(
    *,
    actor: User,
    rep_id: int,
    note: str,
    kind: str = CoachingKind.FEEDBACK,
    given_on: date | None = None,
    opportunity_id: int | None = None,
    activity_id: int | None = None,
) -> CoachingNote:
    """Give a rep feedback, today unless `given_on` says an earlier day.

    The writer must develop the rep (`org.policy.may_develop`); a deal or an activity
    the note is about must be visible to the writer and be the rep's own — a review of
    someone else's deal is feedback for someone else.
    """
    rep = person_to_develop(actor, rep_id, field="rep")
    values = _note_values(note=note, kind=kind, given_on=given_on or company_today())
    coaching = CoachingNote.objects.create(
        rep=rep,
        author=actor,
        **values,
        opportunity=_deal(actor, rep, opportunity_id),
        activity=_activity(actor, rep, activity_id),
        created_by=actor,
    )
    record_created(coaching, actor=actor)
    return coaching


@service
def update_coaching_note(
    *,
    actor: User,
    note_id: int,
    version: int,
    note: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    given_on: date | Unset = UNSET,
    opportunity_id: int | Unset | None = UNSET,
    activity_id: int | Unset | None = UNSET,
) -> CoachingNote:
    """Change a note's text, kind, day or the deal or activity it is about; arguments
    left out keep their value. Only the author changes a note, and the rep it was
    given to stays (a note for someone else is a new note)."""
    coaching = _note_for_change(actor, note_id)
    require_version(coaching, version)
    before = snapshot(coaching)
    values = _note_values(
        note=coaching.note if isinstance(note, Unset) else note,
        kind=coaching.kind if isinstance(kind, Unset) else kind,
        given_on=coaching.given_on if isinstance(given_on, Unset) else given_on,
    )
    for name, value in values.items():
        setattr(coaching, name, value)
    fields = list(values)
    if not isinstance(opportunity_id, Unset):
        coaching.opportunity = _deal(actor, coaching.rep, opportunity_id)
        fields.append("opportunity")
    if not isinstance(activity_id, Unset):
        coaching.activity = _activity(actor, coaching.rep, activity_id)
        fields.append("activity")
    update_versioned(coaching, expected_version=version, fields=fields)
    record_changed(coaching, actor=actor, before=before)
    return coaching


def _note_for_change(actor: User, note_id: int) -> CoachingNote:
    """The note, locked, if visible (else NotVisible) and written by the actor, who may
    still change records (else Forbidden)."""
    coaching = (
        CoachingNote.objects.visible_to(actor)
        .select_related("rep")
        .select_for_update(of=("self",))
        .filter(pk=note_id)
        .first()
    )
    if coaching is None:
        raise NotVisible(str(CoachingNote._meta.verbose_name))
    if coaching.author_id != actor.pk or not can(actor, Capability.CHANGE_RECORDS):
        raise Forbidden()
    return coaching


def _note_values(*, note: str, kind: str, given_on: date) -> dict[str, object]:
    return {
        "note": require_text(note, field="note", limit=NOTE_LIMIT, required=True),
        "kind": require_choice(kind, field="kind", choices=CoachingKind.values),
        "given_on": require_not_future(given_on, field="given_on"),
    }


def _deal(actor: User, rep: User, opportunity_id: int | None) -> Opportunity | None:
    if opportunity_id is None:
        return None
    deal = Opportunity.objects.visible_to(actor).filter(pk=opportunity_id).first()
    if deal is None:
        raise NotVisible(str(Opportunity._meta.verbose_name))
    if deal.owner_id != rep.pk:
        raise RuleViolation(
            "opportunity", PeopleErrorCode.NOT_ABOUT_REP, _("Choose a deal the rep owns.")
        )
    return deal


def _activity(actor: User, rep: User, activity_id: int | None) -> Activity | None:
    if activity_id is None:
        return None
    activity = Activity.objects.visible_to(actor).filter(pk=activity_id).first()
    if activity is None:
        raise NotVisible(str(Activity._meta.verbose_name))
    if activity.owner_id != rep.pk:
        raise RuleViolation(
            "activity", PeopleErrorCode.NOT_ABOUT_REP, _("Choose an activity of the rep's.")
        )
    return activity

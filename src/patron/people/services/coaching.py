"""Coaching notes: feedback a manager writes to a rep, optionally about one of the rep's
deals or activities (a deal review, a call review).

Feedback frequency (K27) counts these notes per rep, so a note is given by someone
who develops the rep (never oneself) on a day that has happened. Only its author
changes a note: it is their words, and the rep reads them as theirs.
"""

from __future__ import annotations

from datetime import date

from patron.activities.models import Activity
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import Forbidden, NotVisible
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can
from patron.people.choices import CoachingKind
from patron.people.cleaning.coaching import (
    CoachingNoteInput,
    activity_about,
    clean_coaching_note,
    clean_note_fields,
    coaching_note_context,
    deal_about,
)
from patron.people.models import CoachingNote
from patron.pipeline.models import Opportunity


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
    # The checks are `clean_coaching_note`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_coaching_note(
            CoachingNoteInput(
                rep_id=rep_id,
                note=note,
                kind=kind,
                given_on=given_on,
                opportunity_id=opportunity_id,
                activity_id=activity_id,
            ),
            coaching_note_context(
                actor,
                rep_ids=[rep_id],
                opportunity_ids=[opportunity_id],
                activity_ids=[activity_id],
            ),
        )
    )
    coaching = CoachingNote.objects.create(**vars(values), author=actor, created_by=actor)
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
    values = vars(
        clean_note_fields(
            note=coaching.note if isinstance(note, Unset) else note,
            kind=coaching.kind if isinstance(kind, Unset) else kind,
            given_on=coaching.given_on if isinstance(given_on, Unset) else given_on,
        ).value_or_raise()
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


def _deal(actor: User, rep: User, opportunity_id: int | None) -> Opportunity | None:
    if opportunity_id is None:
        return None
    return deal_about(
        Opportunity.objects.visible_to(actor).filter(pk=opportunity_id).first(), rep.pk
    )


def _activity(actor: User, rep: User, activity_id: int | None) -> Activity | None:
    if activity_id is None:
        return None
    return activity_about(Activity.objects.visible_to(actor).filter(pk=activity_id).first(), rep.pk)

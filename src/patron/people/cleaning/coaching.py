"""The clean step of writing a coaching note (see `core.cleaning` and decision 0020):
the raw values and a context loaded beforehand in, the checked note or every wrong
field out, with no query.

Also the note's rules `update_coaching_note` shares with it: its text, kind and day,
and the deal or activity it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from patron.activities.models import Activity
from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import company_today
from patron.core.validation import require_choice, require_not_future, require_text
from patron.org.models import User
from patron.org.policy import active_users_by_id
from patron.org.visibility import with_reporting_tree
from patron.people.choices import CoachingKind
from patron.people.errors import PeopleErrorCode
from patron.people.services.checks import person_to_develop_among
from patron.pipeline.models import Opportunity

# Longest coaching note: a page of feedback; a longer text belongs in a document.
NOTE_LIMIT = 4000


@dataclass(frozen=True)
class CoachingNoteInput:
    """A coaching note as typed or imported."""

    rep_id: int
    note: str
    kind: str = CoachingKind.FEEDBACK
    given_on: date | None = None
    opportunity_id: int | None = None
    activity_id: int | None = None


@dataclass(frozen=True)
class CoachingNoteContext:
    """What cleaning coaching notes needs from the database: the actor (with their
    reporting tree walked, for `org.policy.may_develop`), the company's today, the
    active users named as reps, and the named deals and activities the actor sees."""

    actor: User
    today: date
    people: Mapping[int, User]
    opportunities: Mapping[int, Opportunity]
    activities: Mapping[int, Activity]


@dataclass(frozen=True)
class NoteFields:
    """A note's own fields, checked: its text, kind and day."""

    note: str
    kind: str
    given_on: date


@dataclass(frozen=True)
class CoachingNoteValues:
    """A coaching note ready to be written (its author is the actor)."""

    rep: User
    note: str
    kind: str
    given_on: date
    opportunity: Opportunity | None
    activity: Activity | None


def coaching_note_context(
    actor: User,
    *,
    rep_ids: Iterable[int | None],
    opportunity_ids: Iterable[int | None] = (),
    activity_ids: Iterable[int | None] = (),
) -> CoachingNoteContext:
    """The context for cleaning notes naming these reps, deals and activities: one
    query per kind of reference (reps, deals, activities, the company's settings),
    whatever the number of rows."""
    actor = with_reporting_tree(actor)
    wanted_deals, wanted_activities = ids_of(opportunity_ids), ids_of(activity_ids)
    return CoachingNoteContext(
        actor=actor,
        today=company_today(),
        people=active_users_by_id(rep_ids),
        opportunities=(
            Opportunity.objects.visible_to(actor).in_bulk(wanted_deals) if wanted_deals else {}
        ),
        activities=(
            Activity.objects.visible_to(actor).in_bulk(wanted_activities)
            if wanted_activities
            else {}
        ),
    )


def clean_coaching_note(
    raw: CoachingNoteInput, context: CoachingNoteContext
) -> Cleaned[CoachingNoteValues]:
    """Every check of a new coaching note (the rules are `write_coaching_note`'s), each
    wrong field reported, in the order the service checks them: the rep, the note's
    own fields, then the deal and the activity it is about."""
    errors = ErrorCollector()
    rep = check_named(
        errors,
        "rep",
        lambda: person_to_develop_among(context.actor, context.people, raw.rep_id, field="rep"),
    )
    rep_id = None if rep is None else rep.pk
    fields = _note_fields(
        errors,
        note=raw.note,
        kind=raw.kind,
        given_on=raw.given_on or context.today,
        today=context.today,
    )
    opportunity = activity = None
    if raw.opportunity_id is not None:
        deal = context.opportunities.get(raw.opportunity_id)
        opportunity = check_named(errors, "opportunity", lambda: deal_about(deal, rep_id))
    if raw.activity_id is not None:
        found = context.activities.get(raw.activity_id)
        activity = check_named(errors, "activity", lambda: activity_about(found, rep_id))
    if errors.errors or rep is None or fields is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        CoachingNoteValues(
            rep=rep,
            note=fields.note,
            kind=fields.kind,
            given_on=fields.given_on,
            opportunity=opportunity,
            activity=activity,
        )
    )


def clean_note_fields(
    *, note: str, kind: str, given_on: date, today: date | None = None
) -> Cleaned[NoteFields]:
    """A note's text, kind and day checked, or every error (also the check of
    `update_coaching_note`); the day is never after `today`, the company's today
    unless given."""
    errors = ErrorCollector()
    fields = _note_fields(
        errors,
        note=note,
        kind=kind,
        given_on=given_on,
        today=today if today is not None else company_today(),
    )
    return Cleaned(fields, errors.errors)


def deal_about(deal: Opportunity | None, rep_id: int | None) -> Opportunity:
    """The deal a note is about: one the writer sees (`deal`, else NotVisible), owned by
    the rep (when the rep is known) — a review of someone else's deal is feedback for
    someone else."""
    if deal is None:
        raise NotVisible(str(Opportunity._meta.verbose_name))
    if rep_id is not None and deal.owner_id != rep_id:
        raise RuleViolation(
            "opportunity", PeopleErrorCode.NOT_ABOUT_REP, _("Choose a deal the rep owns.")
        )
    return deal


def activity_about(activity: Activity | None, rep_id: int | None) -> Activity:
    """The activity a note is about: one the writer sees, the rep's own (as `deal_about`)."""
    if activity is None:
        raise NotVisible(str(Activity._meta.verbose_name))
    if rep_id is not None and activity.owner_id != rep_id:
        raise RuleViolation(
            "activity", PeopleErrorCode.NOT_ABOUT_REP, _("Choose an activity of the rep's.")
        )
    return activity


def _note_fields(
    errors: ErrorCollector, *, note: str, kind: str, given_on: date, today: date
) -> NoteFields | None:
    before = len(errors.errors)
    checked = NoteFields(
        note=errors.check(
            lambda: require_text(note, field="note", limit=NOTE_LIMIT, required=True), ""
        ),
        kind=errors.check(
            lambda: require_choice(kind, field="kind", choices=CoachingKind.values), ""
        ),
        given_on=errors.check(
            lambda: require_not_future(given_on, field="given_on", today=today), given_on
        ),
    )
    return None if len(errors.errors) > before else checked

"""The clean step of logging an activity (see `core.cleaning` and decision 0020): the
raw values and a context loaded beforehand in, the checked activity or every wrong
field out, with no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.models import Account, Contact
from patron.activities.choices import ActivityKind, ActivityOutcome
from patron.activities.errors import ActivityErrorCode
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named
from patron.core.errors import CommonErrorCode, Forbidden, NotVisible
from patron.core.validation import require_choice, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import active_users_by_id, can, resolve_owner_among
from patron.org.visibility import with_reporting_tree
from patron.pipeline.models import Opportunity
from patron.service.models import Case

SUBJECT_LIMIT = 255  # the column's length
NOTES_LIMIT = 10_000  # a page of notes; longer text belongs in a document

_Linked = TypeVar("_Linked", bound=Model)


@dataclass(frozen=True)
class ActivityInput:
    """An activity as typed or imported."""

    kind: str
    subject: str
    account_id: int | None = None
    contact_ids: tuple[int, ...] = ()
    opportunity_id: int | None = None
    case_id: int | None = None
    owner_id: int | None = None
    notes: str = ""
    starts_at: datetime | None = None
    duration_minutes: int = 0
    due_at: datetime | None = None
    completed: bool = False
    outcome: str = ""


@dataclass(frozen=True)
class ActivityContext:
    """What cleaning activities needs from the database: the actor (with their reporting
    tree walked), the moment they are logged, the active users named as owners, and the
    accounts, contacts, deals and cases named that the actor sees."""

    actor: User
    now: datetime
    owners: Mapping[int, User]
    accounts: Mapping[int, Account]
    contacts: Mapping[int, Contact]
    opportunities: Mapping[int, Opportunity]
    cases: Mapping[int, Case]


@dataclass(frozen=True)
class ActivityValues:
    """An activity ready to be written, with the contacts it links."""

    kind: str
    subject: str
    notes: str
    duration_minutes: int
    due_at: datetime | None
    outcome: str
    account: Account | None
    opportunity: Opportunity | None
    case: Case | None
    owner: User
    starts_at: datetime
    completed: bool
    contacts: tuple[Contact, ...]


def activity_context(
    actor: User,
    *,
    owner_ids: Iterable[int | None] = (),
    account_ids: Iterable[int | None] = (),
    contact_ids: Iterable[int] = (),
    opportunity_ids: Iterable[int | None] = (),
    case_ids: Iterable[int | None] = (),
) -> ActivityContext:
    """The context for cleaning activities naming these references (one query per kind)."""
    actor = with_reporting_tree(actor)
    return ActivityContext(
        actor=actor,
        now=timezone.now(),
        owners=active_users_by_id(owner_ids),
        accounts=_visible(Account.objects.visible_to(actor), account_ids),
        contacts=_visible(Contact.objects.visible_to(actor), contact_ids),
        opportunities=_visible(
            Opportunity.objects.visible_to(actor).select_related("account"), opportunity_ids
        ),
        cases=_visible(Case.objects.visible_to(actor).select_related("account"), case_ids),
    )


def clean_activity(raw: ActivityInput, context: ActivityContext) -> Cleaned[ActivityValues]:
    """Every check of a new activity (the rules are `log_activity`'s), each wrong field
    reported, in the order the service checks them."""
    errors = ErrorCollector()
    owner = check_named(errors, "owner", lambda: _owner(raw.owner_id, context))
    kind = errors.check(
        lambda: require_choice(raw.kind, field="kind", choices=ActivityKind.values), ""
    )
    links = _links(raw, context, errors)
    if links is not None and not links[4] and kind and kind != ActivityKind.TASK:
        errors.errors.append(
            FieldError(
                "account",
                ActivityErrorCode.NOTHING_LINKED,
                _("Say which account, contact or deal this is about."),
            )
        )
    starts_at = raw.starts_at or context.now
    completed = raw.completed or kind == ActivityKind.NOTE
    subject = errors.check(
        lambda: require_text(raw.subject, field="subject", limit=SUBJECT_LIMIT, required=True),
        "",
    )
    notes = errors.check(lambda: require_text(raw.notes, field="notes", limit=NOTES_LIMIT), "")
    duration = errors.check(
        lambda: require_int_range(raw.duration_minutes, field="duration_minutes", required=True),
        0,
    )
    outcome = errors.check(
        lambda: require_choice(
            raw.outcome, field="outcome", choices=ActivityOutcome.values, blank=True
        ),
        "",
    )
    if kind == ActivityKind.TASK and raw.due_at is None:
        errors.errors.append(
            FieldError("due_at", CommonErrorCode.REQUIRED, _("This field is required."))
        )
    if outcome and not completed:
        errors.errors.append(
            FieldError(
                "outcome",
                ActivityErrorCode.NOT_COMPLETED,
                _("Record an outcome once the activity is done."),
            )
        )
    if completed and starts_at > context.now:
        errors.errors.append(
            FieldError(
                "starts_at", CommonErrorCode.IN_FUTURE, _("This date cannot be in the future.")
            )
        )
    if errors.errors or owner is None or links is None:
        return Cleaned(errors=errors.errors)
    account, contacts, opportunity, case, _any = links
    return Cleaned(
        ActivityValues(
            kind=kind,
            subject=subject,
            notes=notes,
            duration_minutes=duration,
            due_at=raw.due_at,
            outcome=outcome,
            account=account,
            opportunity=opportunity,
            case=case,
            owner=owner,
            starts_at=starts_at,
            completed=completed,
            contacts=contacts,
        )
    )


_LinksFound = tuple[Account | None, tuple[Contact, ...], Opportunity | None, Case | None, bool]


def _owner(owner_id: int | None, context: ActivityContext) -> User:
    """Who owns an activity the actor logs.

    Sellers log for themselves or for someone whose records they may change, and the
    owner must be someone who sells (`org.policy.resolve_owner`). A service agent
    serves accounts without selling: they log their own calls and visits, never for
    someone else. Executives log nothing.
    """
    actor = context.actor
    if can(actor, Capability.SELL):
        return resolve_owner_among(actor, owner_id, context.owners, field="owner")
    if not can(actor, Capability.CHANGE_RECORDS) or owner_id not in (None, actor.pk):
        raise Forbidden()
    return actor


def _links(
    raw: ActivityInput, context: ActivityContext, errors: ErrorCollector
) -> _LinksFound | None:
    """`services.checks.links_for` against the preloaded records: each visible, all on
    one account (the first named record's when no account is); None when one is not."""
    found = True
    account = None
    if raw.account_id is not None:
        account = context.accounts.get(raw.account_id)
        found &= _present(errors, "account", account, Account)
    opportunity = None
    if raw.opportunity_id is not None:
        opportunity = context.opportunities.get(raw.opportunity_id)
        found &= _present(errors, "opportunity", opportunity, Opportunity)
    case = None
    if raw.case_id is not None:
        case = context.cases.get(raw.case_id)
        found &= _present(errors, "case", case, Case)
    wanted = sorted(set(raw.contact_ids))
    contacts = tuple(context.contacts[pk] for pk in wanted if pk in context.contacts)
    if len(contacts) != len(wanted):
        found &= _present(errors, "contact_ids", None, Contact)
    if not found:
        return None
    if account is None:
        first = opportunity or case or (contacts[0] if contacts else None)
        account = None if first is None else first.account
    if account is not None:
        for field, records in (
            ("opportunity", [opportunity] if opportunity else []),
            ("case", [case] if case else []),
            ("contact_ids", list(contacts)),
        ):
            if any(record.account_id != account.pk for record in records):
                errors.errors.append(
                    FieldError(
                        field,
                        ActivityErrorCode.OTHER_ACCOUNT,
                        _("This belongs to another account than the activity."),
                    )
                )
                return None
    linked = account is not None or bool(contacts) or opportunity is not None
    return account, contacts, opportunity, case, linked


def _present(errors: ErrorCollector, field: str, record: object, model: type[Model]) -> bool:
    """True when the record was found; else its NotVisible is recorded under `field`."""
    if record is not None:
        return True
    error = NotVisible(str(model._meta.verbose_name))
    errors.errors.append(FieldError(field, error.code, error.message))
    return False


def _visible(queryset: QuerySet[_Linked], ids: Iterable[int | None]) -> dict[int, _Linked]:
    wanted = {pk for pk in ids if pk is not None}
    return queryset.in_bulk(wanted) if wanted else {}

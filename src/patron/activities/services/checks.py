"""The checks the activity services share: loading an activity for a change, who owns
a new one, and the records it is about (all visible to the actor, all on one account).

The visible-account loader is `accounts.selectors.get_account` (an invisible account
is NotVisible); contacts, deals and cases are loaded here through their own
`visible_to`, so an activity never links what its author cannot see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _

from patron.accounts.models import Account, Contact
from patron.accounts.selectors import get_account
from patron.activities.choices import SELLING_KINDS, ActivityStatus
from patron.activities.errors import ActivityErrorCode
from patron.activities.models import Activity
from patron.core.audit import record_changed, snapshot
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.org.models import User
from patron.org.policy import may_change_owned_by
from patron.pipeline.models import Opportunity
from patron.service.models import Case

_Linked = TypeVar("_Linked", Opportunity, Case)


def activity_for_change(actor: User, activity_id: int) -> Activity:
    """The activity, locked, if visible (else NotVisible) and the actor's to change.

    The write rule is the owned-records rule: the owner, the people above them, sales
    ops and admins. A colleague who sees the activity through its account reads it but
    does not rewrite someone else's working record; executives change nothing.
    """
    activity = Activity.objects.visible_to(actor).select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise NotVisible(str(Activity._meta.verbose_name))
    if not may_change_owned_by(actor, activity.owner_id):
        raise Forbidden()
    return activity


@dataclass(frozen=True)
class Links:
    """The records an activity is about, each visible to the actor, all on one account."""

    account: Account | None
    contacts: list[Contact]
    opportunity: Opportunity | None
    case: Case | None

    @property
    def any(self) -> bool:
        return self.account is not None or bool(self.contacts) or self.opportunity is not None


def links_for(
    actor: User,
    *,
    account_id: int | None,
    contact_ids: Iterable[int],
    opportunity_id: int | None,
    case_id: int | None,
) -> Links:
    """Load what the activity is about and check it hangs together.

    Each record must be visible to the actor (else NotVisible: an activity must not
    reveal or touch what its author cannot see — a service agent sees accounts and
    cases, not deals). The contacts, the deal and the case must belong to the
    activity's account; when no account is named, the deal's, the case's or the
    contacts' account becomes the activity's, so every activity about a customer
    shows on that customer's page.
    """
    account = None if account_id is None else get_account(viewer=actor, account_id=account_id)
    opportunity = _visible(Opportunity, actor, opportunity_id)
    case = _visible(Case, actor, case_id)
    wanted = sorted(set(contact_ids))
    contacts = list(Contact.objects.visible_to(actor).filter(pk__in=wanted).order_by("pk"))
    if len(contacts) != len(wanted):
        raise NotVisible(str(Contact._meta.verbose_name))
    if account is None:
        first = opportunity or case or (contacts[0] if contacts else None)
        account = None if first is None else first.account
    if account is not None:
        for field, records in (
            ("opportunity", [opportunity] if opportunity else []),
            ("case", [case] if case else []),
            ("contact_ids", contacts),
        ):
            if any(record.account_id != account.pk for record in records):
                raise RuleViolation(
                    field,
                    ActivityErrorCode.OTHER_ACCOUNT,
                    _("This belongs to another account than the activity."),
                )
    return Links(account=account, contacts=contacts, opportunity=opportunity, case=case)


def _visible(model: type[_Linked], actor: User, pk: int | None) -> _Linked | None:
    if pk is None:
        return None
    found = model.objects.visible_to(actor).select_related("account").filter(pk=pk).first()
    if found is None:
        raise NotVisible(str(model._meta.verbose_name))
    return found


def touch_contacts(activity: Activity, *, actor: User) -> None:
    """A completed selling activity (a call, a meeting, a demo …) is a touch of the
    contacts it involved: their `last_touched_at` moves forward to when it happened
    (never back — a call logged late must not hide a later one).

    When it happened is its start, or its completion when it was completed before
    the planned start. The contact's version is not bumped: the touch is kept by the
    system, not edited by a person, and must not make someone's open edit of the
    contact stale. Each contact touched gets its own audit event ("touch").
    """
    if activity.status != ActivityStatus.COMPLETED or activity.kind not in SELLING_KINDS:
        return
    touched_at = min(activity.starts_at, activity.completed_at or activity.starts_at)
    contacts = Contact.objects.filter(activities=activity).exclude(last_touched_at__gte=touched_at)
    for contact in contacts.order_by("pk"):
        before = snapshot(contact)
        updated = (
            Contact.objects.filter(pk=contact.pk)
            .exclude(last_touched_at__gte=touched_at)
            .update(last_touched_at=touched_at)
        )
        if updated:
            contact.last_touched_at = touched_at
            record_changed(
                contact, actor=actor, before=before, action="touch", extra={"activity": activity}
            )

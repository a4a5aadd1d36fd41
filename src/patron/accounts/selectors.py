"""Reads of accounts and what hangs off them, always starting from `visible_to(viewer)`.

An account the viewer may not see does not exist for them: `get_account` raises
NotVisible (a 404 in the pages, never a 403 that would confirm the record exists), and
related accounts (parent, subsidiaries) are shown only when visible themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from patron.accounts.choices import BuyingRole
from patron.accounts.models import Account, AccountTeamMember, Contact, Handoff
from patron.accounts.querysets import visible_account_ids
from patron.core.errors import NotVisible
from patron.core.ordering import order_by_key

if TYPE_CHECKING:
    from patron.org.models import User

# Sort keys offered by the accounts list → columns (the primary key keeps pages stable
# when many rows share a value).
ACCOUNT_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pk"),
    "owner": ("owner__first_name", "owner__last_name", "owner__username", "pk"),
    "lifecycle": ("lifecycle", "name", "pk"),
    "tier": ("tier", "name", "pk"),
    "created": ("created_at", "pk"),
}

# The roles a buying committee should have covered; nobody needs a blocker.
COMMITTEE_ROLES = tuple(role for role in BuyingRole if role != BuyingRole.BLOCKER)


def account_list(
    *, viewer: User, search: str = "", lifecycle: str = "", tier: str = "", sort: str = "name"
) -> QuerySet[Account]:
    """The accounts the viewer may see, filtered and sorted for the accounts list.

    Search matches any part of the name, case-insensitively. Owners and territories
    are fetched for the page's rows afterwards (prefetch), not joined: a join lets
    SQLite's planner start from the users table and sort every account for one page,
    where the page alone is read in order from the name index.
    """
    accounts = Account.objects.visible_to(viewer).prefetch_related("owner", "territory")
    if search:
        accounts = accounts.filter(name__icontains=search)
    if lifecycle:
        accounts = accounts.filter(lifecycle=lifecycle)
    if tier:
        accounts = accounts.filter(tier=tier)
    return accounts.order_by(*order_by_key(ACCOUNT_SORTS, sort))


def account_list_rows_to_count(
    *, viewer: User, search: str = "", lifecycle: str = "", tier: str = ""
) -> QuerySet | None:
    """Rows as many as `account_list` gives, cheaper to count, or None to count the
    list itself: with no filter, the viewer's rows of the account access table (one
    per account they see) — an index range instead of a check per account."""
    if search or lifecycle or tier or viewer.sees_everything:
        return None
    return visible_account_ids(viewer)


def visible_account(actor: User, account_id: int) -> Account:
    """The account if `actor` may see it, else NotVisible (it does not exist for them).

    The one loader every domain uses for an account named in a request (the account
    of a new deal, order or case; a parent account): an invisible one is a 404.
    """
    account = Account.objects.visible_to(actor).filter(pk=account_id).first()
    if account is None:
        raise NotVisible(str(Account._meta.verbose_name))
    return account


def get_account(*, viewer: User, account_id: int) -> Account:
    """One account the viewer may see, with its owner, territory and parent loaded."""
    account = (
        Account.objects.visible_to(viewer)
        .select_related("owner", "territory", "parent")
        .filter(pk=account_id)
        .first()
    )
    if account is None:
        raise NotVisible("account")
    return account


@dataclass(frozen=True)
class CommitteeMember:
    """A contact's place in the buying committee and whether a touch is overdue."""

    contact: Contact
    touch_overdue: bool


@dataclass(frozen=True)
class AccountOverview:
    """Everything the account page shows besides the account's own fields and deals."""

    parent: Account | None
    subsidiaries: list[Account]
    team: list[AccountTeamMember]
    committee: list[CommitteeMember]
    uncovered_roles: list[str]
    handoffs: list[Handoff]


def touch_overdue(contact: Contact, now: datetime) -> bool:
    """A contact with a target cadence is overdue once the interval has passed since
    the last touch, or at once when never touched."""
    if not contact.touch_every_days:
        return False
    if contact.last_touched_at is None:
        return True
    return contact.last_touched_at < now - timedelta(days=contact.touch_every_days)


def account_overview(*, viewer: User, account: Account) -> AccountOverview:
    """Hierarchy, account team, buying committee (active contacts) and handoffs."""
    visible_accounts = Account.objects.visible_to(viewer)
    parent = None
    if account.parent_id is not None:
        parent = visible_accounts.filter(pk=account.parent_id).first()
    subsidiaries = list(visible_accounts.filter(parent_id=account.pk).order_by("name"))
    team = list(
        AccountTeamMember.objects.visible_to(viewer)
        .filter(account_id=account.pk)
        .select_related("user")
        .order_by("role", "user__first_name", "user__last_name")
    )
    contacts = list(
        Contact.objects.visible_to(viewer)
        .filter(account_id=account.pk, is_active=True)
        .order_by("-is_primary", "last_name", "first_name")
    )
    now = timezone.now()
    committee = [CommitteeMember(contact, touch_overdue(contact, now)) for contact in contacts]
    covered = {contact.buying_role for contact in contacts}
    uncovered = [str(role.label) for role in COMMITTEE_ROLES if role.value not in covered]
    handoffs = list(
        Handoff.objects.visible_to(viewer)
        .filter(account_id=account.pk)
        .select_related("from_user", "to_user")
    )
    return AccountOverview(
        parent=parent,
        subsidiaries=subsidiaries,
        team=team,
        committee=committee,
        uncovered_roles=uncovered,
        handoffs=handoffs,
    )


def owned_account_count(*, viewer: User) -> int:
    """How many accounts the viewer owns personally (not their team's)."""
    return Account.objects.visible_to(viewer).filter(Q(owner_id=viewer.pk)).count()

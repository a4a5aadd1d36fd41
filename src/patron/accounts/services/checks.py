"""The loaders every account service shares: a record, locked, if the actor may change it.

The write rule for an account is the owned-records rule for sales records
(`org.policy.require_may_change_sales_record`): the account must be visible to the
actor (else it does not exist for them), and the actor must sell and own it or manage
its owner (sales ops and admins change every account; executives and service agents
none). What is *known about* an account — its people, the competitors met there — is
recorded by anyone who sees it and may change records (the account team maps a
buying committee of an account someone else owns). Generic value checks are in
`core.validation`, the write policy in `org.policy`.
"""

from __future__ import annotations

from patron.accounts.models import Account, AccountCompetitor, Contact
from patron.core.errors import NotVisible
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability, require_may_change_sales_record


def account_for_change(actor: User, account_id: int) -> Account:
    """The account, locked, if visible (else NotVisible) and the actor's to change."""
    account = Account.objects.visible_to(actor).select_for_update().filter(pk=account_id).first()
    if account is None:
        raise NotVisible(str(Account._meta.verbose_name))
    require_may_change_sales_record(actor, account.owner_id)
    return account


def contact_for_change(actor: User, contact_id: int) -> Contact:
    """The contact, locked, if visible (else NotVisible) and the actor changes records.

    Whoever sees a contact may keep it up to date: the account team learns a new title
    or a consent, a service agent a new phone number.
    """
    contact = Contact.objects.visible_to(actor).select_for_update().filter(pk=contact_id).first()
    if contact is None:
        raise NotVisible(str(Contact._meta.verbose_name))
    require_capability(actor, Capability.CHANGE_RECORDS)
    return contact


def account_competitor_for_change(actor: User, account_competitor_id: int) -> AccountCompetitor:
    """A competitor's presence at an account, locked, if its account is visible (else
    NotVisible) and the actor sells (competitors at an account are sales knowledge)."""
    link = (
        AccountCompetitor.objects.visible_to(actor)
        .select_for_update()
        .select_related("account", "competitor")
        .filter(pk=account_competitor_id)
        .first()
    )
    if link is None:
        raise NotVisible(str(AccountCompetitor._meta.verbose_name))
    require_seller(actor)
    return link


def require_seller(actor: User) -> None:
    """Forbidden unless the actor sells and changes records (not an executive, not a
    service agent)."""
    require_capability(actor, Capability.CHANGE_RECORDS)
    require_capability(actor, Capability.SELL)

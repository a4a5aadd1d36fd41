"""Accounts: creating one and editing its details and lifecycle.

Ownership changes by handoff and churn by `mark_account_churned` (`services/team.py`,
`services/lifecycle.py`), each with the record it leaves.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.choices import Lifecycle
from patron.accounts.cleaning.accounts import (
    AccountFields,
    AccountInput,
    account_context,
    clean_account,
    clean_account_fields,
    require_account_access,
    require_lifecycle,
)
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account
from patron.accounts.selectors import visible_account
from patron.accounts.services.checks import account_for_change
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_not_future
from patron.org.access import lock_tree, refresh_access
from patron.org.models import Territory, User

# The account's own descriptive fields, checked together by `clean_account_fields`.
DESCRIPTIVE_FIELDS = tuple(AccountFields.__dataclass_fields__)


@service
def create_account(
    *,
    actor: User,
    name: str,
    owner_id: int | None = None,
    parent_id: int | None = None,
    industry: str = "",
    segment: str = "",
    employees: int | None = None,
    website: str = "",
    phone: str = "",
    country: str = "",
    region: str = "",
    city: str = "",
    territory_id: int | None = None,
    lifecycle: str = Lifecycle.PROSPECT,
    customer_since: date | None = None,
    tier: str = "",
    external_id: str | None = None,
) -> Account:
    """Create an account owned by the actor, or by someone whose records they may change.

    A new account is a prospect, a partner, or — for customers brought over from
    another system — a customer with the date it became one; an account becomes
    churned only through `mark_account_churned`. The parent account must be visible.
    """
    lock_tree(exclusive=False)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    # The checks are `clean_account`'s, shared with bulk loads: the context of this
    # one row, then its first refusal raised.
    raw = AccountInput(
        name=name,
        industry=industry,
        segment=segment,
        employees=employees,
        website=website,
        phone=phone,
        country=country,
        region=region,
        city=city,
        tier=tier,
        owner_id=owner_id,
        parent_id=parent_id,
        territory_id=territory_id,
        lifecycle=lifecycle,
        customer_since=customer_since,
        external_id=external_id,
    )
    context = account_context(
        actor,
        owner_ids=[owner_id],
        parent_ids=[parent_id],
        territory_ids=[territory_id],
        external_ids=[external_id],
    )
    require_account_access(raw, context)  # Forbidden and NotVisible raised as they are
    values = clean_account(raw, context).value_or_raise()
    account = Account.objects.create(**values.as_model_fields(), created_by=actor)
    record_created(account, actor=actor)
    refresh_access(accounts=[account.pk])
    return account


@service
def update_account(
    *,
    actor: User,
    account_id: int,
    version: int,
    name: str | Unset = UNSET,
    parent_id: int | Unset | None = UNSET,
    industry: str | Unset = UNSET,
    segment: str | Unset = UNSET,
    employees: int | Unset | None = UNSET,
    website: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    city: str | Unset = UNSET,
    territory_id: int | Unset | None = UNSET,
    tier: str | Unset = UNSET,
    lifecycle: str | Unset = UNSET,
    customer_since: date | Unset | None = UNSET,
) -> Account:
    """Change an account's details; arguments left out keep their value (and an edit
    that changes no value writes nothing).

    Ownership changes only by handoff (it leaves a record); churn only through
    `mark_account_churned`. A customer needs the date it became one; a prospect has
    none. An account cannot become its own ancestor. Leaving churned (a won-back
    customer) clears the churn date and reason: they described the previous loss.
    """
    account = account_for_change(actor, account_id)
    require_version(account, version)
    before = snapshot(account)
    given = {
        key: value
        for key, value in {
            "name": name,
            "industry": industry,
            "segment": segment,
            "employees": employees,
            "website": website,
            "phone": phone,
            "country": country,
            "region": region,
            "city": city,
            "tier": tier,
        }.items()
        if not isinstance(value, Unset)
    }
    current = {key: getattr(account, key) for key in DESCRIPTIVE_FIELDS}
    checked = clean_account_fields(AccountFields(**{**current, **given})).value_or_raise()
    for key, value in checked.as_dict().items():
        setattr(account, key, value)
    fields = list(given)
    if not isinstance(parent_id, Unset):
        account.parent = None if parent_id is None else _parent_for(actor, account, parent_id)
        fields.append("parent")
    if not isinstance(territory_id, Unset):
        account.territory = _territory(territory_id)
        fields.append("territory")
    if not isinstance(lifecycle, Unset) or not isinstance(customer_since, Unset):
        _change_lifecycle(
            account,
            lifecycle=account.lifecycle if isinstance(lifecycle, Unset) else lifecycle,
            customer_since=(
                account.customer_since if isinstance(customer_since, Unset) else customer_since
            ),
        )
        fields += ["lifecycle", "customer_since", "churned_on", "churn_reason"]
    if snapshot(account) == before:
        return account  # nothing changed: no new version, no event
    update_versioned(account, expected_version=version, fields=fields)
    record_changed(account, actor=actor, before=before)
    return account


def _change_lifecycle(account: Account, *, lifecycle: str, customer_since: date | None) -> None:
    if lifecycle == Lifecycle.CHURNED and account.lifecycle == Lifecycle.CHURNED:
        # Still churned: only the date it became a customer is corrected.
        if customer_since is not None:
            require_not_future(customer_since, field="customer_since")
            # A churned account always has its churn date (a database constraint).
            if account.churned_on is not None and customer_since > account.churned_on:
                raise RuleViolation(
                    "customer_since",
                    AccountErrorCode.BEFORE_CUSTOMER_SINCE,
                    _("The account churned before this date."),
                )
        account.customer_since = customer_since
        return
    require_lifecycle(lifecycle, customer_since)
    account.lifecycle = lifecycle
    account.customer_since = None if lifecycle == Lifecycle.PROSPECT else customer_since
    account.churned_on = None
    account.churn_reason = ""


def _parent_for(actor: User, account: Account, parent_id: int) -> Account:
    """A visible parent that is not the account itself nor one of its subsidiaries."""
    parent = visible_account(actor, parent_id)
    ancestor: Account | None = parent
    seen: set[int] = set()
    while ancestor is not None and ancestor.pk not in seen:
        if ancestor.pk == account.pk:
            raise RuleViolation(
                "parent",
                AccountErrorCode.PARENT_CYCLE,
                _("An account cannot sit under itself or one of its subsidiaries."),
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    return parent


def _territory(territory_id: int | None) -> Territory | None:
    if territory_id is None:
        return None
    territory = Territory.objects.filter(pk=territory_id).first()
    if territory is None:
        raise RuleViolation(
            "territory", AccountErrorCode.UNKNOWN_TERRITORY, _("There is no such territory.")
        )
    return territory

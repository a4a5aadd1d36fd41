"""Accounts: creating one and editing its details and lifecycle.

Ownership changes by handoff and churn by `mark_account_churned` (`services/team.py`,
`services/lifecycle.py`), each with the record it leaves.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.choices import Industry, Lifecycle, Segment, Tier
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account
from patron.accounts.selectors import visible_account
from patron.accounts.services.checks import account_for_change
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import (
    MAX_INT32,
    require_choice,
    require_country,
    require_int_range,
    require_not_future,
    require_text,
)
from patron.org.models import Territory, User
from patron.org.policy import resolve_owner

LIFECYCLES_BY_EDIT = (Lifecycle.PROSPECT, Lifecycle.CUSTOMER, Lifecycle.PARTNER)
# Longest text of each free-text account field (the columns' lengths).
ACCOUNT_TEXT_LIMITS = {"name": 200, "website": 200, "phone": 40, "region": 120, "city": 120}
# The account's own descriptive fields, checked together by `_account_values`.
DESCRIPTIVE_FIELDS = (*ACCOUNT_TEXT_LIMITS, "industry", "segment", "employees", "country", "tier")


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
    owner = resolve_owner(actor, owner_id, field="owner")
    values = _account_values(
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
    )
    _require_lifecycle(lifecycle, customer_since)
    if external_id is not None and external_id.strip():
        external_id = require_text(external_id, field="external_id", limit=64)
        if Account.objects.filter(external_id=external_id).exists():
            raise RuleViolation(
                "external_id",
                AccountErrorCode.DUPLICATE_EXTERNAL_ID,
                _("Another account already has this external id."),
            )
    else:
        external_id = None
    account = Account.objects.create(
        **values,
        owner=owner,
        parent=None if parent_id is None else visible_account(actor, parent_id),
        territory=_territory(territory_id),
        lifecycle=lifecycle,
        customer_since=customer_since if lifecycle == Lifecycle.CUSTOMER else None,
        external_id=external_id,
        created_by=actor,
    )
    record_created(account, actor=actor)
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
    for key, value in _account_values(**{**current, **given}).items():
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


def _account_values(
    *,
    name: str,
    industry: str,
    segment: str,
    employees: int | None,
    website: str,
    phone: str,
    country: str,
    region: str,
    city: str,
    tier: str,
) -> dict[str, object]:
    """The checked, trimmed values of an account's own descriptive fields."""
    texts = {"name": name, "website": website, "phone": phone, "region": region, "city": city}
    values: dict[str, object] = {
        key: require_text(value, field=key, limit=ACCOUNT_TEXT_LIMITS[key], required=key == "name")
        for key, value in texts.items()
    }
    values["industry"] = require_choice(
        industry, field="industry", choices=Industry.values, blank=True
    )
    values["segment"] = require_choice(segment, field="segment", choices=Segment.values, blank=True)
    values["tier"] = require_choice(tier, field="tier", choices=Tier.values, blank=True)
    # The column is a 32-bit integer on PostgreSQL.
    values["employees"] = require_int_range(employees, field="employees", high=MAX_INT32)
    values["country"] = require_country(country)
    return values


def _require_lifecycle(lifecycle: str, customer_since: date | None) -> None:
    if lifecycle == Lifecycle.CHURNED:
        raise RuleViolation(
            "lifecycle",
            AccountErrorCode.USE_CHURN,
            _("Record a churn with its date and reason instead."),
        )
    require_choice(lifecycle, field="lifecycle", choices=LIFECYCLES_BY_EDIT)
    if lifecycle == Lifecycle.CUSTOMER:
        if customer_since is None:
            raise RuleViolation(
                "customer_since",
                AccountErrorCode.CUSTOMER_SINCE_REQUIRED,
                _("Say since when the account is a customer."),
            )
        require_not_future(customer_since, field="customer_since")


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
    _require_lifecycle(lifecycle, customer_since)
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

"""The clean step of a new account: its fields, owner, parent, territory, lifecycle
and external id checked against a context loaded once for every row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from patron.accounts.choices import Industry, Lifecycle, Segment, Tier
from patron.accounts.cleaning.shared import (
    active_user,
    active_users,
    as_dict_of,
    visible_account_ids_of,
)
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account
from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import company_today
from patron.core.validation import (
    MAX_INT32,
    require_choice,
    require_country,
    require_int_range,
    require_not_future,
    require_text,
)
from patron.org.models import Territory, User
from patron.org.policy import require_may_change_sales_record, require_may_own

# Longest text of each free-text account field (the columns' lengths).
ACCOUNT_TEXT_LIMITS = {"name": 200, "website": 200, "phone": 40, "region": 120, "city": 120}
# A new account is a prospect, a customer or a partner; churn has its own operation.
LIFECYCLES_BY_EDIT = (Lifecycle.PROSPECT, Lifecycle.CUSTOMER, Lifecycle.PARTNER)
# The longest id another system may give an account (the column's length).
EXTERNAL_ID_LIMIT = 64


@dataclass(frozen=True, slots=True)
class AccountFields:
    """An account's own descriptive fields, as typed (raw) or checked and trimmed."""

    name: str
    industry: str = ""
    segment: str = ""
    employees: int | None = None
    website: str = ""
    phone: str = ""
    country: str = ""
    region: str = ""
    city: str = ""
    tier: str = ""

    def as_dict(self) -> dict[str, Any]:
        return as_dict_of(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountInput(AccountFields):
    """One new account as a person or a file gives it: its fields and what it names."""

    owner_id: int | None = None
    parent_id: int | None = None
    territory_id: int | None = None
    lifecycle: str = Lifecycle.PROSPECT
    customer_since: date | None = None
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class AccountValues:
    """A new account's checked values, ready to write."""

    fields: AccountFields
    owner: User
    parent_id: int | None
    territory_id: int | None
    lifecycle: str
    customer_since: date | None
    external_id: str | None

    def as_model_fields(self) -> dict[str, Any]:
        """The keyword arguments of `Account.objects.create` (without `created_by`)."""
        values = as_dict_of(self)
        return {**values.pop("fields").as_dict(), **values}


@dataclass(frozen=True, slots=True)
class AccountContext:
    """What cleaning new accounts needs from the database, loaded once for all rows."""

    actor: User
    owners: Mapping[int, User]  # the active users named as owners, by id
    visible_account_ids: frozenset[int]  # the named parents the actor may see
    territory_ids: frozenset[int]  # the named territories that exist
    taken_external_ids: frozenset[str]  # the named external ids other accounts have
    today: date  # the company's today


def account_context(
    actor: User,
    *,
    owner_ids: Iterable[int | None] = (),
    parent_ids: Iterable[int | None] = (),
    territory_ids: Iterable[int | None] = (),
    external_ids: Iterable[str | None] = (),
) -> AccountContext:
    """The context to clean new accounts naming these owners, parents, territories and
    external ids: one query per kind of reference, whatever the number of rows."""
    wanted_parents = ids_of(parent_ids)
    wanted_territories = ids_of(territory_ids)
    wanted_external = {value.strip() for value in external_ids if value and value.strip()}
    return AccountContext(
        actor=actor,
        owners=active_users(actor, owner_ids),
        visible_account_ids=visible_account_ids_of(actor, wanted_parents),
        territory_ids=frozenset(
            Territory.objects.filter(pk__in=wanted_territories).values_list("pk", flat=True)
            if wanted_territories
            else ()
        ),
        taken_external_ids=frozenset(
            Account.objects.filter(external_id__in=wanted_external).values_list(
                "external_id", flat=True
            )
            if wanted_external
            else ()
        ),
        today=company_today(),
    )


def clean_account(raw: AccountInput, context: AccountContext) -> Cleaned[AccountValues]:
    """The checked new account, or every field that is wrong with it.

    The owner is the actor unless they name an active seller whose records they may
    change; the parent must be an account the actor sees (an unseen one does not exist
    for them); a new account is a prospect, a partner or a customer since a past date
    (churn is recorded with `mark_account_churned`); an external id belongs to one
    account. The access checks come first, in the order `require_account_access` runs
    them, so a service's first refusal is this step's first error.
    """
    errors = ErrorCollector()
    owner = check_named(errors, "owner", lambda: _account_owner(context, raw.owner_id))
    check_named(errors, "parent", lambda: _require_parent(context, raw.parent_id))
    own_fields = _account_fields(raw, errors)
    with errors.field():
        _require_lifecycle(raw.lifecycle, raw.customer_since, today=context.today)
    external_id = errors.check(lambda: _external_id(context, raw.external_id), None)
    with errors.field():
        _require_territory(context, raw.territory_id)
    if errors.errors or owner is None or own_fields is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        AccountValues(
            fields=own_fields,
            owner=owner,
            parent_id=raw.parent_id,
            territory_id=raw.territory_id,
            lifecycle=raw.lifecycle,
            customer_since=raw.customer_since if raw.lifecycle == Lifecycle.CUSTOMER else None,
            external_id=external_id,
        )
    )


def require_account_access(raw: AccountInput, context: AccountContext) -> None:
    """The access checks of `clean_account`, raised as they are: an owner the actor may
    not give the account to (`Forbidden`), a parent they cannot see (`NotVisible`)."""
    _account_owner(context, raw.owner_id)
    _require_parent(context, raw.parent_id)


def clean_account_fields(raw: AccountFields) -> Cleaned[AccountFields]:
    """An account's own descriptive fields checked and trimmed, or every error."""
    errors = ErrorCollector()
    own_fields = _account_fields(raw, errors)
    return Cleaned(own_fields, errors.errors)


def require_lifecycle(lifecycle: str, customer_since: date | None) -> None:
    """A lifecycle set by hand: not churned (that has its own operation), and a
    customer since a date that is not in the future."""
    _require_lifecycle(lifecycle, customer_since, today=company_today())


def _account_fields(raw: AccountFields, errors: ErrorCollector) -> AccountFields | None:
    before = len(errors.errors)
    checked: dict[str, Any] = {
        key: errors.check(
            partial(
                require_text, getattr(raw, key), field=key, limit=limit, required=key == "name"
            ),
            "",
        )
        for key, limit in ACCOUNT_TEXT_LIMITS.items()
    }
    for key, values in (
        ("industry", Industry.values),
        ("segment", Segment.values),
        ("tier", Tier.values),
    ):
        checked[key] = errors.check(
            partial(require_choice, getattr(raw, key), field=key, choices=values, blank=True), ""
        )
    # The column is a 32-bit integer on PostgreSQL.
    checked["employees"] = errors.check(
        lambda: require_int_range(raw.employees, field="employees", high=MAX_INT32), None
    )
    checked["country"] = errors.check(lambda: require_country(raw.country), "")
    if len(errors.errors) > before:
        return None
    return AccountFields(**checked)


def _account_owner(context: AccountContext, owner_id: int | None) -> User:
    """`org.policy.resolve_owner` against the preloaded users."""
    owner = context.actor if owner_id is None else active_user(context.owners, owner_id)
    require_may_change_sales_record(context.actor, owner.pk)
    return require_may_own(owner, field="owner")


def _require_parent(context: AccountContext, parent_id: int | None) -> None:
    if parent_id is not None and parent_id not in context.visible_account_ids:
        raise NotVisible(str(Account._meta.verbose_name))


def _require_lifecycle(lifecycle: str, customer_since: date | None, *, today: date) -> None:
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
        require_not_future(customer_since, field="customer_since", today=today)


def _external_id(context: AccountContext, external_id: str | None) -> str | None:
    """The trimmed id another system gives the account (blank: none), not taken."""
    if external_id is None or not external_id.strip():
        return None
    external_id = require_text(external_id, field="external_id", limit=EXTERNAL_ID_LIMIT)
    if external_id in context.taken_external_ids:
        raise RuleViolation(
            "external_id",
            AccountErrorCode.DUPLICATE_EXTERNAL_ID,
            _("Another account already has this external id."),
        )
    return external_id


def _require_territory(context: AccountContext, territory_id: int | None) -> None:
    if territory_id is not None and territory_id not in context.territory_ids:
        raise RuleViolation(
            "territory", AccountErrorCode.UNKNOWN_TERRITORY, _("There is no such territory.")
        )

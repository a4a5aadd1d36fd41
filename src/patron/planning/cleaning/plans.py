"""The clean step of a new account plan (see `core.cleaning` and decision 0020): the
raw values and a context loaded beforehand in, the checked plan or every wrong field
out, with no query.

Also what the clean steps of a plan's actions and targets share: the plans a batch
names, and which of their accounts the actor and the named owners see, loaded once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from patron.accounts.models import Account
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.errors import CommonErrorCode, NotVisible
from patron.core.models import CompanySettings
from patron.core.validation import require_choice, require_currency, require_int_range, require_text
from patron.org.models import User
from patron.org.policy import (
    active_user_among,
    active_users_by_id,
    may_change_owned_by,
    require_may_own,
)
from patron.org.visibility import with_reporting_tree
from patron.planning.choices import PlanStatus
from patron.planning.models import AccountPlan
from patron.planning.services.checks import (
    SeesAccount,
    is_planner,
    plan_not_visible,
    require_may_plan,
    require_plan_member,
    require_planner,
)

# The plan's free-text sections, in the order the plan reads.
PLAN_TEXTS = (
    "customer_needs",
    "goals",
    "challenges",
    "strategy",
    "relationship_objectives",
    "competitive_threats",
)
TEXT_LIMIT = 10_000  # a few pages per section; longer belongs in a document
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the range the table accepts (plan_year_sane)


@dataclass(frozen=True)
class AccountPlanInput:
    """A new account plan as typed or imported."""

    account_id: int
    fiscal_year: int | None
    owner_id: int | None = None
    currency: str = ""
    status: str = PlanStatus.DRAFT
    customer_needs: str = ""
    goals: str = ""
    challenges: str = ""
    strategy: str = ""
    relationship_objectives: str = ""
    competitive_threats: str = ""
    next_review_on: date | None = None


@dataclass(frozen=True)
class AccountPlanContext:
    """What cleaning new plans needs from the database: the actor (with their reporting
    tree walked), the named accounts they see, the active users named as owners with
    the named accounts each of them sees, the account and fiscal year of every plan
    those accounts already have, and the company's base currency."""

    actor: User
    accounts: Mapping[int, Account]
    owners: Mapping[int, User]
    owner_account_ids: Mapping[int, frozenset[int]]
    taken_years: frozenset[tuple[int, int]]
    base_currency: str


@dataclass(frozen=True)
class AccountPlanValues:
    """A new plan ready to be written."""

    account: Account
    fiscal_year: int
    owner: User
    status: str
    currency: str
    next_review_on: date | None
    customer_needs: str
    goals: str
    challenges: str
    strategy: str
    relationship_objectives: str
    competitive_threats: str


def account_plan_context(
    actor: User, *, account_ids: Iterable[int | None], owner_ids: Iterable[int | None] = ()
) -> AccountPlanContext:
    """The context for cleaning plans of these accounts with these owners: one query per
    kind of reference (accounts, owners, plans taken, the company's settings), plus,
    per named owner who may own, which of the accounts they see (`accounts_seen_by`)."""
    actor = with_reporting_tree(actor)
    wanted = ids_of(account_ids)
    accounts = Account.objects.visible_to(actor).in_bulk(wanted) if wanted else {}
    owners = active_users_by_id(owner_ids)
    taken = (
        AccountPlan.objects.filter(account_id__in=list(accounts)).values_list(
            "account_id", "fiscal_year"
        )
        if accounts
        else []
    )
    return AccountPlanContext(
        actor=actor,
        accounts=accounts,
        owners=owners,
        owner_account_ids=accounts_seen_by(actor, owners, set(accounts)),
        taken_years=frozenset(taken),
        base_currency=CompanySettings.current().base_currency,
    )


def clean_account_plan(
    raw: AccountPlanInput, context: AccountPlanContext
) -> Cleaned[AccountPlanValues]:
    """Every check of a new plan (the rules are `create_account_plan`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    account = check_named(errors, "account", lambda: _visible_account(raw.account_id, context))
    if account is not None:
        check_named(errors, "account", lambda: require_planner(context.actor))
    owner: User | None = context.actor
    if raw.owner_id is not None:
        owner_id = raw.owner_id
        owner = check_named(errors, "owner", lambda: _owner(owner_id, account, context))
    year = errors.check(
        lambda: require_int_range(
            raw.fiscal_year, field="fiscal_year", low=FIRST_YEAR, high=LAST_YEAR, required=True
        ),
        None,
    )
    if account is not None and year is not None and (account.pk, year) in context.taken_years:
        errors.errors.append(
            FieldError(
                "fiscal_year",
                CommonErrorCode.DUPLICATE,
                _("This account already has a plan for this fiscal year."),
            )
        )
    status = errors.check(
        lambda: require_choice(raw.status, field="status", choices=PlanStatus.values), ""
    )
    currency = errors.check(lambda: require_currency(raw.currency or context.base_currency), "")
    texts = _plan_texts(errors, {name: getattr(raw, name) for name in PLAN_TEXTS})
    if errors.errors or account is None or owner is None or year is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        AccountPlanValues(
            account=account,
            fiscal_year=year,
            owner=owner,
            status=status,
            currency=currency,
            next_review_on=raw.next_review_on,
            **texts,
        )
    )


def clean_plan_texts(texts: Mapping[str, str]) -> Cleaned[dict[str, str]]:
    """A plan's free-text sections (any of `PLAN_TEXTS`) trimmed and checked, or every
    error (also the check of `update_account_plan`)."""
    errors = ErrorCollector()
    checked = _plan_texts(errors, texts)
    return Cleaned(checked, errors.errors)


def visible_plans(
    actor: User, plan_ids: Iterable[int | None], *, for_update: bool = False
) -> dict[int, AccountPlan]:
    """The named plans the actor sees, with their accounts, by id — locked (with their
    accounts) for a service that then changes the plan or adds to it."""
    wanted = ids_of(plan_ids)
    if not wanted:
        return {}
    plans = AccountPlan.objects.visible_to(actor)
    if for_update:
        plans = plans.select_for_update()
    return plans.select_related("account").in_bulk(wanted)


def planned_account_ids(actor: User, plans: Mapping[int, AccountPlan]) -> frozenset[int]:
    """The accounts of `plans` the actor sees, where `may_plan` asks it: for a planner,
    about the plans whose owner's records they may not change."""
    if not is_planner(actor):
        return frozenset()
    return seen_accounts(
        actor,
        {
            plan.account_id
            for plan in plans.values()
            if not may_change_owned_by(actor, plan.owner_id)
        },
    )


def plan_among(
    actor: User, plans: Mapping[int, AccountPlan], planned: Collection[int], plan_id: int
) -> AccountPlan:
    """`services.checks.plan_for_change`'s refusals against the preloaded plans: a plan
    the actor does not see is NotVisible, one they may not work Forbidden (`planned`
    is `planned_account_ids`)."""
    plan = plans.get(plan_id)
    if plan is None:
        raise plan_not_visible()
    return require_may_plan(actor, plan, sees=lambda _user, account_id: account_id in planned)


def accounts_seen_by(
    actor: User, users: Mapping[int, User], account_ids: Collection[int]
) -> dict[int, frozenset[int]]:
    """Of `account_ids`, those each of `users` sees, by user id: `Account.visible_to`
    asked once per user, whatever the number of rows (the actor's object is reused, so
    what it already walked is not walked again). Users who may not own sales records
    are left out: they are refused before the question is asked."""
    if not account_ids:
        return {}
    return {
        pk: seen_accounts(actor if pk == actor.pk else user, account_ids)
        for pk, user in users.items()
        if is_planner(user)
    }


def seen_accounts(user: User, account_ids: Collection[int]) -> frozenset[int]:
    """Of `account_ids`, those `user` sees."""
    if not account_ids:
        return frozenset()
    visible = Account.objects.visible_to(user).filter(pk__in=list(account_ids))
    return frozenset(visible.values_list("pk", flat=True))


def sight(seen: Mapping[int, frozenset[int]]) -> SeesAccount:
    """`services.checks.sees_account` answered from `accounts_seen_by`."""
    return lambda user, account_id: account_id in seen.get(user.pk, frozenset())


def member_among(
    users: Mapping[int, User],
    seen: Mapping[int, frozenset[int]],
    user_id: int,
    account_id: int | None,
    *,
    field: str,
) -> User:
    """`services.checks.plan_member` against the preloaded users and what they see;
    without an account (one the actor does not see) only whether they may own."""
    user = active_user_among(users, user_id, field=field)
    if account_id is None:
        return require_may_own(user, field=field)
    return require_plan_member(user, account_id, field=field, sees=sight(seen))


def _visible_account(account_id: int, context: AccountPlanContext) -> Account:
    account = context.accounts.get(account_id)
    if account is None:
        raise NotVisible("account")  # `accounts.selectors.get_account`'s refusal
    return account


def _owner(owner_id: int, account: Account | None, context: AccountPlanContext) -> User:
    account_id = None if account is None else account.pk
    return member_among(
        context.owners, context.owner_account_ids, owner_id, account_id, field="owner"
    )


def _plan_texts(errors: ErrorCollector, texts: Mapping[str, str]) -> dict[str, str]:
    return {
        name: errors.check(partial(require_text, value, field=name, limit=TEXT_LIMIT), "")
        for name, value in texts.items()
    }

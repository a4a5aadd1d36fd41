"""The clean step of recording a contract (see `patron.orders.cleaning`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from patron.accounts.models import Account
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.currency import Rates, load_rates
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import CompanySettings, company_today
from patron.core.money import Money, round_minor
from patron.core.validation import minor_units
from patron.orders.cleaning.common import not_visible, require_won
from patron.orders.errors import OrderErrorCode
from patron.org.models import User
from patron.org.policy import active_users_by_id
from patron.org.visibility import with_reporting_tree
from patron.pipeline.cleaning.common import owner_of
from patron.pipeline.models import Opportunity


@dataclass(frozen=True)
class ContractInput:
    """A contract as typed or imported."""

    start_date: date
    end_date: date
    account_id: int | None = None
    opportunity_id: int | None = None
    total_value: Money | None = None
    annual_value: Money | None = None
    auto_renew: bool = False
    owner_id: int | None = None


@dataclass(frozen=True)
class ContractContext:
    """What cleaning contracts needs from the database."""

    actor: User
    today: date
    owners: Mapping[int, User]
    accounts: Mapping[int, Account]
    opportunities: Mapping[int, Opportunity]
    rates: Rates


@dataclass(frozen=True)
class ContractValues:
    """A draft contract ready to be written (its number is given when written)."""

    account: Account
    owner: User
    opportunity: Opportunity | None
    start_date: date
    end_date: date
    currency: str
    total_value_minor: int
    annual_value_minor: int
    total_value_base_minor: int
    auto_renew: bool


def contract_context(
    actor: User,
    *,
    owner_ids: Iterable[int | None] = (),
    account_ids: Iterable[int | None] = (),
    opportunity_ids: Iterable[int | None] = (),
    currencies: Iterable[str | None] = (),
) -> ContractContext:
    """The context for cleaning contracts that name these references (one query per
    kind); the accounts and currencies of the deals named are added."""
    actor = with_reporting_tree(actor)
    wanted = ids_of(opportunity_ids)
    opportunities = Opportunity.objects.visible_to(actor).in_bulk(wanted) if wanted else {}
    accounts = ids_of(account_ids) | {deal.account_id for deal in opportunities.values()}
    base_currency = CompanySettings.current().base_currency
    return ContractContext(
        actor=actor,
        today=company_today(),
        owners=active_users_by_id(owner_ids),
        accounts=Account.objects.visible_to(actor).in_bulk(accounts) if accounts else {},
        opportunities=opportunities,
        rates=load_rates(
            base_currency, [*currencies, *(deal.currency for deal in opportunities.values())]
        ),
    )


def clean_contract(raw: ContractInput, context: ContractContext) -> Cleaned[ContractValues]:
    """Every check of a new contract (the rules are `create_contract`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    opportunity: Opportunity | None = None
    account_id = raw.account_id
    values: tuple[int | None, int | None, str | None] = (None, None, None)
    if raw.opportunity_id is not None:
        deal = context.opportunities.get(raw.opportunity_id)
        if deal is None:
            errors.errors.append(not_visible("opportunity", Opportunity))
        elif errors.check(lambda: require_won(deal), None) is not None:
            errors.check(lambda: _same_account(deal, raw.account_id), None)
            opportunity, account_id = deal, deal.account_id
            values = _deal_values(raw, deal, errors)
    else:
        if account_id is None:
            errors.errors.append(
                FieldError("account", CommonErrorCode.REQUIRED, _("Choose the account."))
            )
        values = _ad_hoc_values(raw.total_value, raw.annual_value, errors)
    errors.check(lambda: require_ends_after_start(raw.start_date, raw.end_date), None)
    account = None
    if account_id is not None:
        account = context.accounts.get(account_id)
        if account is None:
            errors.errors.append(not_visible("account", Account))
    owner = check_named(
        errors, "owner", lambda: owner_of(context.actor, raw.owner_id, context.owners)
    )
    total_minor, annual_minor, currency = values
    base_minor = None
    if total_minor is not None and currency is not None:
        base_minor = errors.check(
            lambda: context.rates.base_minor(total_minor, currency, raw.start_date), None
        )
    if (
        errors.errors
        or account is None
        or owner is None
        or total_minor is None
        or annual_minor is None
        or currency is None
        or base_minor is None
    ):
        return Cleaned(errors=errors.errors)
    return Cleaned(
        ContractValues(
            account=account,
            owner=owner,
            opportunity=opportunity,
            start_date=raw.start_date,
            end_date=raw.end_date,
            currency=currency,
            total_value_minor=total_minor,
            annual_value_minor=annual_minor,
            total_value_base_minor=base_minor,
            auto_renew=raw.auto_renew,
        )
    )


def require_ends_after_start(start_date: date, end_date: date) -> None:
    if end_date <= start_date:
        raise RuleViolation(
            "end_date", OrderErrorCode.ENDS_BEFORE_START, _("A contract ends after it starts.")
        )


def contract_value(opportunity: Opportunity) -> int:
    """The deal's total contract value (K5): amount × term / 12 when recurring."""
    if opportunity.is_recurring and opportunity.contract_term_months:
        return round_minor(
            Decimal(opportunity.amount_minor) * opportunity.contract_term_months / 12
        )
    return opportunity.amount_minor


def value_minor(value: Money, *, field: str, currency: str) -> int:
    """A contract value: in the contract's currency, never negative."""
    return minor_units(value, currency=currency, field=field)


def _same_account(opportunity: Opportunity, account_id: int | None) -> None:
    if account_id is not None and account_id != opportunity.account_id:
        raise RuleViolation(
            "account",
            OrderErrorCode.ACCOUNT_MISMATCH,
            _("The contract must be with the account of its opportunity."),
        )


def _deal_values(
    raw: ContractInput, opportunity: Opportunity, errors: ErrorCollector
) -> tuple[int | None, int | None, str | None]:
    """The deal's values unless given: its amount a year, its total contract value."""
    currency = opportunity.currency
    annual: int | None = opportunity.amount_minor
    given_annual, given_total = raw.annual_value, raw.total_value
    if given_annual is not None:
        annual = errors.check(
            lambda: value_minor(given_annual, field="annual_value", currency=currency), None
        )
    total: int | None = contract_value(opportunity)
    if given_total is not None:
        total = errors.check(
            lambda: value_minor(given_total, field="total_value", currency=currency), None
        )
    return total, annual, currency


def _ad_hoc_values(
    total_value: Money | None, annual_value: Money | None, errors: ErrorCollector
) -> tuple[int | None, int | None, str | None]:
    """Both values of an ad hoc contract, in the currency of its total."""
    if total_value is None:
        errors.errors.append(
            FieldError(
                "total_value", CommonErrorCode.REQUIRED, _("Give the contract's total value.")
            )
        )
    if annual_value is None:
        errors.errors.append(
            FieldError(
                "annual_value", CommonErrorCode.REQUIRED, _("Give the contract's annual value.")
            )
        )
    if total_value is None:
        return None, None, None
    currency = total_value.currency
    total = errors.check(
        lambda: value_minor(total_value, field="total_value", currency=currency), None
    )
    annual = None
    if annual_value is not None:
        annual = errors.check(
            lambda: value_minor(annual_value, field="annual_value", currency=currency), None
        )
    return total, annual, currency

"""Long-term contracts: recording one (from a won deal or ad hoc) and activating it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from patron.core.currency import to_base_minor
from patron.core.errors import RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.money import Money, round_minor
from patron.core.numbering import next_number
from patron.orders.choices import ContractStatus
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Contract
from patron.orders.services.checks import (
    contract_for_change,
    minor_units,
    resolve_owner,
    visible_account,
    won_opportunity,
)
from patron.org.models import User
from patron.pipeline.models import Opportunity


@transaction.atomic
def create_contract(
    *,
    actor: User,
    start_date: date,
    end_date: date,
    account_id: int | None = None,
    opportunity_id: int | None = None,
    total_value: Money | None = None,
    annual_value: Money | None = None,
    auto_renew: bool = False,
    owner_id: int | None = None,
) -> Contract:
    """Record a draft contract, numbered CT-<year>-NNNNNN by the year it starts.

    From a won opportunity it takes the deal's account and currency, and unless given,
    its values: the annual value is the deal amount (a recurring deal's amount is per
    year) and the total is the total contract value — amount × term / 12 for a
    recurring deal with a term, the amount otherwise. Ad hoc, the account and both
    values are required, in one currency. The contract ends after it starts; its total
    is also kept in the base currency at the start date's rate.
    """
    opportunity: Opportunity | None = None
    if opportunity_id is not None:
        opportunity = won_opportunity(actor, opportunity_id)
        if account_id is not None and account_id != opportunity.account_id:
            raise RuleViolation(
                "account",
                OrderErrorCode.ACCOUNT_MISMATCH,
                _("The contract must be with the account of its opportunity."),
            )
        account_id = opportunity.account_id
        currency = opportunity.currency
        annual_minor = _given_or(annual_value, "annual_value", currency, opportunity.amount_minor)
        total_minor = _given_or(total_value, "total_value", currency, _contract_value(opportunity))
    else:
        if account_id is None:
            raise RuleViolation(
                "account", OrderErrorCode.ACCOUNT_REQUIRED, _("Choose the account.")
            )
        total_minor, annual_minor, currency = _ad_hoc_values(total_value, annual_value)
    if end_date <= start_date:
        raise RuleViolation(
            "end_date", OrderErrorCode.ENDS_BEFORE_START, _("A contract ends after it starts.")
        )
    account = visible_account(actor, account_id)
    owner = resolve_owner(actor, owner_id)
    return Contract.objects.create(
        account=account,
        owner=owner,
        opportunity=opportunity,
        number=next_number("CT", start_date.year),
        status=ContractStatus.DRAFT,
        start_date=start_date,
        end_date=end_date,
        currency=currency,
        total_value_minor=total_minor,
        annual_value_minor=annual_minor,
        total_value_base_minor=to_base_minor(total_minor, currency, start_date),
        auto_renew=auto_renew,
        created_by=actor,
    )


@transaction.atomic
def activate_contract(*, actor: User, contract_id: int, version: int) -> Contract:
    """Draft → active: the contract is signed and in force. A contract that has already
    ended cannot start being in force; orders may be placed only under an active one."""
    contract = contract_for_change(actor, contract_id)
    require_version(contract, version)
    if contract.status != ContractStatus.DRAFT:
        raise RuleViolation(
            "status",
            OrderErrorCode.INVALID_TRANSITION,
            _("The contract is %(status)s; only a draft contract can be activated.")
            % {"status": ContractStatus(contract.status).label},
        )
    if contract.end_date < company_today():
        raise RuleViolation(
            "end_date",
            OrderErrorCode.CONTRACT_ENDED,
            _("This contract ended on %(day)s.") % {"day": contract.end_date.isoformat()},
        )
    contract.status = ContractStatus.ACTIVE
    update_versioned(contract, expected_version=version, fields=["status"])
    return contract


def _contract_value(opportunity: Opportunity) -> int:
    """The deal's total contract value (K5): amount × term / 12 when recurring."""
    if opportunity.is_recurring and opportunity.contract_term_months:
        return round_minor(
            Decimal(opportunity.amount_minor) * opportunity.contract_term_months / 12
        )
    return opportunity.amount_minor


def _given_or(value: Money | None, field: str, currency: str, default_minor: int) -> int:
    if value is None:
        return default_minor
    return _value_minor(value, field=field, currency=currency)


def _ad_hoc_values(total_value: Money | None, annual_value: Money | None) -> tuple[int, int, str]:
    """Both values of an ad hoc contract, in the currency of its total."""
    if total_value is None:
        raise RuleViolation(
            "total_value", OrderErrorCode.VALUE_REQUIRED, _("Give the contract's total value.")
        )
    if annual_value is None:
        raise RuleViolation(
            "annual_value", OrderErrorCode.VALUE_REQUIRED, _("Give the contract's annual value.")
        )
    currency = total_value.currency
    return (
        _value_minor(total_value, field="total_value", currency=currency),
        _value_minor(annual_value, field="annual_value", currency=currency),
        currency,
    )


def _value_minor(value: Money, *, field: str, currency: str) -> int:
    minor = minor_units(value, currency=currency, field=field)
    if minor < 0:
        raise RuleViolation(
            field, OrderErrorCode.NEGATIVE_AMOUNT, _("A contract value cannot be negative.")
        )
    return minor

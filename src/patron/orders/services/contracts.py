"""Long-term contracts: recording one (from a won deal or ad hoc), editing its terms,
and its status flow.

draft → active → expired (its term is over) or terminated (ended early by agreement);
a draft that is never signed is terminated too. Renewing one (→ renewed) is the
renewal job's.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.currency import to_base_minor
from patron.core.errors import RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.money import Money
from patron.core.numbering import next_number
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_text
from patron.orders.choices import ContractStatus, OrderStatus
from patron.orders.cleaning.contracts import (
    ContractInput,
    clean_contract,
    contract_context,
    require_ends_after_start,
    value_minor,
)
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Contract
from patron.orders.services.checks import contract_for_change
from patron.org.models import User

# The longest termination reason kept: a sentence or a paragraph, not a document.
REASON_MAX_LENGTH = 2000
EDITABLE = (ContractStatus.DRAFT, ContractStatus.ACTIVE)


@service
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
    context = contract_context(
        actor,
        owner_ids=[owner_id],
        account_ids=[account_id],
        opportunity_ids=[opportunity_id],
        currencies=[value.currency for value in (total_value, annual_value) if value],
    )
    raw = ContractInput(
        start_date=start_date,
        end_date=end_date,
        account_id=account_id,
        opportunity_id=opportunity_id,
        total_value=total_value,
        annual_value=annual_value,
        auto_renew=auto_renew,
        owner_id=owner_id,
    )
    values = raise_first(clean_contract(raw, context))
    contract = Contract.objects.create(
        account=values.account,
        owner=values.owner,
        opportunity=values.opportunity,
        number=next_number("CT", start_date.year),
        status=ContractStatus.DRAFT,
        start_date=values.start_date,
        end_date=values.end_date,
        currency=values.currency,
        total_value_minor=values.total_value_minor,
        annual_value_minor=values.annual_value_minor,
        total_value_base_minor=values.total_value_base_minor,
        auto_renew=values.auto_renew,
        created_by=actor,
    )
    record_created(contract, actor=actor)
    return contract


@service
def update_contract(
    *,
    actor: User,
    contract_id: int,
    version: int,
    start_date: date | Unset = UNSET,
    end_date: date | Unset = UNSET,
    total_value: Money | Unset = UNSET,
    annual_value: Money | Unset = UNSET,
    auto_renew: bool | Unset = UNSET,
) -> Contract:
    """Change a draft or active contract's term, values or renewal; arguments left out
    keep their value.

    An expired, renewed or terminated contract is history and stays as it ended. The
    values stay in the contract's currency; the contract still ends after it starts,
    and every order placed under it (not cancelled) must still fall within its term —
    an order outside its contract would be one the contract never covered. The base
    total is recomputed at the (new) start date's rate. The number keeps the year it
    was given: numbers never change.
    """
    contract = contract_for_change(actor, contract_id)
    require_version(contract, version)
    if contract.status not in EDITABLE:
        raise RuleViolation(
            "status",
            OrderErrorCode.INVALID_TRANSITION,
            _("The contract is %(status)s; only a draft or active contract can be changed.")
            % {"status": ContractStatus(contract.status).label},
        )
    before = snapshot(contract)
    if not isinstance(start_date, Unset):
        contract.start_date = start_date
    if not isinstance(end_date, Unset):
        contract.end_date = end_date
    if not isinstance(total_value, Unset):
        contract.total_value_minor = value_minor(
            total_value, field="total_value", currency=contract.currency
        )
    if not isinstance(annual_value, Unset):
        contract.annual_value_minor = value_minor(
            annual_value, field="annual_value", currency=contract.currency
        )
    if not isinstance(auto_renew, Unset):
        contract.auto_renew = bool(auto_renew)
    require_ends_after_start(contract.start_date, contract.end_date)
    _require_orders_within(contract)
    contract.total_value_base_minor = to_base_minor(
        contract.total_value_minor, contract.currency, contract.start_date
    )
    update_versioned(
        contract,
        expected_version=version,
        fields=[
            "start_date",
            "end_date",
            "total_value_minor",
            "annual_value_minor",
            "total_value_base_minor",
            "auto_renew",
        ],
    )
    record_changed(contract, actor=actor, before=before)
    return contract


@service
def activate_contract(*, actor: User, contract_id: int, version: int) -> Contract:
    """Draft → active: the contract is signed and in force. A contract that has already
    ended cannot start being in force; orders may be placed only under an active one."""
    contract = contract_for_change(actor, contract_id)
    require_version(contract, version)
    _require_status(contract, ContractStatus.ACTIVE, allowed_from={ContractStatus.DRAFT})
    if contract.end_date < company_today():
        raise RuleViolation(
            "end_date",
            OrderErrorCode.CONTRACT_ENDED,
            _("This contract ended on %(day)s.") % {"day": contract.end_date.isoformat()},
        )
    before = snapshot(contract)
    contract.status = ContractStatus.ACTIVE
    update_versioned(contract, expected_version=version, fields=["status"])
    record_changed(contract, actor=actor, before=before, action="activate")
    return contract


@service
def expire_contract(*, actor: User, contract_id: int, version: int) -> Contract:
    """Active → expired: the term is over (its end date has passed, in the company's
    calendar) and it was not renewed. No order can be placed under it any more; an
    active contract still inside its term cannot expire — end it early by terminating."""
    contract = contract_for_change(actor, contract_id)
    require_version(contract, version)
    _require_status(contract, ContractStatus.EXPIRED, allowed_from={ContractStatus.ACTIVE})
    if contract.end_date >= company_today():
        raise RuleViolation(
            "end_date",
            OrderErrorCode.CONTRACT_NOT_ENDED,
            _("This contract runs until %(day)s; terminate it to end it early.")
            % {"day": contract.end_date.isoformat()},
        )
    before = snapshot(contract)
    contract.status = ContractStatus.EXPIRED
    update_versioned(contract, expected_version=version, fields=["status"])
    record_changed(contract, actor=actor, before=before, action="expire")
    return contract


@service
def terminate_contract(*, actor: User, contract_id: int, version: int, reason: str) -> Contract:
    """Draft or active → terminated, saying why: the customer and the company ended it
    before its term (or a draft was never signed). It is no longer renewed and no order
    can be placed under it; its dates and values stay as agreed, so the trail shows
    what was signed. The reason is kept in the audit trail's event."""
    contract = contract_for_change(actor, contract_id)
    require_version(contract, version)
    _require_status(contract, ContractStatus.TERMINATED, allowed_from=set(EDITABLE))
    reason = require_text(reason, field="reason", limit=REASON_MAX_LENGTH, required=True)
    before = snapshot(contract)
    contract.status = ContractStatus.TERMINATED
    update_versioned(contract, expected_version=version, fields=["status"])
    record_changed(
        contract, actor=actor, before=before, action="terminate", extra={"reason": reason}
    )
    return contract


def _require_status(contract: Contract, target: str, *, allowed_from: set[str]) -> None:
    """Each operation makes one move of the contract flow from the statuses it lists."""
    if contract.status not in allowed_from:
        raise RuleViolation(
            "status",
            OrderErrorCode.INVALID_TRANSITION,
            _("The contract is %(current)s; it cannot become %(target)s.")
            % {
                "current": ContractStatus(contract.status).label,
                "target": ContractStatus(target).label,
            },
        )


def _require_orders_within(contract: Contract) -> None:
    orders = contract.orders.exclude(status=OrderStatus.CANCELLED)
    if orders.filter(order_date__lt=contract.start_date).exists():
        field = "start_date"
    elif orders.filter(order_date__gt=contract.end_date).exists():
        field = "end_date"
    else:
        return
    raise RuleViolation(
        field,
        OrderErrorCode.OUTSIDE_CONTRACT,
        _("Orders were placed under this contract outside these dates."),
    )

"""Sales orders: creating one (ad hoc, from a won deal or from a contract) and moving
it through its status flow (draft → confirmed → fulfilled, or cancelled).

Invoicing and payment move an order on to invoiced and paid (`services/invoices.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.selectors import visible_account
from patron.catalog.pricing import LineInput, price_lines
from patron.core.audit import record_bulk_created, record_changed, record_created, snapshot
from patron.core.currency import to_base_minor
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.money import Money
from patron.core.numbering import next_number
from patron.core.operations import service
from patron.core.validation import require_currency, require_text
from patron.orders.choices import ContractStatus, InvoiceStatus, OrderStatus
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Contract, OrderLine, SalesOrder
from patron.orders.services.checks import (
    order_for_change,
    require_order_transition,
    won_opportunity,
)
from patron.org.models import User
from patron.org.policy import resolve_owner
from patron.pipeline.models import Opportunity

# The longest cancellation reason kept: a sentence or a paragraph, not a document.
REASON_MAX_LENGTH = 2000


@service
def create_order(
    *,
    actor: User,
    account_id: int | None = None,
    opportunity_id: int | None = None,
    contract_id: int | None = None,
    currency: str | None = None,
    lines: Sequence[LineInput] | None = None,
    order_date: date | None = None,
    owner_id: int | None = None,
) -> SalesOrder:
    """Create a draft order, numbered SO-<year>-NNNNNN (gapless per year of its date).

    Three sources, one at a time: ad hoc (account and currency given), a won
    opportunity (its account and currency; its lines are copied unless `lines` are
    given) or an active contract (its account and currency; dated within the
    contract). The account must be visible to the actor. Lines are priced by
    `catalog.pricing` like a deal's; lines copied from a won deal keep a product
    withdrawn since (it is what was sold). The order total is the sum of its line
    totals; each line is also stored in the base currency at the order date's rate,
    and the order's base total is the sum of its lines' base totals, so order revenue
    broken down by product adds up to order revenue exactly.
    """
    if opportunity_id is not None and contract_id is not None:
        raise RuleViolation(
            "contract",
            OrderErrorCode.ONE_SOURCE_ONLY,
            _("An order comes from an opportunity or from a contract, not both."),
        )
    order_date = order_date or company_today()
    opportunity: Opportunity | None = None
    contract: Contract | None = None
    source_account_id: int | None
    source_currency: str | None
    if opportunity_id is not None:
        opportunity = won_opportunity(actor, opportunity_id)
        source_account_id, source_currency = opportunity.account_id, opportunity.currency
    elif contract_id is not None:
        contract = _active_contract(actor, contract_id, order_date)
        source_account_id, source_currency = contract.account_id, contract.currency
    else:
        source_account_id, source_currency = account_id, currency
    account_id = _same_or_given(source_account_id, account_id)
    currency = _order_currency(source_currency, currency)
    account = visible_account(actor, account_id)
    owner = resolve_owner(actor, owner_id, field="owner")

    check_active = True
    if lines is None and opportunity is not None:
        lines = [
            LineInput(
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=Money.from_minor(line.unit_price_minor, currency),
                discount_percent=line.discount_percent,
            )
            for line in opportunity.lines.order_by("pk")
        ]
        check_active = False
    if not lines:
        raise RuleViolation(
            "lines", OrderErrorCode.NO_LINES, _("An order needs at least one line.")
        )
    priced = [
        OrderLine(
            **values.as_fields(),
            total_base_minor=to_base_minor(values.total_minor, currency, order_date),
            created_by=actor,
        )
        for values in price_lines(lines, currency=currency, check_active=check_active)
    ]

    order = SalesOrder.objects.create(
        account=account,
        owner=owner,
        opportunity=opportunity,
        contract=contract,
        number=next_number("SO", order_date.year),
        status=OrderStatus.DRAFT,
        order_date=order_date,
        currency=currency,
        total_minor=sum(line.total_minor for line in priced),
        total_base_minor=sum(line.total_base_minor for line in priced),
        created_by=actor,
    )
    for line in priced:
        line.order = order
    OrderLine.objects.bulk_create(priced)
    record_created(order, actor=actor)
    record_bulk_created(priced, actor=actor)
    return order


@service
def confirm_order(*, actor: User, order_id: int, version: int) -> SalesOrder:
    """Draft → confirmed: the customer has committed; the order can now be invoiced."""
    order = order_for_change(actor, order_id)
    require_version(order, version)
    require_order_transition(order, OrderStatus.CONFIRMED, allowed_from={OrderStatus.DRAFT})
    before = snapshot(order)
    order.status = OrderStatus.CONFIRMED
    order.confirmed_at = timezone.now()
    update_versioned(order, expected_version=version, fields=["status", "confirmed_at"])
    record_changed(order, actor=actor, before=before, action="confirm")
    return order


@service
def fulfil_order(*, actor: User, order_id: int, version: int) -> SalesOrder:
    """Confirmed → fulfilled: the goods or services were delivered.

    An order invoiced before delivery (prepaid) keeps its later status, invoiced or
    paid, and only gets its delivery time; fulfilling an order twice is refused.
    """
    order = order_for_change(actor, order_id)
    require_version(order, version)
    before = snapshot(order)
    billed_first = {OrderStatus.INVOICED, OrderStatus.PAID}
    if order.status in billed_first and order.fulfilled_at is None:
        order.fulfilled_at = timezone.now()
        update_versioned(order, expected_version=version, fields=["fulfilled_at"])
    else:
        require_order_transition(order, OrderStatus.FULFILLED, allowed_from={OrderStatus.CONFIRMED})
        order.status = OrderStatus.FULFILLED
        order.fulfilled_at = timezone.now()
        update_versioned(order, expected_version=version, fields=["status", "fulfilled_at"])
    record_changed(order, actor=actor, before=before, action="fulfil")
    return order


@service
def cancel_order(*, actor: User, order_id: int, version: int, reason: str) -> SalesOrder:
    """Draft, confirmed or fulfilled → cancelled, with a reason.

    An order with an invoice that is not void cannot be cancelled: the customer was
    billed, so the invoice must be voided first (and a paid one never is). A cancelled
    order drops out of order revenue (K2).
    """
    order = order_for_change(actor, order_id)
    require_version(order, version)
    require_order_transition(
        order,
        OrderStatus.CANCELLED,
        allowed_from={OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.FULFILLED},
    )
    reason = require_text(reason, field="reason", limit=REASON_MAX_LENGTH, required=True)
    if order.invoices.exclude(status=InvoiceStatus.VOID).exists():
        raise RuleViolation(
            "status",
            OrderErrorCode.HAS_INVOICES,
            _("This order has been invoiced; void its invoices before cancelling it."),
        )
    before = snapshot(order)
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.cancel_reason = reason
    update_versioned(
        order, expected_version=version, fields=["status", "cancelled_at", "cancel_reason"]
    )
    record_changed(order, actor=actor, before=before, action="cancel")
    return order


def _active_contract(actor: User, contract_id: int, order_date: date) -> Contract:
    contract = Contract.objects.visible_to(actor).filter(pk=contract_id).first()
    if contract is None:
        raise NotVisible(str(Contract._meta.verbose_name))
    if contract.status != ContractStatus.ACTIVE:
        raise RuleViolation(
            "contract",
            OrderErrorCode.CONTRACT_NOT_ACTIVE,
            _("Orders are placed only under an active contract."),
        )
    if not contract.start_date <= order_date <= contract.end_date:
        raise RuleViolation(
            "order_date",
            OrderErrorCode.OUTSIDE_CONTRACT,
            _("The order date must fall within the contract (%(start)s to %(end)s).")
            % {"start": contract.start_date.isoformat(), "end": contract.end_date.isoformat()},
        )
    return contract


def _same_or_given(source_account_id: int | None, given_account_id: int | None) -> int:
    if source_account_id is None:
        raise RuleViolation(
            "account", CommonErrorCode.REQUIRED, _("Choose the account that orders.")
        )
    if given_account_id is not None and given_account_id != source_account_id:
        raise RuleViolation(
            "account",
            OrderErrorCode.ACCOUNT_MISMATCH,
            _("The order must be for the account of its opportunity or contract."),
        )
    return source_account_id


def _order_currency(source_currency: str | None, given_currency: str | None) -> str:
    if source_currency is None:
        raise RuleViolation("currency", CommonErrorCode.REQUIRED, _("Choose the order's currency."))
    if given_currency is not None and given_currency != source_currency:
        raise RuleViolation(
            "currency",
            CommonErrorCode.WRONG_CURRENCY,
            _("The order must be in %(currency)s, like its opportunity or contract.")
            % {"currency": source_currency},
        )
    return require_currency(source_currency, field="currency")

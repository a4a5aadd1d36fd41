"""Sales orders: creating one (ad hoc, from a won deal or from a contract) and moving
it through its status flow (draft → confirmed → fulfilled, or cancelled).

Invoicing and payment move an order on to invoiced and paid (`services/invoices.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.catalog.pricing import LineInput
from patron.core.audit import record_bulk_created, record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.numbering import next_number
from patron.core.operations import service
from patron.core.validation import require_text
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.cleaning.orders import OrderInput, clean_order, order_context
from patron.orders.errors import OrderErrorCode
from patron.orders.models import OrderLine, SalesOrder
from patron.orders.services.checks import (
    order_for_change,
    require_order_transition,
)
from patron.org.models import User

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
    context = order_context(
        actor,
        owner_ids=[owner_id],
        account_ids=[account_id],
        opportunity_ids=[opportunity_id],
        contract_ids=[contract_id],
        product_ids=[line.product_id for line in lines or ()],
        currencies=[currency],
    )
    raw = OrderInput(
        account_id=account_id,
        opportunity_id=opportunity_id,
        contract_id=contract_id,
        currency=currency,
        lines=lines,
        order_date=order_date,
        owner_id=owner_id,
    )
    values = raise_first(clean_order(raw, context))
    order = SalesOrder.objects.create(
        account=values.account,
        owner=values.owner,
        opportunity=values.opportunity,
        contract=values.contract,
        number=next_number("SO", values.order_date.year),
        status=OrderStatus.DRAFT,
        order_date=values.order_date,
        currency=values.currency,
        total_minor=values.total_minor,
        total_base_minor=values.total_base_minor,
        created_by=actor,
    )
    priced = [
        OrderLine(
            **line.priced.as_fields(),
            total_base_minor=line.total_base_minor,
            order=order,
            created_by=actor,
        )
        for line in values.lines
    ]
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

"""The checks every order-to-cash service shares.

Loading an order, invoice or contract for a change (locked, so concurrent operations
on the same order queue instead of racing) when the actor may change it; the status
flow of an order; the won deal an order or contract comes from. Generic checks of
typed values are `core.validation`'s, the write policy is `org.policy`'s.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from patron.core.errors import NotVisible, RuleViolation
from patron.orders.choices import OrderStatus
from patron.orders.cleaning.common import require_won
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Contract, Invoice, SalesOrder
from patron.org.models import User
from patron.org.policy import require_may_change_sales_record
from patron.pipeline.models import Opportunity


def require_order_transition(order: SalesOrder, target: str, *, allowed_from: set[str]) -> None:
    """The order status flow (SPEC 2.3): draft → confirmed → fulfilled → invoiced → paid,
    or cancelled. Each operation makes one move from the statuses it lists (invoicing
    may come before fulfilment: a prepaid order); any other move is refused, naming
    `status`."""
    if order.status not in allowed_from:
        raise RuleViolation(
            "status",
            OrderErrorCode.INVALID_TRANSITION,
            _("The order is %(current)s; it cannot become %(target)s.")
            % {
                "current": OrderStatus(order.status).label,
                "target": OrderStatus(target).label,
            },
        )


def won_opportunity(actor: User, opportunity_id: int) -> Opportunity:
    """A won deal the actor may see: only a won deal becomes an order or a contract."""
    opportunity = Opportunity.objects.visible_to(actor).filter(pk=opportunity_id).first()
    if opportunity is None:
        raise NotVisible(str(Opportunity._meta.verbose_name))
    return require_won(opportunity)


def order_for_change(actor: User, order_id: int) -> SalesOrder:
    """The order, locked until the end of the transaction, if the actor may change it
    (the sales-record write rule: service agents never see orders, executives change
    nothing).

    Every service that changes an order or its invoices takes this lock first, so two
    of them on one order run one after the other (PostgreSQL row lock; SQLite's
    IMMEDIATE transactions already serialise writers).
    """
    order = SalesOrder.objects.visible_to(actor).select_for_update().filter(pk=order_id).first()
    if order is None:
        raise NotVisible(str(SalesOrder._meta.verbose_name))
    require_may_change_sales_record(actor, order.owner_id)
    return order


def invoice_for_change(actor: User, invoice_id: int) -> tuple[Invoice, SalesOrder]:
    """The invoice and its locked order, if the actor may change the order.

    The order is locked before the invoice is read again, so the invoice seen is the
    one every earlier operation on the order has committed.
    """
    invoice = Invoice.objects.visible_to(actor).filter(pk=invoice_id).first()
    if invoice is None:
        raise NotVisible(str(Invoice._meta.verbose_name))
    order = SalesOrder.objects.select_for_update().get(pk=invoice.order_id)
    require_may_change_sales_record(actor, order.owner_id)
    invoice.refresh_from_db()
    return invoice, order


def contract_for_change(actor: User, contract_id: int) -> Contract:
    """The contract, locked until the end of the transaction, if the actor may change it."""
    contract = Contract.objects.visible_to(actor).select_for_update().filter(pk=contract_id).first()
    if contract is None:
        raise NotVisible(str(Contract._meta.verbose_name))
    require_may_change_sales_record(actor, contract.owner_id)
    return contract

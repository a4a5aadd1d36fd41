"""Invoices and payments: billing a confirmed order, recording the money that comes in,
and voiding an invoice that was issued by mistake.

An order is invoiced once its invoices (not void) bill its whole total, and paid once
it is invoiced and every one of those invoices is paid.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, F, Max, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.money import Money
from patron.core.numbering import next_number
from patron.core.operations import service
from patron.orders.choices import InvoiceStatus, OrderStatus, PaymentMethod
from patron.orders.cleaning.invoices import (
    DEFAULT_PAYMENT_TERMS_DAYS,
    PAYABLE,
    InvoiceInput,
    PaymentInput,
    clean_invoice,
    clean_payment,
    exceeds_balance,
    invoice_context,
    not_payable,
    order_to_invoice,
    payment_context,
)
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Invoice, Payment, SalesOrder
from patron.orders.services.checks import invoice_for_change
from patron.org.models import User


@service
def issue_invoice(
    *,
    actor: User,
    order_id: int,
    version: int,
    amount: Money | None = None,
    issue_date: date | None = None,
    payment_terms_days: int = DEFAULT_PAYMENT_TERMS_DAYS,
) -> Invoice:
    """Bill a confirmed or fulfilled order: the whole amount not yet invoiced, or a part.

    The invoice is numbered INV-<year>-NNNNNN, gapless per year of its issue date (a
    rolled-back issue gives its number back), and falls due `payment_terms_days` after
    it is issued. Its base-currency total uses the rate of the issue date. `version` is
    the order's: every invoice changes what is left to bill, so two people invoicing
    the same order at once cannot both bill the remainder. When the invoices cover the
    order total, the order becomes invoiced.
    """
    context = invoice_context(actor, order_ids=[order_id], for_update=True)
    require_version(order_to_invoice(order_id, context), version)
    values = raise_first(
        clean_invoice(
            InvoiceInput(
                order_id=order_id,
                amount=amount,
                issue_date=issue_date,
                payment_terms_days=payment_terms_days,
            ),
            context,
        )
    )
    order = values.order
    invoice = Invoice.objects.create(
        order=order,
        account_id=order.account_id,
        number=next_number("INV", values.issue_date.year),
        status=InvoiceStatus.ISSUED,
        issue_date=values.issue_date,
        due_date=values.due_date,
        currency=values.currency,
        total_minor=values.total_minor,
        total_base_minor=values.total_base_minor,
        created_by=actor,
    )
    record_created(invoice, actor=actor, action="issue")
    before = snapshot(order)
    if values.completes_order:
        order.status = OrderStatus.INVOICED
    # The order's version moves even for a partial invoice: what is left to bill changed.
    update_versioned(order, expected_version=version, fields=["status"])
    record_changed(order, actor=actor, before=before, action="issue", extra={"invoice": invoice.pk})
    return invoice


@service
def record_payment(
    *,
    actor: User,
    invoice_id: int,
    amount: Money,
    paid_on: date | None = None,
    method: str = PaymentMethod.BANK_TRANSFER,
    reference: str = "",
) -> Payment:
    """Record money received against an issued invoice, in the invoice's currency.

    A payment never takes an invoice past its total: the amount is added by one
    conditional UPDATE (`paid = paid + x WHERE paid + x <= total`, and only while the
    invoice takes payments) that sets the status in the same statement, so concurrent
    payments cannot over-pay even without locks, and the database's
    `invoice_never_overpaid` check is the last guard. The invoice is partially paid
    until the payments reach its total, and paid exactly then, on the latest of its
    payment dates. An invoiced order whose invoices are all paid becomes paid on the
    latest of their dates.
    """
    context = payment_context(actor, invoice_ids=[invoice_id], for_update=True)
    values = raise_first(
        clean_payment(
            PaymentInput(
                invoice_id=invoice_id,
                amount=amount,
                paid_on=paid_on,
                method=method,
                reference=reference,
            ),
            context,
        )
    )
    invoice, order, amount_minor = values.invoice, values.order, values.amount_minor

    # A payment may be dated before earlier ones (a cheque entered late): the invoice is
    # fully paid on the latest payment date, not on the date of the last one entered.
    latest_earlier = invoice.payments.aggregate(last=Max("paid_on"))["last"]
    settled_on = max(values.paid_on, latest_earlier) if latest_earlier else values.paid_on
    # In an UPDATE every right-hand side reads the row as it was before the statement,
    # so "paid_minor = total - x" below means "this payment settles the invoice".
    settles = Q(paid_minor=F("total_minor") - amount_minor)
    before = snapshot(invoice)
    added = Invoice.objects.filter(
        pk=invoice.pk,
        status__in=PAYABLE,
        paid_minor__lte=F("total_minor") - amount_minor,
    ).update(
        paid_minor=F("paid_minor") + amount_minor,
        status=Case(
            When(settles, then=Value(InvoiceStatus.PAID)),
            default=Value(InvoiceStatus.PARTIALLY_PAID),
        ),
        paid_on=Case(When(settles, then=Value(settled_on)), default=F("paid_on")),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    invoice.refresh_from_db()
    if added != 1:
        # The clean step checked the invoice as its context read it; the UPDATE is the
        # check of what is outstanding now, and says which rule refused the payment.
        if invoice.status not in PAYABLE:
            raise not_payable(invoice)
        raise exceeds_balance(invoice)
    payment = Payment.objects.create(
        invoice=invoice,
        amount_minor=amount_minor,
        amount_base_minor=values.amount_base_minor,
        paid_on=values.paid_on,
        method=values.method,
        reference=values.reference,
        created_by=actor,
    )
    record_created(payment, actor=actor)
    record_changed(invoice, actor=actor, before=before, action="pay", extra={"payment": payment.pk})
    if invoice.status == InvoiceStatus.PAID:
        _settle_order(order, actor=actor, payment=payment)
    return payment


@service
def void_invoice(*, actor: User, invoice_id: int, version: int) -> Invoice:
    """Cancel an invoice that has no payments. It keeps its number (numbers stay
    gapless) but bills nothing, so an order it completed is no longer fully invoiced
    and goes back to fulfilled or confirmed."""
    invoice, order = invoice_for_change(actor, invoice_id)
    require_version(invoice, version)
    if invoice.paid_minor > 0:
        raise RuleViolation(
            "status",
            OrderErrorCode.HAS_PAYMENTS,
            _("An invoice with payments cannot be voided."),
        )
    if invoice.status not in (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED):
        raise RuleViolation(
            "status",
            OrderErrorCode.INVALID_TRANSITION,
            _("The invoice is %(status)s; it cannot be voided.")
            % {"status": InvoiceStatus(invoice.status).label},
        )
    before = snapshot(invoice)
    invoice.status = InvoiceStatus.VOID
    update_versioned(invoice, expected_version=version, fields=["status"])
    record_changed(invoice, actor=actor, before=before, action="void")
    if order.status == OrderStatus.INVOICED:
        before = snapshot(order)
        order.status = OrderStatus.FULFILLED if order.fulfilled_at else OrderStatus.CONFIRMED
        update_versioned(order, expected_version=order.version, fields=["status"])
        record_changed(
            order, actor=actor, before=before, action="void", extra={"invoice": invoice.pk}
        )
    return invoice


def _settle_order(order: SalesOrder, *, actor: User, payment: Payment) -> None:
    """An invoiced order is paid once none of its invoices has a balance left."""
    if order.status != OrderStatus.INVOICED:
        return
    invoices = order.invoices.exclude(status=InvoiceStatus.VOID)
    if invoices.exclude(status=InvoiceStatus.PAID).exists():
        return
    before = snapshot(order)
    order.paid_on = invoices.aggregate(last=Max("paid_on"))["last"]
    order.status = OrderStatus.PAID
    update_versioned(order, expected_version=order.version, fields=["status", "paid_on"])
    record_changed(order, actor=actor, before=before, action="pay", extra={"payment": payment.pk})

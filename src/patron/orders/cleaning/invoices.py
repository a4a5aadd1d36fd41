"""The clean steps of issuing an invoice and recording a payment (see `core.cleaning`
and decision 0020): the raw values and a context loaded beforehand in, the checked row
or every wrong field out, with no query.

A context is read once, and each row is checked against it alone: two rows billing the
same order, or paying the same invoice, are each checked against what was left when
the context was loaded, so together they may still exceed it. The write step therefore
re-checks inside its transaction: `issue_invoice` cleans its one row on a context
loaded under the order's lock (with the caller's version of the order checked first),
and `record_payment` adds the amount by a conditional UPDATE that refuses a payment
the invoice's balance no longer covers, whatever committed in between.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.db.models import Sum
from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.currency import Rates, load_rates
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import CompanySettings, company_today
from patron.core.money import Money
from patron.core.validation import minor_units, require_choice, require_int_range, require_text
from patron.orders.choices import InvoiceStatus, OrderStatus, PaymentMethod
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Invoice, SalesOrder
from patron.org.models import User
from patron.org.policy import require_may_change_sales_record
from patron.org.visibility import with_reporting_tree

DEFAULT_PAYMENT_TERMS_DAYS = 30
MAX_PAYMENT_TERMS_DAYS = 365
INVOICEABLE = (OrderStatus.CONFIRMED, OrderStatus.FULFILLED)
PAYABLE = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)
REFERENCE_MAX_LENGTH = 120


@dataclass(frozen=True)
class InvoiceInput:
    """An invoice as typed or imported: the order it bills and, unless given, the whole
    amount left to bill, issued today, due after the default terms."""

    order_id: int
    amount: Money | None = None
    issue_date: date | None = None
    payment_terms_days: int = DEFAULT_PAYMENT_TERMS_DAYS


@dataclass(frozen=True)
class InvoiceContext:
    """What cleaning invoices needs from the database: the actor (their reporting tree
    walked), the company's today, the named orders the actor sees, what the invoices of
    each (not void) bill so far, and the dated rates of the orders' currencies."""

    actor: User
    today: date
    orders: Mapping[int, SalesOrder]
    invoiced: Mapping[int, int]
    rates: Rates


@dataclass(frozen=True)
class InvoiceValues:
    """An issued invoice ready to be written (its number is given when written), and
    whether it bills the rest of its order."""

    order: SalesOrder
    issue_date: date
    due_date: date
    currency: str
    total_minor: int
    total_base_minor: int
    completes_order: bool


@dataclass(frozen=True)
class PaymentInput:
    """A payment as typed or imported, in the currency of the invoice it pays."""

    invoice_id: int
    amount: Money
    paid_on: date | None = None
    method: str = PaymentMethod.BANK_TRANSFER
    reference: str = ""


@dataclass(frozen=True)
class PaymentContext:
    """What cleaning payments needs from the database: the actor (their reporting tree
    walked), the company's today, the named invoices the actor sees (with what is paid
    on each), the order of each, and the dated rates of the invoices' currencies."""

    actor: User
    today: date
    invoices: Mapping[int, Invoice]
    orders: Mapping[int, SalesOrder]
    rates: Rates


@dataclass(frozen=True)
class PaymentValues:
    """A payment ready to be written against its invoice."""

    invoice: Invoice
    order: SalesOrder
    amount_minor: int
    amount_base_minor: int
    paid_on: date
    method: str
    reference: str


def invoice_context(
    actor: User, *, order_ids: Iterable[int | None], for_update: bool = False
) -> InvoiceContext:
    """The context for cleaning invoices of these orders: one query per kind (the
    orders, what they have billed, the rates of their currencies), besides the company
    settings and the actor's reporting tree, whatever the number of rows.

    `for_update` locks the orders until the end of the transaction, as every service
    that changes an order or its invoices does first (`services.checks.order_for_change`):
    what they have billed is then read after every earlier operation on them committed.
    """
    actor = with_reporting_tree(actor)
    wanted = ids_of(order_ids)
    visible = SalesOrder.objects.visible_to(actor)
    if for_update:
        visible = visible.select_for_update()
    orders = visible.in_bulk(wanted) if wanted else {}
    base_currency = CompanySettings.current().base_currency
    return InvoiceContext(
        actor=actor,
        today=company_today(),
        orders=orders,
        invoiced=_invoiced(orders),
        rates=load_rates(base_currency, [order.currency for order in orders.values()]),
    )


def payment_context(
    actor: User, *, invoice_ids: Iterable[int | None], for_update: bool = False
) -> PaymentContext:
    """The context for cleaning payments of these invoices: one query per kind (the
    invoices, their orders, the rates of their currencies), besides the company
    settings and the actor's reporting tree, whatever the number of rows.

    `for_update` locks the invoices' orders until the end of the transaction and reads
    the invoices again once they are locked (`services.checks.invoice_for_change`), so
    what is paid on each is what every earlier operation on the order committed.
    """
    actor = with_reporting_tree(actor)
    wanted = ids_of(invoice_ids)
    invoices = Invoice.objects.visible_to(actor).in_bulk(wanted) if wanted else {}
    order_ids = {invoice.order_id for invoice in invoices.values()}
    loading = SalesOrder.objects.select_for_update() if for_update else SalesOrder.objects.all()
    orders = loading.in_bulk(order_ids) if order_ids else {}
    if for_update and invoices:
        invoices = Invoice.objects.in_bulk(list(invoices))
    base_currency = CompanySettings.current().base_currency
    return PaymentContext(
        actor=actor,
        today=company_today(),
        invoices=invoices,
        orders=orders,
        rates=load_rates(base_currency, [invoice.currency for invoice in invoices.values()]),
    )


def order_to_invoice(order_id: int, context: InvoiceContext) -> SalesOrder:
    """The order, when the actor sees it (else NotVisible) and may change it (else
    Forbidden): `services.checks.order_for_change`, reading the context."""
    order = context.orders.get(order_id)
    if order is None:
        raise NotVisible(str(SalesOrder._meta.verbose_name))
    require_may_change_sales_record(context.actor, order.owner_id)
    return order


def invoice_to_pay(invoice_id: int, context: PaymentContext) -> tuple[Invoice, SalesOrder]:
    """The invoice and its order, when the actor sees the invoice (else NotVisible) and
    may change the order (else Forbidden): `services.checks.invoice_for_change`, reading
    the context."""
    invoice = context.invoices.get(invoice_id)
    if invoice is None:
        raise NotVisible(str(Invoice._meta.verbose_name))
    order = context.orders[invoice.order_id]
    require_may_change_sales_record(context.actor, order.owner_id)
    return invoice, order


def clean_invoice(raw: InvoiceInput, context: InvoiceContext) -> Cleaned[InvoiceValues]:
    """Every check of a new invoice (the rules are `issue_invoice`'s), each wrong field
    reported, in the order the service checks them.

    The version of the order the caller read is not the clean step's (an import has
    none): `issue_invoice` checks it after `order_to_invoice`, before cleaning.
    """
    errors = ErrorCollector()
    order = check_named(errors, "order", partial(order_to_invoice, raw.order_id, context))
    issue_date = raw.issue_date or context.today
    if order is not None:
        errors.check(partial(require_invoiceable, order), None)
        errors.check(partial(require_issued_after_order, issue_date, order), None)
    terms = errors.check(
        partial(
            require_int_range,
            raw.payment_terms_days,
            field="payment_terms_days",
            high=MAX_PAYMENT_TERMS_DAYS,
        ),
        None,
    )
    billed = None if order is None else _billed(raw.amount, order, issue_date, context, errors)
    if errors.errors or order is None or terms is None or billed is None:
        return Cleaned(errors=errors.errors)
    total_minor, total_base_minor, completes_order = billed
    return Cleaned(
        InvoiceValues(
            order=order,
            issue_date=issue_date,
            due_date=issue_date + timedelta(days=terms),
            currency=order.currency,
            total_minor=total_minor,
            total_base_minor=total_base_minor,
            completes_order=completes_order,
        )
    )


def clean_payment(raw: PaymentInput, context: PaymentContext) -> Cleaned[PaymentValues]:
    """Every check of a new payment (the rules are `record_payment`'s), each wrong field
    reported, in the order the service checks them.

    The row is checked against the invoice as the context read it. Rows of one batch
    paying the same invoice are each checked against its whole balance, so together
    they may exceed it: the writer re-checks what is outstanding in its transaction
    (`record_payment`'s conditional UPDATE) and refuses the payment that would over-pay.
    """
    errors = ErrorCollector()
    found = check_named(errors, "invoice", partial(invoice_to_pay, raw.invoice_id, context))
    invoice, order = found if found is not None else (None, None)
    paid_on = raw.paid_on or context.today
    amount_minor = None
    if invoice is not None:
        amount_minor = errors.check(
            partial(payment_amount, raw.amount, currency=invoice.currency), None
        )
        errors.check(partial(require_paid_after_issue, paid_on, invoice), None)
    method = errors.check(
        partial(require_choice, raw.method, field="method", choices=PaymentMethod.values), None
    )
    reference = errors.check(
        partial(require_text, raw.reference, field="reference", limit=REFERENCE_MAX_LENGTH), None
    )
    base_minor = None
    if invoice is not None and amount_minor is not None:
        base_minor = errors.check(
            partial(
                context.rates.base_minor,
                amount_minor,
                invoice.currency,
                paid_on,
                field="paid_on",
            ),
            None,
        )
    if invoice is not None:
        payable = errors.check(partial(require_takes_payments, invoice), None)
        if payable is not None and amount_minor is not None:
            errors.check(partial(require_within_balance, payable, amount_minor), None)
    if (
        errors.errors
        or invoice is None
        or order is None
        or amount_minor is None
        or base_minor is None
        or method is None
        or reference is None
    ):
        return Cleaned(errors=errors.errors)
    return Cleaned(
        PaymentValues(
            invoice=invoice,
            order=order,
            amount_minor=amount_minor,
            amount_base_minor=base_minor,
            paid_on=paid_on,
            method=method,
            reference=reference,
        )
    )


def require_invoiceable(order: SalesOrder) -> SalesOrder:
    """Only a confirmed or fulfilled order is billed."""
    if order.status not in INVOICEABLE:
        raise RuleViolation(
            "status",
            OrderErrorCode.NOT_INVOICEABLE,
            _("Only a confirmed or fulfilled order can be invoiced; this one is %(status)s.")
            % {"status": OrderStatus(order.status).label},
        )
    return order


def require_issued_after_order(issue_date: date, order: SalesOrder) -> date:
    if issue_date < order.order_date:
        raise RuleViolation(
            "issue_date",
            OrderErrorCode.BEFORE_ORDER_DATE,
            _("An invoice cannot be issued before its order date (%(day)s).")
            % {"day": order.order_date.isoformat()},
        )
    return issue_date


def invoice_amount(amount: Money | None, *, currency: str, uninvoiced: int) -> int:
    """What an invoice bills: the whole amount left to bill, or a part of it."""
    if amount is None:
        if uninvoiced <= 0:
            raise RuleViolation(
                "amount",
                OrderErrorCode.NOTHING_TO_INVOICE,
                _("Nothing of this order is left to invoice."),
            )
        return uninvoiced
    total_minor = minor_units(amount, currency=currency, field="amount")
    if total_minor == 0:
        raise RuleViolation(
            "amount", OrderErrorCode.AMOUNT_NOT_POSITIVE, _("An invoice must bill more than zero.")
        )
    if total_minor > uninvoiced:
        raise RuleViolation(
            "amount",
            OrderErrorCode.EXCEEDS_UNINVOICED,
            _("Only %(left)s of this order is left to invoice.")
            % {"left": Money.from_minor(uninvoiced, currency)},
        )
    return total_minor


def payment_amount(amount: Money, *, currency: str) -> int:
    """A payment in the invoice's currency, more than zero."""
    amount_minor = minor_units(amount, currency=currency, field="amount")
    if amount_minor == 0:
        raise RuleViolation(
            "amount", OrderErrorCode.AMOUNT_NOT_POSITIVE, _("A payment must be more than zero.")
        )
    return amount_minor


def require_paid_after_issue(paid_on: date, invoice: Invoice) -> date:
    if invoice.issue_date is not None and paid_on < invoice.issue_date:
        raise RuleViolation(
            "paid_on",
            OrderErrorCode.BEFORE_ISSUE_DATE,
            _("A payment cannot be dated before its invoice was issued (%(day)s).")
            % {"day": invoice.issue_date.isoformat()},
        )
    return paid_on


def require_takes_payments(invoice: Invoice) -> Invoice:
    """Only an issued or partly paid invoice takes payments."""
    if invoice.status not in PAYABLE:
        raise not_payable(invoice)
    return invoice


def require_within_balance(invoice: Invoice, amount_minor: int) -> int:
    """A payment never takes an invoice past its total."""
    if amount_minor > invoice.balance_minor:
        raise exceeds_balance(invoice)
    return amount_minor


def not_payable(invoice: Invoice) -> RuleViolation:
    """The refusal of a payment on an invoice that takes none (draft, paid or void)."""
    return RuleViolation(
        "status",
        OrderErrorCode.NOT_PAYABLE,
        _("The invoice is %(status)s; it takes no more payments.")
        % {"status": InvoiceStatus(invoice.status).label},
    )


def exceeds_balance(invoice: Invoice) -> RuleViolation:
    """The refusal of a payment larger than what is still due on the invoice."""
    return RuleViolation(
        "amount",
        OrderErrorCode.EXCEEDS_BALANCE,
        _("The payment is more than the %(balance)s still due on this invoice.")
        % {"balance": Money.from_minor(invoice.balance_minor, invoice.currency)},
    )


def _billed(
    amount: Money | None,
    order: SalesOrder,
    issue_date: date,
    context: InvoiceContext,
    errors: ErrorCollector,
) -> tuple[int, int, bool] | None:
    """The invoice's total, its base total at the issue date's rate, and whether it
    bills the rest of the order; None once refused."""
    uninvoiced = order.total_minor - context.invoiced.get(order.pk, 0)
    total_minor = errors.check(
        partial(invoice_amount, amount, currency=order.currency, uninvoiced=uninvoiced), None
    )
    if total_minor is None:
        return None
    base_minor = errors.check(
        partial(
            context.rates.base_minor,
            total_minor,
            order.currency,
            issue_date,
            field="issue_date",
        ),
        None,
    )
    if base_minor is None:
        return None
    return total_minor, base_minor, total_minor == uninvoiced


def _invoiced(orders: Mapping[int, SalesOrder]) -> dict[int, int]:
    """What the invoices (not void) of each order bill so far, in one query."""
    if not orders:
        return {}
    sums = (
        Invoice.objects.filter(order_id__in=list(orders))
        .exclude(status=InvoiceStatus.VOID)
        .order_by()
        .values("order_id")
        .annotate(total=Sum("total_minor"))
        .values_list("order_id", "total")
    )
    # PostgreSQL sums a bigint column as numeric; int() gives every database's sum one type.
    return {order_id: int(total) for order_id, total in sums}

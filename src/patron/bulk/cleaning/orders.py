"""Stored contracts, sales orders, invoices and payments read back through their
creates' clean steps.

- A deal reopened since (its history records it won) was won when its contract or
  order was made from it.
- A contract expired, renewed or terminated since was active when the orders placed
  under it were (orders are placed only under an active contract).
- A product withdrawn since was on sale when it was ordered.
- An order invoiced, paid or cancelled since was confirmed when it was billed —
  fulfilled, when it has been — provided it was ever confirmed.
- An invoice bills what its order had left to bill when it was issued: the total
  less the invoices issued before it (a lower id) that are not void. A void invoice
  was issued too (voiding has its own operation); draft invoices are not read: no
  create writes one, and a draft has no issue date to rebuild.
- A payment finds its invoice as the payments recorded before it (a lower id) left
  it: issued, or partly paid by them.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet

from patron.bulk.cleaning.shared import each_row, earlier, money, with_users
from patron.catalog.models import Product
from patron.catalog.pricing import LineInput
from patron.core.cleaning import Cleaned
from patron.orders.choices import ContractStatus, InvoiceStatus, OrderStatus
from patron.orders.cleaning.contracts import ContractInput, clean_contract, contract_context
from patron.orders.cleaning.invoices import (
    InvoiceInput,
    PaymentInput,
    clean_invoice,
    clean_payment,
    invoice_context,
    payment_context,
)
from patron.orders.cleaning.orders import OrderInput, clean_order, order_context
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder
from patron.org.models import User
from patron.pipeline.choices import OpportunityStatus, TrackedField
from patron.pipeline.models import Opportunity, OpportunityHistory

M = TypeVar("M", Opportunity, Contract, Product, SalesOrder)
ENDED = (ContractStatus.EXPIRED, ContractStatus.RENEWED, ContractStatus.TERMINATED)
BILLED = (OrderStatus.INVOICED, OrderStatus.PAID, OrderStatus.CANCELLED)


def issued_invoices() -> QuerySet[Invoice]:
    """The invoices `issue_invoice` wrote: all but the drafts (a void invoice was
    issued before it was voided, unless it was voided as a draft)."""
    issued = Invoice.objects.exclude(status=InvoiceStatus.DRAFT)
    return issued.exclude(issue_date=None).exclude(due_date=None)


def contracts(actor: User, rows: Sequence[Contract]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = contract_context(
        actor,
        owner_ids=owner_ids,
        account_ids=[row.account_id for row in rows],
        opportunity_ids=[row.opportunity_id for row in rows],
        currencies=[row.currency for row in rows],
    )
    context = with_users(context, "owners", owner_ids)
    context = dataclasses.replace(context, opportunities=_as_won(context.opportunities))
    yield from each_row(rows, _contract_input, lambda _row, raw: clean_contract(raw, context))


def _contract_input(row: Contract) -> ContractInput:
    return ContractInput(
        start_date=row.start_date,
        end_date=row.end_date,
        account_id=row.account_id,
        opportunity_id=row.opportunity_id,
        total_value=money(row.total_value_minor, row.currency, field="total_value"),
        annual_value=money(row.annual_value_minor, row.currency, field="annual_value"),
        auto_renew=row.auto_renew,
        owner_id=row.owner_id,
    )


def orders(actor: User, rows: Sequence[SalesOrder]) -> Iterator[tuple[int, Cleaned[Any]]]:
    lines: dict[int, list[OrderLine]] = defaultdict(list)
    for line in OrderLine.objects.filter(order_id__in=[row.pk for row in rows]).order_by("pk"):
        lines[line.order_id].append(line)
    owner_ids = [row.owner_id for row in rows]
    context = order_context(
        actor,
        owner_ids=owner_ids,
        account_ids=[row.account_id for row in rows],
        opportunity_ids=[row.opportunity_id for row in rows],
        contract_ids=[row.contract_id for row in rows],
        product_ids={line.product_id for order in lines.values() for line in order},
        currencies=[row.currency for row in rows],
    )
    context = with_users(context, "owners", owner_ids)
    context = dataclasses.replace(
        context,
        opportunities=_as_won(context.opportunities),
        contracts=_changed(
            context.contracts, lambda c: c.status in ENDED, status=ContractStatus.ACTIVE
        ),
        products=_changed(context.products, lambda p: not p.is_active, is_active=True),
    )

    def order_input(row: SalesOrder) -> OrderInput:
        return OrderInput(
            account_id=row.account_id,
            opportunity_id=row.opportunity_id,
            contract_id=row.contract_id,
            currency=row.currency,
            lines=[
                LineInput(
                    product_id=line.product_id,
                    quantity=line.quantity,
                    unit_price=money(line.unit_price_minor, row.currency),
                    discount_percent=line.discount_percent,
                )
                for line in lines.get(row.pk, ())
            ],
            order_date=row.order_date,
            owner_id=row.owner_id,
        )

    yield from each_row(rows, order_input, lambda _row, raw: clean_order(raw, context))


def invoices(actor: User, rows: Sequence[Invoice]) -> Iterator[tuple[int, Cleaned[Any]]]:
    order_ids = {row.order_id for row in rows}
    context = invoice_context(actor, order_ids=order_ids)
    context = dataclasses.replace(
        context, orders={pk: _as_billed(order) for pk, order in context.orders.items()}
    )
    stored = issued_invoices().filter(order_id__in=order_ids)
    before = earlier(
        (order_id, pk, (total, status))
        for order_id, pk, total, status in stored.values_list(
            "order_id", "pk", "total_minor", "status"
        )
    )

    def invoice_input(row: Invoice) -> InvoiceInput:
        issued, due = row.issue_date, row.due_date
        if issued is None or due is None:  # not among issued_invoices()
            raise LookupError(f"Invoice {row.pk} was never issued.")
        return InvoiceInput(
            order_id=row.order_id,
            amount=money(row.total_minor, row.currency, field="amount"),
            issue_date=issued,
            payment_terms_days=(due - issued).days,
        )

    def clean(row: Invoice, raw: InvoiceInput) -> Cleaned[Any]:
        billed = sum(
            total for total, status in before.get(row.pk, ()) if status != InvoiceStatus.VOID
        )
        return clean_invoice(raw, dataclasses.replace(context, invoiced={row.order_id: billed}))

    yield from each_row(rows, invoice_input, clean)


def payments(actor: User, rows: Sequence[Payment]) -> Iterator[tuple[int, Cleaned[Any]]]:
    invoice_ids = {row.invoice_id for row in rows}
    context = payment_context(actor, invoice_ids=invoice_ids)
    paid_before = earlier(
        Payment.objects.filter(invoice_id__in=invoice_ids).values_list(
            "invoice_id", "pk", "amount_minor"
        )
    )

    def payment_input(row: Payment) -> PaymentInput:
        return PaymentInput(
            invoice_id=row.invoice_id,
            amount=money(row.amount_minor, row.invoice.currency, field="amount"),
            paid_on=row.paid_on,
            method=row.method,
            reference=row.reference,
        )

    def clean(row: Payment, raw: PaymentInput) -> Cleaned[Any]:
        invoice = context.invoices.get(row.invoice_id)
        if invoice is None:
            return clean_payment(raw, context)
        found = _as_paid_by(invoice, sum(paid_before.get(row.pk, ())))
        return clean_payment(
            raw,
            dataclasses.replace(context, invoices={invoice.pk: found}),
        )

    yield from each_row(rows, payment_input, clean)


def _as_won(deals: Mapping[int, Opportunity]) -> dict[int, Opportunity]:
    """The deals, those reopened since won again (their history records them won)."""
    reopened = {pk for pk, deal in deals.items() if deal.status != OpportunityStatus.WON}
    won = set(
        OpportunityHistory.objects.filter(
            opportunity_id__in=reopened,
            field=TrackedField.STATUS,
            new_value=OpportunityStatus.WON,
        ).values_list("opportunity_id", flat=True)
        if reopened
        else ()
    )
    return _changed(deals, lambda deal: deal.pk in won, status=OpportunityStatus.WON)


def _changed(records: Mapping[int, M], when: Callable[[M], bool], **then: Any) -> dict[int, M]:
    """The records, those `when` picks as they were then: copies in memory with the
    values `then` gives (nothing is saved)."""
    found = {}
    for pk, record in records.items():
        if when(record):
            record = copy.copy(record)
            for name, value in then.items():
                setattr(record, name, value)
        found[pk] = record
    return found


def _as_billed(order: SalesOrder) -> SalesOrder:
    """The order as its invoices found it: confirmed (fulfilled, when it has been)."""
    if order.status not in BILLED or order.confirmed_at is None:
        return order
    billed = copy.copy(order)
    billed.status = OrderStatus.FULFILLED if order.fulfilled_at else OrderStatus.CONFIRMED
    return billed


def _as_paid_by(invoice: Invoice, paid_minor: int) -> Invoice:
    """The invoice as a payment found it, once the payments before it were recorded."""
    if invoice.status not in (InvoiceStatus.PAID, InvoiceStatus.PARTIALLY_PAID):
        return invoice
    found = copy.copy(invoice)
    found.paid_minor = paid_minor
    found.status = InvoiceStatus.PARTIALLY_PAID if paid_minor else InvoiceStatus.ISSUED
    return found

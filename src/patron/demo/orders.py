"""Contracts, sales orders, invoices and payments — order to cash.

An order moves draft → confirmed → fulfilled → invoiced → paid (or is cancelled) on
dates drawn forward from its order date; whatever would happen after the end of
history has not happened yet, so recent orders are still in flight. Each account pays
in its own way — on time, late, in parts, or badly — and a payment never takes an
invoice past its total: an invoice is paid exactly when its payments add up to it, on
the date of the last one. Base-currency amounts use the rate of each document's own
date (order: order date, invoice: issue date, payment: payment date, contract: start).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from random import Random

from patron.bulk import tables as t
from patron.core.money import round_minor
from patron.demo.accounts import AccountState
from patron.demo.amounts import scaled
from patron.demo.clock import add_months, at, work_minute
from patron.demo.context import Context
from patron.demo.deals import Deal
from patron.demo.offers import Line
from patron.orders.choices import ContractStatus, InvoiceStatus, OrderStatus, PaymentMethod

PAYERS = (("prompt", 60), ("late", 25), ("partial", 10), ("bad", 5))
PAYMENT_TERMS = {
    "smb": (30,),
    "mid_market": (30, 45),
    "enterprise": (45, 60),
    "public_sector": (60,),
}
METHODS = (
    (PaymentMethod.BANK_TRANSFER, 70),
    (PaymentMethod.CARD, 12),
    (PaymentMethod.CHEQUE, 10),
    (PaymentMethod.CASH, 3),
    (PaymentMethod.OTHER, 5),
)
CANCEL_REASONS = (
    "Customer changed the delivery plan",
    "Duplicate order",
    "Budget not approved",
    "Replaced by a larger order",
)


@dataclass(slots=True)
class ContractState:
    id: int
    deal: Deal
    number: str
    start: int
    end: int
    term: int
    annual: int
    total: int
    signed: int
    auto_renew: bool
    status: str = ContractStatus.ACTIVE
    renewal_id: int | None = None
    updated: int = 0

    @property
    def lines(self) -> list[Line]:
        return self.deal.lines


def new_contract(
    ctx: Context, rng: Random, deal: Deal, *, start: int | None = None
) -> ContractState:
    """The contract a won recurring deal signs: amount is per year, total = amount ×
    term / 12 (the services' total contract value). A renewal runs on from the day
    after the contract it renews (`start`); a new contract starts days after the win."""
    term = deal.plan.term or 12
    if start is None:
        start = deal.close_day + rng.randint(1, 14)
    signed = (deal.closed_at if deal.closed_at is not None else deal.opened) + 120
    contract = ContractState(
        id=ctx.new_id(t.CONTRACT),
        deal=deal,
        number=ctx.number("CT", ctx.clock.year(start)),
        start=start,
        end=add_months(start, term) - 1,
        term=term,
        annual=deal.amount,
        total=round_minor(Decimal(deal.amount) * term / 12),
        signed=signed,
        auto_renew=rng.random() < 0.3,
    )
    contract.updated = contract.signed
    return contract


def write_contract(ctx: Context, account: AccountState, contract: ContractState) -> None:
    day = ctx.clock.day
    ctx.rows(t.CONTRACT).append(
        (
            contract.id,
            account.id,
            contract.deal.owner,
            contract.deal.id,
            contract.number,
            contract.status,
            day(contract.start),
            day(contract.end),
            account.currency,
            contract.total,
            contract.annual,
            ctx.rates.base(contract.total, account.currency, contract.start),
            contract.auto_renew,
            contract.renewal_id,
            *ctx.stamp(contract.signed, contract.updated, contract.deal.owner),
        )
    )


def choose_payer(rng: Random) -> str:
    return rng.choices(PAYERS, [w for _p, w in PAYERS])[0][0]


def write_order(
    ctx: Context,
    rng: Random,
    account: AccountState,
    *,
    day: int,
    lines: list[Line],
    owner: int,
    payer: str,
    opportunity_id: int | None = None,
    contract_id: int | None = None,
) -> None:
    """An order with its lines, and as far as history reaches: its confirmation,
    fulfilment, invoices and payments."""
    clock = ctx.clock
    today = clock.today_ord
    hour = account.work_hour
    currency = account.currency
    order_id = ctx.new_id(t.ORDER)
    created = at(day, work_minute(rng, hour))
    line_rows = ctx.rows(t.ORDER_LINE)
    line_stamp = ctx.stamp(created, by=owner)
    total = total_base = 0
    for line in lines:
        line_base = ctx.rates.base(line.total, currency, day)
        total += line.total
        total_base += line_base
        line_rows.append(
            (
                ctx.new_id(t.ORDER_LINE),
                order_id,
                line.product.id,
                line.quantity,
                line.unit_minor,
                line.discount,
                line.total,
                line_base,
                *line_stamp,
            )
        )
    confirmed = fulfilled = cancelled = None
    paid_on = None
    cancel_reason = ""
    updated = created
    if day < today - 3 and rng.random() < 0.03:
        status = OrderStatus.CANCELLED
        cancelled = at(min(today - 1, day + rng.randint(0, 10)), work_minute(rng, hour))
        cancel_reason = rng.choice(CANCEL_REASONS)
        updated = max(created, cancelled)
    else:
        status, confirmed, fulfilled, paid_on, updated = _fulfil(
            ctx, rng, account, order_id, day, total, payer, created
        )
    instant = clock.instant
    ctx.rows(t.ORDER).append(
        (
            order_id,
            account.id,
            owner,
            opportunity_id,
            contract_id,
            ctx.number("SO", clock.year(day)),
            status,
            clock.day(day),
            currency,
            total,
            total_base,
            instant(confirmed) if confirmed else None,
            instant(fulfilled) if fulfilled else None,
            clock.day(paid_on) if paid_on else None,
            instant(cancelled) if cancelled else None,
            cancel_reason,
            *ctx.stamp(created, updated, owner),
        )
    )


def _fulfil(
    ctx: Context,
    rng: Random,
    account: AccountState,
    order_id: int,
    day: int,
    total: int,
    payer: str,
    created: int,
) -> tuple[str, int | None, int | None, int | None, int]:
    today = ctx.clock.today_ord
    hour = account.work_hour
    confirm_day = day + rng.choice((0, 0, 1, 2))
    if confirm_day >= today:
        return OrderStatus.DRAFT, None, None, None, created
    confirmed = max(created + 1, at(confirm_day, work_minute(rng, hour)))
    fulfil_day = confirm_day + rng.randint(1, 12)
    fulfilled = at(fulfil_day, work_minute(rng, hour)) if fulfil_day < today else None
    if rng.random() < 0.1:
        first = total // 2
        bills = [(confirm_day, first), (fulfil_day, total - first)]
    else:
        bills = [(fulfil_day, total)]
    invoiced = paid = 0
    paid_days = []
    updated = fulfilled or confirmed
    for issue_day, amount in bills:
        if issue_day >= today or amount <= 0:
            continue
        fully_paid_on, last_change = _write_invoice(
            ctx, rng, account, order_id, issue_day, amount, payer
        )
        invoiced += amount
        updated = max(updated, last_change)
        if fully_paid_on is not None:
            paid += amount
            paid_days.append(fully_paid_on)
    if invoiced == total and paid == total:
        return OrderStatus.PAID, confirmed, fulfilled, max(paid_days), updated
    if invoiced == total:
        return OrderStatus.INVOICED, confirmed, fulfilled, None, updated
    if fulfilled is not None:
        return OrderStatus.FULFILLED, confirmed, fulfilled, None, updated
    return OrderStatus.CONFIRMED, confirmed, None, None, updated


def _payment_plan(
    rng: Random, payer: str, issue: int, due: int, total: int
) -> list[tuple[int, int]]:
    """(day, amount) of the payments an invoice will receive; never more than its total."""
    if payer == "prompt":
        return [(max(issue, due - rng.randint(0, 20)), total)]
    if payer == "late":
        return [(due + rng.randint(3, 75), total)]
    if payer == "partial":
        plan = []
        left, day = total, due + rng.randint(-5, 10)
        for _part in range(rng.randint(1, 2)):
            part = max(1, scaled(rng, left, 30, 60))
            if part >= left:
                break
            plan.append((max(issue, day), part))
            left -= part
            day += rng.randint(15, 40)
        if plan and rng.random() < 0.2:
            return plan  # the rest is disputed and never paid
        plan.append((max(issue, day), left))
        return plan
    if rng.random() < 0.5 or total < 2:
        return []
    return [(due + rng.randint(10, 60), max(1, scaled(rng, total, 30, 70)))]


def _write_invoice(
    ctx: Context,
    rng: Random,
    account: AccountState,
    order_id: int,
    issue: int,
    total: int,
    payer: str,
) -> tuple[int | None, int]:
    """An issued invoice and its payments up to today: (fully paid on, last change)."""
    clock = ctx.clock
    currency = account.currency
    due = issue + rng.choice(PAYMENT_TERMS[account.segment])
    invoice_id = ctx.new_id(t.INVOICE)
    created = at(issue, work_minute(rng, account.work_hour))
    paid = 0
    last_paid_day = None
    updated = created
    payments = ctx.rows(t.PAYMENT)
    # Even a good payer settles the odd invoice in instalments.
    habit = "partial" if rng.random() < 0.06 else payer
    for pay_day, amount in _payment_plan(rng, habit, issue, due, total):
        if pay_day >= clock.today_ord:
            break
        paid += amount
        last_paid_day = pay_day
        paid_at = max(created + 1, at(pay_day, work_minute(rng, account.work_hour)))
        updated = max(updated, paid_at)
        method = rng.choices(METHODS, [w for _m, w in METHODS])[0][0]
        payment_id = ctx.new_id(t.PAYMENT)
        payments.append(
            (
                payment_id,
                invoice_id,
                amount,
                ctx.rates.base(amount, currency, pay_day),
                clock.day(pay_day),
                method,
                f"PAY-{payment_id:08d}",
                *ctx.stamp(paid_at, by=account.owner),
            )
        )
    if paid == total:
        status, paid_on = InvoiceStatus.PAID, last_paid_day
    elif paid:
        status, paid_on = InvoiceStatus.PARTIALLY_PAID, None
    else:
        status, paid_on = InvoiceStatus.ISSUED, None
    ctx.rows(t.INVOICE).append(
        (
            invoice_id,
            order_id,
            account.id,
            ctx.number("INV", clock.year(issue)),
            status,
            clock.day(issue),
            clock.day(due),
            currency,
            total,
            ctx.rates.base(total, currency, issue),
            paid,
            clock.day(paid_on) if paid_on else None,
            *ctx.stamp(created, updated, account.owner),
        )
    )
    return paid_on, updated

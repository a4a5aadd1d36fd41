"""Sales orders: creating one (ad hoc, from a won deal or from a contract) and moving
it through its status flow (draft → confirmed → fulfilled, or cancelled).

Invoicing and payment move an order on to invoiced and paid (`services/invoices.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patron.catalog.models import Product
from patron.core.currency import to_base_minor
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.money import CurrencyError, Money, round_minor, validate_currency
from patron.core.numbering import next_number
from patron.orders.choices import ContractStatus, InvoiceStatus, OrderStatus
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Contract, OrderLine, SalesOrder
from patron.orders.services.checks import (
    minor_units,
    order_for_change,
    require_order_transition,
    require_storable,
    resolve_owner,
    visible_account,
    won_opportunity,
)
from patron.org.models import User
from patron.pipeline.models import Opportunity

# PositiveIntegerField is a 32-bit integer on PostgreSQL.
MAX_QUANTITY = 2_147_483_647
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line asked for on a new order.

    `unit_price` must be in the order's currency; left out, it is the product's list
    price, which only exists when the product is priced in the order's currency.
    """

    product_id: int
    quantity: int = 1
    unit_price: Money | None = None
    discount_percent: Decimal = Decimal(0)


def line_total_minor(quantity: int, unit_price_minor: int, discount_percent: Decimal) -> int:
    """quantity × unit price × (1 - discount / 100), rounded half-even to the minor unit.

    Rounding happens once, on the line total: 3 × 0.25 at 50 % is 0.375 → 0.38, not
    3 × (0.125 → 0.12) = 0.36. The wide context keeps the product exact for any amount
    the columns can hold.
    """
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(quantity) * Decimal(unit_price_minor) * (HUNDRED - discount_percent)
        return round_minor(exact / HUNDRED)


@transaction.atomic
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
    contract). The account must be visible to the actor. The order total is the sum of
    its line totals; each line is also stored in the base currency at the order date's
    rate, and the order's base total is the sum of its lines' base totals, so order
    revenue broken down by product adds up to order revenue exactly.
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
    owner = resolve_owner(actor, owner_id)

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
    else:
        check_active = True
    if not lines:
        raise RuleViolation(
            "lines", OrderErrorCode.NO_LINES, _("An order needs at least one line.")
        )
    priced = _price_lines(lines, currency=currency, check_active=check_active)
    total_minor = sum(line.total_minor for line in priced)
    require_storable(total_minor, field="lines")
    for line in priced:
        line.total_base_minor = to_base_minor(line.total_minor, currency, order_date)

    order = SalesOrder.objects.create(
        account=account,
        owner=owner,
        opportunity=opportunity,
        contract=contract,
        number=next_number("SO", order_date.year),
        status=OrderStatus.DRAFT,
        order_date=order_date,
        currency=currency,
        total_minor=total_minor,
        total_base_minor=sum(line.total_base_minor for line in priced),
        created_by=actor,
    )
    for line in priced:
        line.order = order
        line.created_by = actor
    OrderLine.objects.bulk_create(priced)
    return order


@transaction.atomic
def confirm_order(*, actor: User, order_id: int, version: int) -> SalesOrder:
    """Draft → confirmed: the customer has committed; the order can now be invoiced."""
    order = order_for_change(actor, order_id)
    require_version(order, version)
    require_order_transition(order, OrderStatus.CONFIRMED, allowed_from={OrderStatus.DRAFT})
    order.status = OrderStatus.CONFIRMED
    order.confirmed_at = timezone.now()
    update_versioned(order, expected_version=version, fields=["status", "confirmed_at"])
    return order


@transaction.atomic
def fulfil_order(*, actor: User, order_id: int, version: int) -> SalesOrder:
    """Confirmed → fulfilled: the goods or services were delivered.

    An order invoiced before delivery (prepaid) keeps its later status, invoiced or
    paid, and only gets its delivery time; fulfilling an order twice is refused.
    """
    order = order_for_change(actor, order_id)
    require_version(order, version)
    billed_first = {OrderStatus.INVOICED, OrderStatus.PAID}
    if order.status in billed_first and order.fulfilled_at is None:
        order.fulfilled_at = timezone.now()
        update_versioned(order, expected_version=version, fields=["fulfilled_at"])
        return order
    require_order_transition(order, OrderStatus.FULFILLED, allowed_from={OrderStatus.CONFIRMED})
    order.status = OrderStatus.FULFILLED
    order.fulfilled_at = timezone.now()
    update_versioned(order, expected_version=version, fields=["status", "fulfilled_at"])
    return order


@transaction.atomic
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
    reason = reason.strip()
    if not reason:
        raise RuleViolation(
            "reason", OrderErrorCode.REASON_REQUIRED, _("Say why the order is cancelled.")
        )
    if order.invoices.exclude(status=InvoiceStatus.VOID).exists():
        raise RuleViolation(
            "status",
            OrderErrorCode.HAS_INVOICES,
            _("This order has been invoiced; void its invoices before cancelling it."),
        )
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.cancel_reason = reason
    update_versioned(
        order, expected_version=version, fields=["status", "cancelled_at", "cancel_reason"]
    )
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
            "account", OrderErrorCode.ACCOUNT_REQUIRED, _("Choose the account that orders.")
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
        raise RuleViolation(
            "currency", OrderErrorCode.CURRENCY_REQUIRED, _("Choose the order's currency.")
        )
    if given_currency is not None and given_currency != source_currency:
        raise RuleViolation(
            "currency",
            OrderErrorCode.WRONG_CURRENCY,
            _("The order must be in %(currency)s, like its opportunity or contract.")
            % {"currency": source_currency},
        )
    try:
        return validate_currency(source_currency)
    except CurrencyError as error:
        raise RuleViolation(
            "currency", OrderErrorCode.UNKNOWN_CURRENCY, _("This is not a known currency code.")
        ) from error


def _price_lines(
    lines: Sequence[LineInput], *, currency: str, check_active: bool
) -> list[OrderLine]:
    """Validate every requested line and compute its total (unsaved OrderLine rows)."""
    products = Product.objects.in_bulk({line.product_id for line in lines})
    priced: list[OrderLine] = []
    for index, line in enumerate(lines):
        field = f"lines.{index}"
        product = products.get(line.product_id)
        if product is None:
            raise RuleViolation(
                f"{field}.product", OrderErrorCode.UNKNOWN_PRODUCT, _("There is no such product.")
            )
        if check_active and not product.is_active:
            raise RuleViolation(
                f"{field}.product",
                OrderErrorCode.PRODUCT_INACTIVE,
                _("%(product)s is no longer sold.") % {"product": product.name},
            )
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise RuleViolation(
                f"{field}.quantity",
                OrderErrorCode.QUANTITY_OUT_OF_RANGE,
                _("The quantity must be a whole number from 1 to %(max)s.") % {"max": MAX_QUANTITY},
            )
        unit_price_minor = _unit_price_minor(line, product, currency=currency, field=field)
        discount = _discount(line.discount_percent, field=f"{field}.discount_percent")
        total_minor = line_total_minor(line.quantity, unit_price_minor, discount)
        require_storable(total_minor, field=f"{field}.unit_price")
        priced.append(
            OrderLine(
                product=product,
                quantity=line.quantity,
                unit_price_minor=unit_price_minor,
                discount_percent=discount,
                total_minor=total_minor,
            )
        )
    return priced


def _unit_price_minor(line: LineInput, product: Product, *, currency: str, field: str) -> int:
    if line.unit_price is None:
        if product.currency != currency:
            raise RuleViolation(
                f"{field}.unit_price",
                OrderErrorCode.PRICE_REQUIRED,
                _("%(product)s is priced in %(product_currency)s; give its price in %(currency)s.")
                % {
                    "product": product.name,
                    "product_currency": product.currency,
                    "currency": currency,
                },
            )
        return product.list_price_minor
    unit_price_minor = minor_units(line.unit_price, currency=currency, field=f"{field}.unit_price")
    if unit_price_minor < 0:
        raise RuleViolation(
            f"{field}.unit_price",
            OrderErrorCode.NEGATIVE_AMOUNT,
            _("A price cannot be negative."),
        )
    return unit_price_minor


def _discount(value: Decimal, *, field: str) -> Decimal:
    """A discount from 0 to 100 percent with at most two decimals (as stored)."""
    if not value.is_finite() or not 0 <= value <= HUNDRED:
        raise RuleViolation(
            field,
            OrderErrorCode.DISCOUNT_OUT_OF_RANGE,
            _("A discount is a percentage from 0 to 100."),
        )
    if value != value.quantize(CENT):
        raise RuleViolation(
            field, OrderErrorCode.TOO_PRECISE, _("A discount has at most two decimals.")
        )
    return value.quantize(CENT)

"""Line items of a deal: the products, quantities, prices and discounts it is made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.db import transaction
from django.utils.translation import gettext as _

from patron.catalog.models import Product
from patron.core.currency import to_base_minor
from patron.core.errors import RuleViolation
from patron.core.models import update_versioned
from patron.core.money import Money, round_minor
from patron.org.models import User
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.history import record_changes, tracked_values
from patron.pipeline.models import Opportunity, OpportunityLine
from patron.pipeline.services.checks import minor_units, opportunity_for_change, require_storable

# PositiveIntegerField is a 32-bit integer on PostgreSQL.
MAX_QUANTITY = 2_147_483_647
HUNDRED = Decimal(100)
# The discount column keeps two decimals.
DISCOUNT_STEP = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line asked for on a deal.

    `unit_price` must be in the deal's currency; left out, it is the product's list
    price, which exists only when the product is priced in the deal's currency (a price
    converted at today's rate would be a price nobody quoted).
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
def set_opportunity_lines(
    *, actor: User, opportunity_id: int, version: int, lines: Sequence[LineInput]
) -> Opportunity:
    """Replace the deal's line items with `lines`.

    The deal's amount becomes the sum of its line totals (an amount history row when
    it changes; no lines sum to zero) and its base amount is converted again at the
    close-date rate; the deal is recurring exactly when one of its products is. A
    closed deal keeps its lines: they are what was booked.
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    if deal.status != OpportunityStatus.OPEN:
        raise RuleViolation(
            "lines",
            PipelineErrorCode.ALREADY_CLOSED,
            _("This opportunity is closed; reopen it to change its lines."),
        )
    products = Product.objects.in_bulk({line.product_id for line in lines})
    priced = [
        _priced_line(number, line, products, currency=deal.currency)
        for number, line in enumerate(lines)
    ]
    amount_minor = sum(line.total_minor for line in priced)
    require_storable(amount_minor, field="lines")
    before = tracked_values(deal)
    deal.amount_minor = amount_minor
    deal.amount_base_minor = to_base_minor(
        amount_minor, deal.currency, deal.close_date, field="close_date"
    )
    deal.is_recurring = any(products[line.product_id].is_recurring for line in priced)
    update_versioned(
        deal, expected_version=version, fields=["amount_minor", "amount_base_minor", "is_recurring"]
    )
    OpportunityLine.objects.filter(opportunity=deal).delete()
    for line in priced:
        line.opportunity = deal
        line.created_by = actor
    OpportunityLine.objects.bulk_create(priced)
    record_changes(deal, actor=actor, before=before)
    return deal


def _priced_line(
    number: int, line: LineInput, products: dict[int, Product], *, currency: str
) -> OpportunityLine:
    """One checked line; errors name the line's field as `lines.<n>.<field>` (from 0)."""
    prefix = f"lines.{number}"
    product = products.get(line.product_id)
    if product is None:
        raise RuleViolation(
            f"{prefix}.product", PipelineErrorCode.UNKNOWN_PRODUCT, _("There is no such product.")
        )
    if not product.is_active:
        raise RuleViolation(
            f"{prefix}.product",
            PipelineErrorCode.PRODUCT_INACTIVE,
            _("%(product)s is no longer sold.") % {"product": product},
        )
    if not 1 <= line.quantity <= MAX_QUANTITY:
        raise RuleViolation(
            f"{prefix}.quantity",
            PipelineErrorCode.QUANTITY_OUT_OF_RANGE,
            _("The quantity is a whole number from 1."),
        )
    discount = line.discount_percent
    if not (
        discount.is_finite()
        and 0 <= discount <= HUNDRED
        and discount == discount.quantize(DISCOUNT_STEP)
    ):
        raise RuleViolation(
            f"{prefix}.discount_percent",
            PipelineErrorCode.DISCOUNT_OUT_OF_RANGE,
            _("The discount is a percentage from 0 to 100 with at most two decimals."),
        )
    if line.unit_price is not None:
        price_minor = minor_units(line.unit_price, currency=currency, field=f"{prefix}.unit_price")
    elif product.currency == currency:
        price_minor = product.list_price_minor
    else:
        raise RuleViolation(
            f"{prefix}.unit_price",
            PipelineErrorCode.PRICE_REQUIRED,
            _("%(product)s is priced in %(product_currency)s; give its price in %(currency)s.")
            % {"product": product, "product_currency": product.currency, "currency": currency},
        )
    total_minor = line_total_minor(line.quantity, price_minor, discount)
    require_storable(total_minor, field=f"{prefix}.unit_price")
    return OpportunityLine(
        product=product,
        quantity=line.quantity,
        unit_price_minor=price_minor,
        discount_percent=discount,
        total_minor=total_minor,
    )

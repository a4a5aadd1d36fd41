"""Pricing a line: one rule for deals, quotes and orders.

A line is a product, a quantity, a unit price in the document's currency and a
discount; its total is rounded once, half-even, to the minor unit. A page, the API and
an import all price a line here, so the same input gives the same total everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.utils.translation import gettext as _

from patron.catalog.errors import CatalogErrorCode
from patron.catalog.models import Product
from patron.core.errors import RuleViolation
from patron.core.money import Money, round_minor
from patron.core.validation import MAX_INT32, minor_units, require_storable

MAX_QUANTITY = MAX_INT32
HUNDRED = Decimal(100)
# The discount column keeps two decimals.
DISCOUNT_STEP = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LineInput:
    """One line asked for on a document.

    `unit_price` must be in the document's currency; left out, it is the product's
    list price, which exists only when the product is priced in that currency (a price
    converted at today's rate would be a price nobody quoted).
    """

    product_id: int
    quantity: int = 1
    unit_price: Money | None = None
    discount_percent: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class PricedValues:
    """A checked line: the values a `PricedLine` row stores."""

    product: Product
    quantity: int
    unit_price_minor: int
    discount_percent: Decimal
    total_minor: int

    def as_fields(self) -> dict[str, object]:
        return {
            "product": self.product,
            "quantity": self.quantity,
            "unit_price_minor": self.unit_price_minor,
            "discount_percent": self.discount_percent,
            "total_minor": self.total_minor,
        }


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


def price_line(
    number: int,
    line: LineInput,
    products: Mapping[int, Product],
    *,
    currency: str,
    check_active: bool = True,
) -> PricedValues:
    """One checked line; errors name the line's field as `lines.<n>.<field>` (from 0).

    `check_active=False` prices lines copied from a document already agreed (a won
    deal's lines becoming an order): a product withdrawn since is still what was sold.
    """
    prefix = f"lines.{number}"
    product = products.get(line.product_id)
    if product is None:
        raise RuleViolation(
            f"{prefix}.product", CatalogErrorCode.UNKNOWN_PRODUCT, _("There is no such product.")
        )
    if check_active and not product.is_active:
        raise RuleViolation(
            f"{prefix}.product",
            CatalogErrorCode.PRODUCT_INACTIVE,
            _("%(product)s is no longer sold.") % {"product": product},
        )
    if isinstance(line.quantity, bool) or not 1 <= line.quantity <= MAX_QUANTITY:
        raise RuleViolation(
            f"{prefix}.quantity",
            CatalogErrorCode.QUANTITY_OUT_OF_RANGE,
            _("The quantity must be a whole number from 1 to %(max)s.") % {"max": MAX_QUANTITY},
        )
    discount = line.discount_percent
    if not (
        discount.is_finite()
        and 0 <= discount <= HUNDRED
        and discount == discount.quantize(DISCOUNT_STEP)
    ):
        raise RuleViolation(
            f"{prefix}.discount_percent",
            CatalogErrorCode.DISCOUNT_OUT_OF_RANGE,
            _("The discount is a percentage from 0 to 100 with at most two decimals."),
        )
    if line.unit_price is not None:
        price_minor = minor_units(line.unit_price, currency=currency, field=f"{prefix}.unit_price")
    elif product.currency == currency:
        price_minor = product.list_price_minor
    else:
        raise RuleViolation(
            f"{prefix}.unit_price",
            CatalogErrorCode.PRICE_REQUIRED,
            _("%(product)s is priced in %(product_currency)s; give its price in %(currency)s.")
            % {"product": product, "product_currency": product.currency, "currency": currency},
        )
    total_minor = line_total_minor(line.quantity, price_minor, discount)
    require_storable(total_minor, field=f"{prefix}.unit_price")
    return PricedValues(
        product=product,
        quantity=line.quantity,
        unit_price_minor=price_minor,
        discount_percent=discount.quantize(DISCOUNT_STEP),
        total_minor=total_minor,
    )


def price_lines(
    lines: Sequence[LineInput], *, currency: str, check_active: bool = True
) -> list[PricedValues]:
    """Every line checked and priced, its products loaded in one query; the sum of
    their totals is checked to fit the columns too."""
    products = Product.objects.in_bulk({line.product_id for line in lines})
    priced = [
        price_line(number, line, products, currency=currency, check_active=check_active)
        for number, line in enumerate(lines)
    ]
    require_storable(sum(line.total_minor for line in priced), field="lines")
    return priced

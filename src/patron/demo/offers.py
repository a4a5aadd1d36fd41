"""What goes into a deal or an order: products, quantities, prices and discounts.

A deal's lines change as it advances: the first version is the rep's rough sizing at
list price, later ones the negotiated quantities and discounts. Each version is a full
set of lines, and the deal's amount is always the sum of its current lines, so the
amount history and the lines agree at every moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from random import Random

from patron.accounts.choices import Segment
from patron.catalog.pricing import line_total_minor
from patron.demo.configuration import ProductRef
from patron.demo.rates import RateBook
from patron.pipeline.choices import OpportunityType

ZERO = Decimal("0.00")
DISCOUNTS = {
    Segment.SMB: ("0.00", "0.00", "0.00", "5.00", "10.00"),
    Segment.MID_MARKET: ("0.00", "5.00", "5.00", "10.00", "15.00"),
    Segment.ENTERPRISE: ("5.00", "10.00", "15.00", "20.00", "25.00"),
    Segment.PUBLIC_SECTOR: ("0.00", "5.00", "10.00", "15.00", "20.00"),
}
SEATS = {
    Segment.SMB: (5, 40),
    Segment.MID_MARKET: (30, 250),
    Segment.ENTERPRISE: (200, 2_500),
    Segment.PUBLIC_SECTOR: (50, 600),
}
DEVICES = {
    Segment.SMB: (3, 25),
    Segment.MID_MARKET: (10, 120),
    Segment.ENTERPRISE: (50, 600),
    Segment.PUBLIC_SECTOR: (20, 200),
}
CLOUD_TIER = {
    Segment.SMB: "CLD-STD",
    Segment.MID_MARKET: "CLD-PRO",
    Segment.ENTERPRISE: "CLD-ENT",
    Segment.PUBLIC_SECTOR: "CLD-PRO",
}
CONSUMABLES = ("CON-LBL", "CON-LBL", "CON-BAT", "CON-CASE")


@dataclass(frozen=True, slots=True)
class Line:
    product: ProductRef
    quantity: int
    unit_minor: int
    discount: Decimal
    total: int


def make_line(product: ProductRef, quantity: int, unit_minor: int, discount: Decimal) -> Line:
    """A line priced with the services' own rounding rule (`line_total_minor`)."""
    return Line(
        product, quantity, unit_minor, discount, line_total_minor(quantity, unit_minor, discount)
    )


def amount_of(lines: list[Line]) -> int:
    return sum(line.total for line in lines)


class Offers:
    """Chooses products for deals and orders of one account, priced in its currency."""

    def __init__(
        self, products: dict[str, ProductRef], rates: RateBook, currency: str, segment: str
    ) -> None:
        self.products = products
        self.rates = rates
        self.currency = currency
        self.segment = segment

    def price(self, sku: str, day: int) -> int:
        product = self.products[sku]
        return self.rates.to_currency(product.spec.list_price_usd_cents, self.currency, day)

    def _quantity(self, rng: Random, table: dict[str, tuple[int, int]], share: float = 1.0) -> int:
        low, high = table[self.segment]
        return max(1, round(rng.randint(low, high) * share))

    def deal_products(
        self, rng: Random, kind: str, day: int, cloud_sku: str | None
    ) -> tuple[list[tuple[str, int]], bool]:
        """(sku, final quantity) pairs for a new deal, and whether it is recurring."""
        if kind == OpportunityType.NEW_BUSINESS:
            if rng.random() < 0.65:
                items = [(CLOUD_TIER[self.segment], self._quantity(rng, SEATS))]
                if rng.random() < 0.3:
                    items.append(("ANL-INS", max(1, items[0][1] * rng.randint(2, 5) // 10)))
                if rng.random() < 0.25:
                    items.append(("SUP-PRM", 1))
                return items, True
            return self._hardware(rng, implementation=rng.random() < 0.4), False
        if kind == OpportunityType.UPSELL:
            sku = cloud_sku or CLOUD_TIER[self.segment]
            return [(sku, self._quantity(rng, SEATS, rng.uniform(0.1, 0.4)))], True
        if kind == OpportunityType.CROSS_SELL:
            choices = rng.sample(("ANL-FCS", "ANL-DWC", "ANL-INS", "SUP-PRM"), rng.randint(1, 2))
            items = []
            for sku in choices:
                if sku == "ANL-INS":
                    items.append((sku, self._quantity(rng, SEATS, 0.3)))
                elif sku == "ANL-FCS":
                    items.append((sku, rng.randint(1, 10)))
                else:
                    items.append((sku, 1))
            return items, True
        return self._hardware(rng, implementation=False, training=True), False

    def _hardware(
        self, rng: Random, *, implementation: bool, training: bool = False
    ) -> list[tuple[str, int]]:
        devices = self._quantity(rng, DEVICES)
        items = [(rng.choice(("DEV-H200", "DEV-T10")), devices)]
        if rng.random() < 0.5:
            items.append(("DEV-P4", max(1, devices // 5)))
        if rng.random() < 0.4:
            items.append(("DEV-DCK", max(1, devices // 2)))
        if implementation:
            items.append(("SRV-IMP", 1))
        if rng.random() < 0.5:
            items.append(("SRV-WS", rng.randint(1, 5)))
        if training:
            items.append(("SRV-TRN", rng.randint(1, 4)))
        return items

    def versions(self, rng: Random, items: list[tuple[str, int]], day: int) -> list[list[Line]]:
        """One to three versions of the lines, the last being the negotiated one."""
        discount = Decimal(rng.choice(DISCOUNTS[self.segment]))
        final = [
            make_line(self.products[sku], quantity, self.price(sku, day), discount)
            for sku, quantity in items
        ]
        count = rng.choices((1, 2, 3), (30, 40, 30))[0]
        versions = []
        for step in range(count - 1):
            share = rng.uniform(0.6, 1.4) if step == 0 else rng.uniform(0.9, 1.1)
            versions.append(
                [
                    make_line(
                        line.product,
                        max(1, round(line.quantity * share)),
                        line.unit_minor,
                        ZERO if step == 0 else discount / 2,
                    )
                    for line in final
                ]
            )
        versions.append(final)
        return versions

    def renewal_versions(self, rng: Random, previous: list[Line], day: int) -> list[list[Line]]:
        """The contract's lines as they were, then renewed with a price uplift and a
        changed number of seats."""
        uplift = Decimal(rng.choice(("1.00", "1.03", "1.05", "1.07")))
        step = 1_000 if self.currency in ("THB", "PHP") else 100
        current = [
            make_line(line.product, line.quantity, line.unit_minor, line.discount)
            for line in previous
        ]
        renewed = []
        for line in previous:
            unit = int(line.unit_minor * uplift / step + Decimal("0.5")) * step
            quantity = max(1, round(line.quantity * rng.uniform(0.85, 1.2)))
            renewed.append(make_line(line.product, quantity, max(step, unit), line.discount))
        return [current, renewed]

    def order_lines(self, rng: Random, day: int) -> list[Line]:
        """A replenishment order: consumables, spare devices, a training day or a month
        of managed service."""
        lines = []
        skus = set()
        for _index in range(rng.randint(3, 9)):
            roll = rng.random()
            if roll < 0.6:
                sku = rng.choice(CONSUMABLES)
                quantity = self._quantity(rng, DEVICES, rng.uniform(0.5, 3.0))
            elif roll < 0.8:
                sku = rng.choice(("DEV-H200", "DEV-T10", "DEV-P4", "DEV-DCK"))
                quantity = self._quantity(rng, DEVICES, rng.uniform(0.05, 0.3))
            elif roll < 0.9:
                sku, quantity = "SRV-TRN", rng.randint(1, 3)
            else:
                sku, quantity = "SUP-MGD", 1
            if sku in skus:
                continue
            skus.add(sku)
            lines.append(make_line(self.products[sku], quantity, self.price(sku, day), ZERO))
        return lines

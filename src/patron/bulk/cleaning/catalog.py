"""Stored product families and products read back through their creates' clean steps.

- A family's name and code and a product's SKU are held by the row itself: only
  another stored row holding the same one (a name ignoring case) refuses it.
- A product's status is not an input: a product withdrawn since was created on sale.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from patron.bulk.cleaning.shared import each_row, held_by_others, money
from patron.catalog.cleaning.families import (
    ProductFamilyInput,
    clean_product_family,
    product_family_context,
)
from patron.catalog.cleaning.products import ProductInput, clean_product, product_context
from patron.catalog.models import Product, ProductFamily
from patron.core.cleaning import Cleaned
from patron.org.models import User


def product_families(
    actor: User, rows: Sequence[ProductFamily]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = dataclasses.replace(
        product_family_context(actor),
        names=held_by_others(
            ProductFamily, "name", [row.name for row in rows], case_insensitive=True
        ),
        codes=held_by_others(ProductFamily, "code", [row.code for row in rows]),
    )
    for row in rows:
        raw = ProductFamilyInput(name=row.name, code=row.code)
        yield row.pk, clean_product_family(raw, context)


def products(actor: User, rows: Sequence[Product]) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = dataclasses.replace(
        product_context(actor, family_ids=[row.family_id for row in rows]),
        skus=held_by_others(Product, "sku", [row.sku for row in rows]),
    )
    yield from each_row(rows, _product_input, lambda _row, raw: clean_product(raw, context))


def _product_input(row: Product) -> ProductInput:
    return ProductInput(
        name=row.name,
        sku=row.sku,
        family_id=row.family_id,
        list_price=money(row.list_price_minor, row.currency),
        cost=money(row.cost_minor, row.currency),
        description=row.description,
        billing_period=row.billing_period,
    )

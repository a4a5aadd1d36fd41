"""Stable codes of the catalog errors: products, prices and the pricing of a line.

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class CatalogErrorCode(StrEnum):
    """Why a product or a priced line was refused."""

    UNKNOWN_PRODUCT = "unknown_product"
    PRODUCT_INACTIVE = "product_inactive"
    PRICE_REQUIRED = "price_required"
    QUANTITY_OUT_OF_RANGE = "quantity_out_of_range"
    DISCOUNT_OUT_OF_RANGE = "discount_out_of_range"
    UNKNOWN_FAMILY = "unknown_family"

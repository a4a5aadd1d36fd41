"""Operations on products: what the company sells, at which list price and cost.

Configured by sales ops and administrators (`Capability.CONFIGURE`). Products are
never deleted — deals, quotes and orders point at them — but retired: a retired
product stays on the documents that have it and cannot be put on new ones
(`catalog.pricing` refuses it).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from patron.catalog.cleaning.products import (
    ProductInput,
    clean_product,
    product_context,
    require_description,
    require_product_name,
    require_sku,
    unknown_family,
)
from patron.catalog.errors import CatalogErrorCode
from patron.catalog.models import BillingPeriod, Product, ProductFamily
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import minor_units, require_choice, require_currency
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability
from patron.org.services.checks import load_for_change, require_unique, write_changes

__all__ = [
    "create_product",
    "reactivate_product",
    "retire_product",
    "update_product",
]


def _sku(value: str, *, exclude_pk: int | None = None) -> str:
    """Imports, quotes and orders name a product by its SKU: one SKU, one product."""
    sku = require_sku(value)
    require_unique(Product, field="sku", value=sku, exclude_pk=exclude_pk)
    return sku


def _family(family_id: int) -> ProductFamily:
    family = ProductFamily.objects.filter(pk=family_id).first()
    if family is None:
        raise unknown_family()
    return family


@service
def create_product(
    *,
    actor: User,
    name: str,
    sku: str,
    family_id: int,
    list_price: Money,
    cost: Money | None = None,
    description: str = "",
    billing_period: str = BillingPeriod.ONE_TIME,
) -> Product:
    """Create an active product priced in the currency of its list price.

    The cost (for margins) is in the same currency, zero when unknown; neither may be
    negative or finer than the currency's minor unit.
    """
    # The checks are `clean_product`'s, on a context built for this one row (an import
    # builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_product(
            ProductInput(
                name=name,
                sku=sku,
                family_id=family_id,
                list_price=list_price,
                cost=cost,
                description=description,
                billing_period=billing_period,
            ),
            product_context(actor, skus=[sku], family_ids=[family_id]),
        )
    )
    product = Product(**vars(values), created_by=actor)
    product.save()
    record_created(product, actor=actor)
    return product


@service
def update_product(
    *,
    actor: User,
    product_id: int,
    version: int,
    name: str | Unset = UNSET,
    sku: str | Unset = UNSET,
    family_id: int | Unset = UNSET,
    description: str | Unset = UNSET,
    list_price: Money | Unset = UNSET,
    cost: Money | Unset = UNSET,
    billing_period: str | Unset = UNSET,
) -> Product:
    """Change a product's details or prices (only those given).

    The product's currency is its list price's: a new list price in another currency
    moves the product to it, and then the cost must be given in that currency too
    (or be zero), since a stored cost in the old currency would be read in the new
    one. Lines already priced keep their prices; new lines take the new list price.
    """
    require_capability(actor, Capability.CONFIGURE)
    product = load_for_change(Product, product_id)
    require_version(product, version)
    before = snapshot(product)
    if not isinstance(name, Unset):
        product.name = require_product_name(name)
    if not isinstance(sku, Unset):
        product.sku = _sku(sku, exclude_pk=product.pk)
    if not isinstance(family_id, Unset):
        product.family = _family(family_id)
    if not isinstance(description, Unset):
        product.description = require_description(description)
    if not isinstance(billing_period, Unset):
        product.billing_period = require_choice(
            billing_period, field="billing_period", choices=BillingPeriod.values
        )
    if not isinstance(list_price, Unset):
        currency = require_currency(list_price.currency, field="list_price")
        if currency != product.currency and isinstance(cost, Unset) and product.cost_minor:
            raise RuleViolation(
                "cost",
                CatalogErrorCode.PRICE_REQUIRED,
                _("Give the cost in %(currency)s too.") % {"currency": currency},
            )
        product.currency = currency
        product.list_price_minor = minor_units(list_price, currency=currency, field="list_price")
    if not isinstance(cost, Unset):
        product.cost_minor = minor_units(cost, currency=product.currency, field="cost")
    write_changes(product, actor=actor, before=before, version=version)
    return product


@service
def retire_product(*, actor: User, product_id: int, version: int) -> Product:
    """Stop selling a product: it can no longer be added to a deal, quote or order;
    documents that have it keep it."""
    return _set_active(actor, product_id, version, active=False)


@service
def reactivate_product(*, actor: User, product_id: int, version: int) -> Product:
    """Sell a retired product again, at its stored list price."""
    return _set_active(actor, product_id, version, active=True)


def _set_active(actor: User, product_id: int, version: int, *, active: bool) -> Product:
    require_capability(actor, Capability.CONFIGURE)
    product = load_for_change(Product, product_id)
    require_version(product, version)
    before = snapshot(product)
    product.is_active = active
    update_versioned(product, expected_version=version, fields=["is_active"])
    action = "reactivate" if active else "retire"
    record_changed(product, actor=actor, before=before, action=action)
    return product

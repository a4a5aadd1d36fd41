"""The clean step of a new product (see `core.cleaning` and decision 0020): the raw
values and a context loaded beforehand in, the checked product or every wrong field
out, with no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from patron.catalog.errors import CatalogErrorCode
from patron.catalog.models import BillingPeriod, Product, ProductFamily
from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.errors import RuleViolation
from patron.core.money import Money
from patron.core.validation import minor_units, require_choice, require_currency, require_text
from patron.org.capabilities import Capability
from patron.org.cleaning.shared import Taken, taken_values
from patron.org.models import User
from patron.org.policy import require_capability

# The columns' lengths, and the longest description kept.
PRODUCT_NAME_LIMIT = 200
SKU_LIMIT = 64
DESCRIPTION_LIMIT = 10_000


@dataclass(frozen=True)
class ProductInput:
    """A new product as typed or imported."""

    name: str
    sku: str
    family_id: int
    list_price: Money
    cost: Money | None = None
    description: str = ""
    billing_period: str = BillingPeriod.ONE_TIME


@dataclass(frozen=True)
class ProductContext:
    """What cleaning new products needs from the database: the actor, the SKUs the
    batch names that are taken, and the named families, by id."""

    actor: User
    skus: Taken
    families: Mapping[int, ProductFamily]


@dataclass(frozen=True)
class ProductValues:
    """A new product ready to be written: its prices in minor units of its currency."""

    name: str
    sku: str
    family: ProductFamily
    description: str
    currency: str
    list_price_minor: int
    cost_minor: int
    billing_period: str


def product_context(
    actor: User, *, skus: Iterable[str | None] = (), family_ids: Iterable[int | None] = ()
) -> ProductContext:
    """The context for cleaning new products naming these SKUs and families: one query
    per kind (taken SKUs, families), whatever the number of rows."""
    wanted_families = ids_of(family_ids)
    return ProductContext(
        actor=actor,
        skus=taken_values(Product, field="sku", values=skus),
        families=ProductFamily.objects.in_bulk(wanted_families) if wanted_families else {},
    )


def clean_product(raw: ProductInput, context: ProductContext) -> Cleaned[ProductValues]:
    """Every check of a new product (the rules are `create_product`'s), each wrong
    field reported, in the order the service checks them.

    The product is priced in the currency of its list price; the cost is in the same
    currency (zero when unknown). The amounts are checked once the currency is known.
    """
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    currency = errors.check(lambda: require_currency(raw.list_price.currency), "")
    name = errors.check(lambda: require_product_name(raw.name), "")
    sku = errors.check(lambda: context.skus.require_free(require_sku(raw.sku), field="sku"), "")
    family = check_named(errors, "family", lambda: _family(raw.family_id, context))
    description = errors.check(lambda: require_description(raw.description), "")
    list_price_minor = cost_minor = 0
    if currency:
        list_price_minor = errors.check(
            lambda: minor_units(raw.list_price, currency=currency, field="list_price"), 0
        )
        if raw.cost is not None:
            cost = raw.cost
            cost_minor = errors.check(lambda: minor_units(cost, currency=currency, field="cost"), 0)
    billing_period = errors.check(
        lambda: require_choice(
            raw.billing_period, field="billing_period", choices=BillingPeriod.values
        ),
        "",
    )
    if errors.errors or family is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        ProductValues(
            name=name,
            sku=sku,
            family=family,
            description=description,
            currency=currency,
            list_price_minor=list_price_minor,
            cost_minor=cost_minor,
            billing_period=billing_period,
        )
    )


def require_product_name(value: str) -> str:
    return require_text(value, field="name", limit=PRODUCT_NAME_LIMIT, required=True)


def require_sku(value: str) -> str:
    """A product's SKU, trimmed; imports, quotes and orders name a product by it, so
    whether another product has it is asked apart (of the database, or of a context)."""
    return require_text(value, field="sku", limit=SKU_LIMIT, required=True)


def require_description(value: str) -> str:
    return require_text(value, field="description", limit=DESCRIPTION_LIMIT)


def unknown_family() -> RuleViolation:
    """The refusal of a family id that names no family."""
    return RuleViolation(
        "family", CatalogErrorCode.UNKNOWN_FAMILY, _("There is no such product family.")
    )


def _family(family_id: int, context: ProductContext) -> ProductFamily:
    family = context.families.get(family_id)
    if family is None:
        raise unknown_family()
    return family

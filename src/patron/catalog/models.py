"""Products and their families: what the company sells, at what list price and cost."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patron.core.models import BusinessModel


class ProductFamily(BusinessModel):
    """A group of products (e.g. "Analytics"); KPIs break down and detect cross-sell by it."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.CharField(_("code"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("product family")
        verbose_name_plural = _("product families")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BillingPeriod(models.TextChoices):
    ONE_TIME = "one_time", _("One time")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")


class Product(BusinessModel):
    """A sellable product. Prices are integer minor units of `currency`.

    A recurring product is billed every period; deals containing one are recurring and
    count amount × term towards total contract value (K5).
    """

    name = models.CharField(_("name"), max_length=200)
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    family = models.ForeignKey(
        ProductFamily, verbose_name=_("family"), on_delete=models.PROTECT, related_name="products"
    )
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    list_price_minor = models.BigIntegerField(_("list price (minor units)"))
    cost_minor = models.BigIntegerField(_("unit cost (minor units)"), default=0)
    billing_period = models.CharField(
        _("billing"), max_length=16, choices=BillingPeriod.choices, default=BillingPeriod.ONE_TIME
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(list_price_minor__gte=0), name="product_price_gte_0"
            ),
            models.CheckConstraint(condition=Q(cost_minor__gte=0), name="product_cost_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_recurring(self) -> bool:
        return self.billing_period != BillingPeriod.ONE_TIME


class PricedLine(BusinessModel):
    """A product on a document — a deal, a quote or an order: quantity × unit price less
    the discount, in the document's currency, priced by `catalog.pricing.price_line`.

    One definition of the priced columns for every kind of line, so a quote copies a
    deal's lines and an order a quote's without converting anything.
    """

    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_price_minor = models.BigIntegerField(_("unit price (minor units)"))
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, default=Decimal("0.00")
    )
    total_minor = models.BigIntegerField(_("total (minor units)"))

    class Meta:
        abstract = True

"""Contracts, sales orders with lines, invoices and payments (order to cash)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from patron.catalog.models import PricedLine
from patron.core.models import BusinessModel
from patron.orders.choices import ContractStatus, InvoiceStatus, OrderStatus, PaymentMethod
from patron.orders.querysets import (
    AccountRecordQuerySet,
    InvoiceQuerySet,
    OrderChildQuerySet,
    PaymentQuerySet,
)


class Contract(BusinessModel):
    """A long-term agreement. A renewal opportunity is opened `renewal_lead_days` before
    its end (company setting) unless one exists; `renewal_opportunity` links it."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("won opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    number = models.CharField(_("number"), max_length=32, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    currency = models.CharField(_("currency"), max_length=3)
    total_value_minor = models.BigIntegerField(_("total value (minor units)"))
    annual_value_minor = models.BigIntegerField(_("annual value (minor units)"))
    total_value_base_minor = models.BigIntegerField(_("total value in base currency"), default=0)
    auto_renew = models.BooleanField(_("renews automatically"), default=False)
    renewal_opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("renewal opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_contracts",
    )

    objects = AccountRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(total_value_minor__gte=0), name="contract_total_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(annual_value_minor__gte=0), name="contract_annual_gte_0"
            ),
        ]
        indexes = [
            models.Index(
                fields=["account", "start_date", "end_date"], name="contract_account_dates"
            ),
            models.Index(fields=["end_date", "status"], name="contract_end_status"),
        ]

    def __str__(self) -> str:
        return self.number


class SalesOrder(BusinessModel):
    """An order from a won deal, a contract or ad hoc. Its total is the sum of its lines;
    K2 counts orders that are not cancelled, on their order date."""

    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    opportunity = models.ForeignKey(
        "pipeline.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    number = models.CharField(_("number"), max_length=32, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    order_date = models.DateField(_("order date"))
    currency = models.CharField(_("currency"), max_length=3)
    total_minor = models.BigIntegerField(_("total (minor units)"), default=0)
    total_base_minor = models.BigIntegerField(_("total in base currency (minor units)"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    paid_on = models.DateField(_("fully paid on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)

    objects = AccountRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        ordering = ["-order_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(total_minor__gte=0), name="order_total_gte_0"),
            models.CheckConstraint(
                condition=Q(total_base_minor__gte=0), name="order_base_total_gte_0"
            ),
            models.CheckConstraint(
                condition=~Q(status=OrderStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="order_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=OrderStatus.PAID) | Q(paid_on__isnull=False),
                name="order_paid_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["order_date", "status"], name="order_date_status"),
            models.Index(fields=["owner", "order_date"], name="order_owner_date"),
            models.Index(fields=["account", "order_date"], name="order_account_date"),
            models.Index(fields=["paid_on"], name="order_paid_on"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(PricedLine):
    """A product on an order: quantity × unit price less the discount, in the order's
    currency (the priced columns are `catalog.PricedLine`'s), and its total in the base
    currency at the order date's rate."""

    # The audit trail shows its changes on its order's timeline.
    audit_parent = "order"

    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    total_base_minor = models.BigIntegerField(_("total in base currency (minor units)"), default=0)

    objects = OrderChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_gte_1"),
            models.CheckConstraint(
                condition=Q(unit_price_minor__gte=0), name="order_line_price_gte_0"
            ),
            models.CheckConstraint(condition=Q(total_minor__gte=0), name="order_line_total_gte_0"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="order_line_discount_0_100",
            ),
        ]
        indexes = [models.Index(fields=["product", "order"], name="order_line_product")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"


class Invoice(BusinessModel):
    """A bill for an order. `paid_minor` is the sum of its payments; the database refuses
    more than the total, so no sequence of payments can over-pay an invoice."""

    # The audit trail shows its changes on its order's timeline.
    audit_parent = "order"

    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="invoices"
    )
    account = models.ForeignKey(
        "accounts.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    number = models.CharField(_("number"), max_length=32, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    total_minor = models.BigIntegerField(_("total (minor units)"))
    total_base_minor = models.BigIntegerField(_("total in base currency (minor units)"), default=0)
    paid_minor = models.BigIntegerField(_("paid (minor units)"), default=0)
    paid_on = models.DateField(_("fully paid on"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(number__isnull=False), name="invoice_number_unique"
            ),
            models.CheckConstraint(condition=Q(total_minor__gte=0), name="invoice_total_gte_0"),
            models.CheckConstraint(
                condition=Q(paid_minor__gte=0, paid_minor__lte=F("total_minor")),
                name="invoice_never_overpaid",
            ),
            models.CheckConstraint(
                condition=Q(status=InvoiceStatus.DRAFT)
                | Q(status=InvoiceStatus.VOID)
                | Q(issue_date__isnull=False, due_date__isnull=False, number__isnull=False),
                name="invoice_issued_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_date__gte=F("issue_date")),
                name="invoice_due_after_issue",
            ),
            models.CheckConstraint(
                condition=~Q(status=InvoiceStatus.PAID)
                | Q(paid_minor=F("total_minor"), paid_on__isnull=False),
                name="invoice_paid_means_fully_paid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="invoice_status_due"),
            models.Index(fields=["account", "issue_date"], name="invoice_account_issue"),
        ]

    def __str__(self) -> str:
        # str(): Python's str() raises TypeError when __str__ returns a lazy translation
        # (the admin's pages and Payment.__str__ call it on drafts).
        return self.number or str(_("Draft invoice"))

    @property
    def balance_minor(self) -> int:
        return self.total_minor - self.paid_minor


class Payment(BusinessModel):
    """Money received against an invoice, in the invoice's currency."""

    # The audit trail shows its changes on its invoice's timeline.
    audit_parent = "invoice"

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    amount_base_minor = models.BigIntegerField(
        _("amount in base currency (minor units)"), default=0
    )
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(
        _("method"),
        max_length=16,
        choices=PaymentMethod.choices,
        default=PaymentMethod.BANK_TRANSFER,
    )
    reference = models.CharField(_("reference"), max_length=120, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payment_amount_positive")
        ]
        indexes = [models.Index(fields=["invoice", "paid_on"], name="payment_invoice_date")]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.amount_minor}"

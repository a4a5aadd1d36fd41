"""Base models shared by every domain, and the company-wide settings money and periods need.

CompanySettings and ExchangeRate live here rather than in a domain because money
conversion and the fiscal calendar, which every domain uses, depend on them and on
nothing else.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patron.core.choices import AuditSource
from patron.core.errors import StaleVersion


class TimeStamped(models.Model):
    """When a row was created and last changed (UTC)."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record people edit from screens they read earlier: a version that rejects
    stale edits.

    Every change goes through `update_versioned`, an `UPDATE … WHERE version = ?`:
    two people editing the same record cannot silently overwrite each other.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class BusinessModel(TimeStamped, Versioned):
    """A business record: who created it, when, and its version (`Versioned`)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


def require_version(record: Versioned, version: int) -> None:
    """The caller edited what they saw at `version`; a newer stored version means someone
    else changed the record meanwhile, and the caller must look again before changing it.

    Checked early so a service refuses a stale edit before doing any work; the
    `update_versioned` write repeats the check atomically.
    """
    if record.version != version:
        raise StaleVersion(record.version)


def update_versioned(instance: Versioned, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `instance` only if its stored version is still `expected_version`.

    Raises StaleVersion (nothing written) when someone else saved first. On success the
    instance carries its new version.
    """
    model = type(instance)
    values: dict[str, Any] = {}
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise TypeError(f"{name} is not a column of {model.__name__}")
        values[field.attname] = getattr(instance, field.attname)
    values["version"] = F("version") + 1
    if isinstance(instance, TimeStamped):
        values["updated_at"] = timezone.now()
    changed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values
    )
    if changed != 1:
        current = (
            model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
        )
        raise StaleVersion(current if current is not None else 0)
    instance.version = expected_version + 1
    if isinstance(instance, TimeStamped):
        instance.updated_at = values["updated_at"]


class CompanySettings(models.Model):
    """The one row of company-wide settings: base currency, fiscal calendar, time zone.

    KPIs convert every amount to the base currency and cut periods in this time zone
    and fiscal calendar, so they are set once for the whole company.
    """

    name = models.CharField(_("company name"), max_length=200, default="Patron Demo Co.")
    base_currency = models.CharField(_("base currency"), max_length=3, default="USD")
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    address = models.TextField(_("address"), blank=True)
    tax_id = models.CharField(_("tax id"), max_length=64, blank=True)
    quote_discount_approval_percent = models.DecimalField(
        _("discounts above this percent need a manager's approval"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15.00"),
    )
    renewal_lead_days = models.PositiveIntegerField(
        _("create renewal opportunities this many days before a contract ends"), default=90
    )

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="company_fiscal_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(quote_discount_approval_percent__gte=0)
                & Q(quote_discount_approval_percent__lte=100),
                name="company_discount_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> CompanySettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

    @property
    def zone(self) -> ZoneInfo:
        """The company's time zone; UTC while the stored name is not a known zone."""
        return known_zone(self.time_zone) or ZoneInfo("UTC")


def known_zone(name: str) -> ZoneInfo | None:
    """The IANA time zone called `name`, or None for a blank or unknown name.

    Zone names are typed into the admin without a list to choose from, so a typo must
    fall back to a default instead of failing every page.
    """
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def company_today() -> date:
    """Today in the company's time zone: a business date ("this month", the day a deal
    was won, a handoff) is the company's date, wherever the person recording it is."""
    return timezone.localdate(timezone=CompanySettings.current().zone)


class ExchangeRate(models.Model):
    """How many units of the base currency one unit of `currency` was worth from `valid_from`.

    A transaction is converted at the latest rate valid on its date, so a KPI over last
    year does not move when today's rate changes.
    """

    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("valid from"))
    rate = models.DecimalField(_("rate to base currency"), max_digits=20, decimal_places=10)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="fx_one_rate_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="fx_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.valid_from}: {self.rate}"


def rate_on(currency: str, on: date) -> Decimal | None:
    """The rate valid on `on` (None when no rate is known that early)."""
    if currency == CompanySettings.current().base_currency:
        return Decimal(1)
    return (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )


class Counter(models.Model):
    """A named gapless counter (quote, order, invoice, case numbers).

    Incremented by an UPDATE inside the caller's transaction: on PostgreSQL the row lock
    and on SQLite the IMMEDIATE write lock serialise concurrent callers, and a rollback
    gives the number back, so numbers have no gaps and no duplicates.
    """

    key = models.CharField(_("key"), max_length=64, primary_key=True)
    value = models.BigIntegerField(_("last value"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """The audit trail is append-only: rows are added by `core.audit`, never changed or
    removed. A bulk update or delete through the ORM is refused here; the database
    refuses an UPDATE too (a trigger, migration 0002)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")

    def for_record(self, record_type: str, record_id: int) -> AuditEventQuerySet:
        return self.filter(record_type=record_type, record_id=record_id)

    def visible_to(self, user: Any) -> AuditEventQuerySet:
        """The whole trail is for those who see every record (sales ops, admins,
        executives). Everyone else reads the trail of a record on that record's page,
        which shows it only once the record itself is visible to them
        (`core.trail.record_events`)."""
        signed_in = getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
        if signed_in and getattr(user, "sees_everything", False):
            return self
        return self.none()


class AuditEvent(models.Model):
    """One change to one business record: who, when, through which interface, which
    operation, and each changed field old → new.

    A model whose records belong to another (a contact to its account, a line to its
    deal) names that foreign key in a class attribute `audit_parent`; its events then
    also carry the parent, so the parent's timeline shows them.

    Values are stored as the database holds them (ids, codes of choices, integer minor
    units, ISO dates), never as display text, so the trail reads the same in every
    language and replays exactly. Several events of one operation (converting a lead
    touches a lead, an account, a contact and a deal) share its `operation_id`.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=16, choices=AuditSource.choices)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    operation = models.CharField(_("operation"), max_length=80)
    operation_id = models.UUIDField(_("operation id"))
    record_type = models.CharField(_("record type"), max_length=80)
    record_id = models.BigIntegerField(_("record id"))
    action = models.CharField(_("action"), max_length=40)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The record this one belongs to (a deal's line → the deal), named by the model's
    # `audit_parent`: a record's timeline shows its children's events, deleted ones too.
    parent_type = models.CharField(_("parent record type"), max_length=80, blank=True)
    parent_id = models.BigIntegerField(_("parent record id"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "id"], name="audit_record"),
            models.Index(fields=["actor", "id"], name="audit_actor"),
            models.Index(fields=["occurred_at"], name="audit_occurred"),
            models.Index(fields=["operation_id"], name="audit_operation"),
            models.Index(fields=["parent_type", "parent_id", "id"], name="audit_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type}#{self.record_id} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")

"""Operations on the company's settings and its exchange rates (configurers only).

Every KPI converts amounts to the base currency at dated rates and cuts periods in
the company's time zone and fiscal calendar, so these settings are few, checked, and
audited like any business record. Neither table has a version column (they are
`core` models, kept without `BusinessModel` so money conversion depends on nothing
else): a change is the last write, made under a row lock so two changes queue.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import CompanySettings, ExchangeRate
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_currency, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.cleaning.exchange_rates import (
    ExchangeRateInput,
    clean_exchange_rate,
    exchange_rate_context,
    rate_day_taken,
    require_rate,
)
from patron.org.errors import OrgErrorCode
from patron.org.models import User
from patron.org.policy import require_capability
from patron.org.services.checks import load_for_change, require_time_zone

__all__ = ["correct_exchange_rate", "record_exchange_rate", "update_company_settings"]


def _amounts_recorded() -> bool:
    """Whether any amount is stored yet: a row of any Patron table with a minor-units
    column (products, deals, orders…), or an exchange rate.

    Found through the app registry rather than by importing the domains, which sit
    above `org`: a new domain with amounts is covered without editing this list.
    """
    if ExchangeRate.objects.exists():
        return True
    for model in apps.get_models():
        if not model.__module__.startswith("patron.") or model._meta.abstract:
            continue
        has_amounts = any(field.name.endswith("_minor") for field in model._meta.concrete_fields)
        if has_amounts and model._default_manager.exists():
            return True
    return False


def _discount_threshold(value: Decimal) -> Decimal:
    try:
        exact = Decimal(value)
        valid = Decimal(0) <= exact <= Decimal(100) and exact == exact.quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        valid = False
    if not valid:
        raise RuleViolation(
            "quote_discount_approval_percent",
            CommonErrorCode.OUT_OF_RANGE,
            _("The discount is a percentage from 0 to 100 with at most two decimals."),
        )
    return exact.quantize(Decimal("0.01"))


@service
def update_company_settings(
    *,
    actor: User,
    name: str | Unset = UNSET,
    address: str | Unset = UNSET,
    tax_id: str | Unset = UNSET,
    base_currency: str | Unset = UNSET,
    fiscal_year_start_month: int | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    quote_discount_approval_percent: Decimal | Unset = UNSET,
    renewal_lead_days: int | Unset = UNSET,
) -> CompanySettings:
    """Change the company's settings (only those given).

    The base currency can be changed only while no amount is recorded (no product,
    deal, order… and no exchange rate): every stored base-currency amount and every
    rate is relative to it, and converting history is not something a settings page
    should do silently. A new company sets it first, then enters its data.
    """
    require_capability(actor, Capability.CONFIGURE)
    row = CompanySettings.objects.select_for_update().filter(pk=1).first()
    created = row is None
    if row is None:
        row = CompanySettings.objects.create(pk=1)
    before: dict[str, Any] = {} if created else snapshot(row)
    if not isinstance(name, Unset):
        row.name = require_text(name, field="name", limit=200, required=True)
    if not isinstance(address, Unset):
        row.address = require_text(address, field="address", limit=2000)
    if not isinstance(tax_id, Unset):
        row.tax_id = require_text(tax_id, field="tax_id", limit=64)
    if not isinstance(base_currency, Unset):
        currency = require_currency(base_currency.strip().upper(), field="base_currency")
        if currency != row.base_currency and _amounts_recorded():
            raise RuleViolation(
                "base_currency",
                OrgErrorCode.BASE_CURRENCY_LOCKED,
                _("The base currency cannot change once amounts are recorded."),
            )
        row.base_currency = currency
    if not isinstance(fiscal_year_start_month, Unset):
        month = require_int_range(
            fiscal_year_start_month, field="fiscal_year_start_month", low=1, high=12, required=True
        )
        row.fiscal_year_start_month = int(month or 0)
    if not isinstance(time_zone, Unset):
        row.time_zone = require_time_zone(time_zone, blank=False)
    if not isinstance(quote_discount_approval_percent, Unset):
        row.quote_discount_approval_percent = _discount_threshold(quote_discount_approval_percent)
    if not isinstance(renewal_lead_days, Unset):
        days = require_int_range(renewal_lead_days, field="renewal_lead_days", required=True)
        row.renewal_lead_days = int(days or 0)
    if created or snapshot(row) != before:
        row.save()
    record_changed(row, actor=actor, before=before)
    return row


def _require_free_day(currency: str, valid_from: date, exclude_pk: int | None = None) -> None:
    """One rate per currency and day: a conversion must find one answer."""
    taken = ExchangeRate.objects.filter(currency=currency, valid_from=valid_from)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise rate_day_taken(currency)


@service
def record_exchange_rate(
    *, actor: User, currency: str, valid_from: date, rate: Decimal
) -> ExchangeRate:
    """Record what one unit of `currency` is worth in the base currency from
    `valid_from` on. Amounts dated from that day convert at it; earlier ones keep the
    rate they had, so last year's KPIs do not move."""
    # The checks are `clean_exchange_rate`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_exchange_rate(
            ExchangeRateInput(currency=currency, valid_from=valid_from, rate=rate),
            exchange_rate_context(actor, rate_days=[(currency, valid_from)]),
        )
    )
    exchange_rate = ExchangeRate.objects.create(**vars(values))
    record_created(exchange_rate, actor=actor)
    return exchange_rate


@service
def correct_exchange_rate(
    *,
    actor: User,
    rate_id: int,
    rate: Decimal | Unset = UNSET,
    valid_from: date | Unset = UNSET,
) -> ExchangeRate:
    """Correct a mistyped rate or its first day. Amounts already converted keep the
    base value they were stored with; the correction applies to what is converted
    from now on."""
    require_capability(actor, Capability.CONFIGURE)
    exchange_rate = load_for_change(ExchangeRate, rate_id)
    before = snapshot(exchange_rate)
    if not isinstance(rate, Unset):
        exchange_rate.rate = require_rate(rate)
    if not isinstance(valid_from, Unset):
        _require_free_day(exchange_rate.currency, valid_from, exclude_pk=exchange_rate.pk)
        exchange_rate.valid_from = valid_from
    exchange_rate.save(update_fields=["rate", "valid_from"])
    record_changed(exchange_rate, actor=actor, before=before, action="correct")
    return exchange_rate

"""What the clean steps of orders and contracts share: the won deal they come from,
an access refusal recorded under its field, and the dated rates of their base
amounts, preloaded once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Model
from django.utils.translation import gettext as _

from patron.core.cleaning import FieldError
from patron.core.currency import convert_minor, missing_rate
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import ExchangeRate
from patron.orders.errors import OrderErrorCode
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.models import Opportunity


def require_won(opportunity: Opportunity) -> Opportunity:
    """Only a won deal becomes an order or a contract."""
    if opportunity.status != OpportunityStatus.WON:
        raise RuleViolation(
            "opportunity",
            OrderErrorCode.OPPORTUNITY_NOT_WON,
            _("Only a won opportunity can become an order or a contract."),
        )
    return opportunity


def not_visible(field: str, model: type[Model]) -> FieldError:
    """The refusal of a record the actor may not see (a 404), under `field`."""
    error = NotVisible(str(model._meta.verbose_name))
    return FieldError(field, error.code, error.message)


@dataclass(frozen=True)
class Rates:
    """The base currency and, per currency the rows name, its (valid_from, rate) pairs
    latest first."""

    base_currency: str
    table: Mapping[str, tuple[tuple[date, Decimal], ...]]

    def base_minor(self, amount_minor: int, currency: str, day: date) -> int:
        """`core.currency.to_base_minor` at the rate of `day`, from the table in memory."""
        if currency == self.base_currency:
            return amount_minor
        rate = next((rate for since, rate in self.table.get(currency, ()) if since <= day), None)
        if rate is None:
            raise missing_rate(currency, day, field="currency")
        return convert_minor(
            amount_minor, rate=rate, currency=currency, base_currency=self.base_currency
        )


def load_rates(base_currency: str, currencies: Iterable[str | None]) -> Rates:
    """Every stored rate of the currencies named (one query)."""
    wanted = {code for code in currencies if code and code != base_currency}
    table: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    if wanted:
        for code, since, rate in (
            ExchangeRate.objects.filter(currency__in=wanted)
            .order_by("currency", "-valid_from")
            .values_list("currency", "valid_from", "rate")
        ):
            table[code].append((since, rate))
    return Rates(base_currency, {code: tuple(pairs) for code, pairs in table.items()})

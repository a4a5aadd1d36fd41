"""What the clean steps of orders and contracts share: the won deal they come from and
an access refusal recorded under its field. The dated rates of their base amounts are
`core.currency.load_rates`."""

from __future__ import annotations

from django.db.models import Model
from django.utils.translation import gettext as _

from patron.core.cleaning import FieldError
from patron.core.errors import NotVisible, RuleViolation
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

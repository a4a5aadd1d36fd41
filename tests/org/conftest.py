"""Shared org test helpers: proving a refusal changed nothing, reading the trail, and
the personas who may not configure the company."""

import pytest

from patron.catalog.models import Product, ProductFamily
from patron.core.audit import record_type_of
from patron.core.models import AuditEvent, CompanySettings, ExchangeRate
from patron.org.models import Team, Territory, TerritoryRule, User


def everything() -> tuple[list[dict], ...]:
    """Every row an org or catalog service may write."""
    models = (
        User,
        Team,
        Territory,
        Territory.members.through,
        TerritoryRule,
        CompanySettings,
        ExchangeRate,
        ProductFamily,
        Product,
        AuditEvent,
    )
    return tuple(list(model.objects.order_by("pk").values()) for model in models)


def audit_trail(record) -> list[tuple[str, dict, int | None]]:
    """The audit events of `record`, oldest first: (action, changes, actor id)."""
    return list(
        AuditEvent.objects.filter(record_type=record_type_of(record), record_id=record.pk)
        .order_by("pk")
        .values_list("action", "changes", "actor_id")
    )


def refused(error_type, call, **kwargs):
    """Run `call(**kwargs)`, expect `error_type`, check nothing changed; the error."""
    before = everything()
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert everything() == before
    return caught.value


# Everyone but sales ops and administrators: configuring the company is not theirs.
NOT_CONFIGURERS = pytest.mark.parametrize(
    "persona", ["rep", "manager", "director", "account_manager", "service_agent", "executive"]
)

"""Shared pipeline fixtures: a frozen clock, a customer of the persona rep with the
account manager on its team, and a deal created through the service."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from patron.accounts.choices import AccountTeamRole
from patron.accounts.models import Account, Contact
from patron.core.errors import Forbidden, NotVisible
from patron.core.money import Money
from patron.pipeline.models import (
    Lead,
    Opportunity,
    OpportunityContactRole,
    OpportunityHistory,
    OpportunityLine,
    Pipeline,
)
from patron.pipeline.services.opportunities import create_opportunity
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory
from tests.factories.pipeline import default_pipeline

# Tuesday 10 March 2026, noon UTC (the company's time zone is UTC unless a test says so).
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
OPENED = dt.date(2026, 2, 2)
CLOSE = dt.date(2026, 4, 30)


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pipeline(db) -> Pipeline:
    """The standard six-stage pipeline (company default)."""
    return default_pipeline()


@pytest.fixture
def stages(pipeline) -> dict[str, int]:
    """Stage ids by name."""
    return dict(pipeline.stages.values_list("name", "pk"))


@pytest.fixture
def customer(org) -> Account:
    """Owned by the persona rep; the account manager is on its team, so they see its
    deals without owning them."""
    account = AccountFactory(owner=org.rep, name="Siam Cement")
    AccountTeamMemberFactory(
        account=account, user=org.account_manager, role=AccountTeamRole.ACCOUNT_MANAGER
    )
    return account


@pytest.fixture
def deal(org, customer, pipeline) -> Opportunity:
    """A 50,000.00 USD deal of the rep, opened 2 February, expected 30 April."""
    return create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="Cement plant ERP",
        close_date=CLOSE,
        amount=usd("50000.00"),
        opened_on=OPENED,
    )


def snapshot() -> tuple[list[dict], ...]:
    """Every row a pipeline service may write, to prove a refusal changed nothing."""
    return (
        list(Opportunity.objects.order_by("pk").values()),
        list(OpportunityHistory.objects.order_by("pk").values()),
        list(OpportunityLine.objects.order_by("pk").values()),
        list(OpportunityContactRole.objects.order_by("pk").values()),
        list(Lead.objects.order_by("pk").values()),
        list(Account.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
    )


def refused(error_type, call, **kwargs):
    """Run `call(**kwargs)`, expect `error_type`, check nothing changed; the error."""
    before = snapshot()
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


def history_rows(deal: Opportunity) -> list[tuple[str, str, str]]:
    """(field, old, new) of the deal's history, in the order written."""
    return list(
        OpportunityHistory.objects.filter(opportunity=deal)
        .order_by("id")
        .values_list("field", "old_value", "new_value")
    )


# Who may not change the rep's lead: only the rep's managers and sales ops see it.
LEAD_WRITE_REFUSALS = pytest.mark.parametrize(
    ("persona", "error_type"),
    [
        ("peer_rep", NotVisible),
        ("rep2", NotVisible),
        ("service_agent", NotVisible),
        ("executive", Forbidden),
    ],
)

# Who may not change the rep's deal, and how they are refused: the peer team and service
# agents do not see it (it does not exist for them); the account manager on the
# account's team sees it but does not own it; executives read everything, change nothing.
WRITE_REFUSALS = pytest.mark.parametrize(
    ("persona", "error_type"),
    [
        ("peer_rep", NotVisible),
        ("service_agent", NotVisible),
        ("account_manager", Forbidden),
        ("executive", Forbidden),
    ],
)

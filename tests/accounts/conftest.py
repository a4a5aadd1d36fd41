"""Shared account fixtures: a frozen clock and a customer of the persona rep with the
account manager on its team."""

import datetime as dt

import pytest
import time_machine

from patron.accounts.choices import AccountTeamRole, Lifecycle
from patron.accounts.models import (
    Account,
    AccountCompetitor,
    AccountTeamMember,
    Competitor,
    Contact,
    Handoff,
)
from patron.core.audit import record_type_of
from patron.core.errors import Forbidden, NotVisible
from patron.core.models import AuditEvent
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory

# Tuesday 10 March 2026, noon UTC (the company's time zone is UTC unless a test says so).
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
CUSTOMER_SINCE = dt.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def customer(org) -> Account:
    """A customer since 1 June 2025, owned by the rep; the account manager is on its
    team (they see it without owning it)."""
    account = AccountFactory(
        owner=org.rep,
        name="Siam Cement",
        lifecycle=Lifecycle.CUSTOMER,
        customer_since=CUSTOMER_SINCE,
    )
    AccountTeamMemberFactory(
        account=account, user=org.account_manager, role=AccountTeamRole.ACCOUNT_MANAGER
    )
    return account


def snapshot() -> tuple[list[dict], ...]:
    """Every row an account service may write, to prove a refusal changed nothing."""
    return (
        list(Account.objects.order_by("pk").values()),
        list(AccountTeamMember.objects.order_by("pk").values()),
        list(Handoff.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        list(Competitor.objects.order_by("pk").values()),
        list(AccountCompetitor.objects.order_by("pk").values()),
        list(AuditEvent.objects.order_by("pk").values()),
    )


def audit_trail(record) -> list[tuple[str, dict, int | None, str]]:
    """The audit events of `record`, oldest first: (action, changes, actor id, operation)."""
    return list(
        AuditEvent.objects.filter(record_type=record_type_of(record), record_id=record.pk)
        .order_by("pk")
        .values_list("action", "changes", "actor_id", "operation")
    )


def refused(error_type, call, **kwargs):
    """Run `call(**kwargs)`, expect `error_type`, check nothing changed; the error."""
    before = snapshot()
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


# Who may not change the rep's account: the peer team and the rep's teammate do not
# see it; the account manager on its team, service agents and executives see it but
# may not change it.
WRITE_REFUSALS = pytest.mark.parametrize(
    ("persona", "error_type"),
    [
        ("peer_rep", NotVisible),
        ("rep2", NotVisible),
        ("account_manager", Forbidden),
        ("service_agent", Forbidden),
        ("executive", Forbidden),
    ],
)

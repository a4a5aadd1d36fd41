"""Shared planning fixtures: a frozen clock, an account of the persona rep with the
account manager on its team, and its FY2026 plan owned by the rep."""

import datetime as dt

import pytest
import time_machine

from patron.accounts.choices import AccountTeamRole
from patron.accounts.models import Account
from patron.core.errors import Forbidden, NotVisible
from patron.core.models import AuditEvent
from patron.planning.models import (
    AccountPlan,
    AccountPlanAction,
    AccountPlanReview,
    AccountPlanTarget,
    Quota,
)
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory
from tests.factories.planning import AccountPlanFactory

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def account(org) -> Account:
    account = AccountFactory(owner=org.rep, name="Siam Cement")
    AccountTeamMemberFactory(
        account=account, user=org.account_manager, role=AccountTeamRole.ACCOUNT_MANAGER
    )
    return account


@pytest.fixture
def plan(account) -> AccountPlan:
    return AccountPlanFactory(account=account)


def events(record, action: str | None = None) -> list[AuditEvent]:
    found = AuditEvent.objects.for_record(record._meta.label_lower, record.pk).order_by("id")
    return list(found if action is None else found.filter(action=action))


def snapshot() -> tuple[list[dict], ...]:
    """Every row a planning service may write, to prove a refusal changed nothing."""
    return tuple(
        list(model.objects.order_by("pk").values())
        for model in (
            AccountPlan,
            AccountPlanTarget,
            AccountPlanAction,
            AccountPlanReview,
            Quota,
            AuditEvent,
        )
    )


def refused(error_type, call, **kwargs):
    """Run `call(**kwargs)`, expect `error_type`, check nothing changed; the error."""
    before = snapshot()
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


# Who may not work the rep's plan: the peer team, the rep's teammate and service agents
# do not see it; executives read it and change nothing.
PLAN_REFUSALS = pytest.mark.parametrize(
    ("persona", "error_type"),
    [
        ("peer_rep", NotVisible),
        ("rep2", NotVisible),
        ("service_agent", NotVisible),
        ("executive", Forbidden),
    ],
)

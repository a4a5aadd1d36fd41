"""Shared activity fixtures: a frozen clock and an account of the persona rep, with the
account manager on its team, a contact and an open deal."""

import datetime as dt

import pytest
import time_machine

from patron.accounts.choices import AccountTeamRole
from patron.accounts.models import Account, Contact
from patron.activities.models import Activity
from patron.core.errors import Forbidden, NotVisible
from patron.core.models import AuditEvent
from patron.pipeline.models import Opportunity
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory, ContactFactory
from tests.factories.pipeline import OpportunityFactory

# Tuesday 10 March 2026, noon UTC.
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
YESTERDAY = NOW - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def account(org) -> Account:
    """The rep's account; the account manager is on its team (sees it without owning it)."""
    account = AccountFactory(owner=org.rep, name="Siam Cement")
    AccountTeamMemberFactory(
        account=account, user=org.account_manager, role=AccountTeamRole.ACCOUNT_MANAGER
    )
    return account


@pytest.fixture
def contact(account) -> Contact:
    return ContactFactory(account=account, owner=account.owner, first_name="Somchai")


@pytest.fixture
def deal(account) -> Opportunity:
    return OpportunityFactory(account=account, name="Kiln upgrade")


def events(record, action: str | None = None) -> list[AuditEvent]:
    found = AuditEvent.objects.for_record(record._meta.label_lower, record.pk).order_by("id")
    return list(found if action is None else found.filter(action=action))


def snapshot() -> tuple[list[dict], ...]:
    """Every row an activity service may write, to prove a refusal changed nothing."""
    return (
        list(Activity.objects.order_by("pk").values()),
        list(Activity.contacts.through.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        list(AuditEvent.objects.order_by("pk").values()),
    )


def refused(error_type, call, **kwargs):
    """Run `call(**kwargs)`, expect `error_type`, check nothing changed; the error."""
    before = snapshot()
    with pytest.raises(error_type) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


# Who may not change the rep's activity: the peer team and the rep's teammate do not
# see it; the account manager on the account's team sees it (through the account) but
# it is the rep's working record; executives change nothing.
WRITE_REFUSALS = pytest.mark.parametrize(
    ("persona", "error_type"),
    [
        ("peer_rep", NotVisible),
        ("rep2", NotVisible),
        ("service_agent", NotVisible),
        ("account_manager", Forbidden),
        ("executive", Forbidden),
    ],
)

import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.orders.choices import ContractStatus
from patron.orders.services.contracts import activate_contract
from tests.factories.orders import ContractFactory

MARCH_2 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def draft(customer):
    """A draft contract for the calendar year 2026."""
    return ContractFactory(account=customer, status=ContractStatus.DRAFT)


@time_machine.travel(MARCH_2, tick=False)
def test_a_draft_contract_becomes_active(org, draft):
    # when
    activate_contract(actor=org.rep, contract_id=draft.pk, version=1)
    # then
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (ContractStatus.ACTIVE, 2)


@time_machine.travel(dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC), tick=False)
def test_a_contract_may_be_activated_on_its_last_day(org, draft):
    assert activate_contract(actor=org.rep, contract_id=draft.pk, version=1).status == "active"


@time_machine.travel(dt.datetime(2027, 1, 1, 0, 0, tzinfo=dt.UTC), tick=False)
def test_a_contract_that_has_ended_is_not_activated(org, draft):
    with pytest.raises(RuleViolation) as caught:
        activate_contract(actor=org.rep, contract_id=draft.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("end_date", "contract_ended")
    draft.refresh_from_db()
    assert draft.status == ContractStatus.DRAFT


@pytest.mark.parametrize("status", [ContractStatus.ACTIVE, ContractStatus.TERMINATED])
@time_machine.travel(MARCH_2, tick=False)
def test_only_a_draft_is_activated(org, customer, status):
    contract = ContractFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        activate_contract(actor=org.rep, contract_id=contract.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")


@time_machine.travel(MARCH_2, tick=False)
def test_rejects_a_stale_version(org, draft):
    with pytest.raises(StaleVersion):
        activate_contract(actor=org.rep, contract_id=draft.pk, version=2)
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (ContractStatus.DRAFT, 1)


def test_an_executive_may_not_activate(org, draft):
    with pytest.raises(Forbidden):
        activate_contract(actor=org.executive, contract_id=draft.pk, version=1)


@pytest.mark.parametrize("persona", ["peer_rep", "service_agent"])
def test_a_contract_the_actor_cannot_see_looks_absent(org, draft, persona):
    with pytest.raises(NotVisible):
        activate_contract(actor=getattr(org, persona), contract_id=draft.pk, version=1)

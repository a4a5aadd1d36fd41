"""expire_contract and terminate_contract: how a contract stops being in force."""

import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.models import AuditEvent
from patron.orders.choices import ContractStatus
from patron.orders.models import Contract
from patron.orders.services.contracts import expire_contract, terminate_contract
from tests.factories.orders import ContractFactory

JAN_2_2027 = dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC)
MAY_4 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def contract(customer) -> Contract:
    """An active contract for the calendar year 2026."""
    return ContractFactory(account=customer)


def status_of(contract: Contract) -> tuple[str, int]:
    stored = Contract.objects.get(pk=contract.pk)
    return stored.status, stored.version


@time_machine.travel(JAN_2_2027, tick=False)
def test_an_active_contract_past_its_end_expires(org, contract):
    # when
    expire_contract(actor=org.rep, contract_id=contract.pk, version=1)
    # then
    assert status_of(contract) == (ContractStatus.EXPIRED, 2)
    event = AuditEvent.objects.get(record_type="orders.contract", record_id=contract.pk)
    assert (event.action, event.changes) == ("expire", {"status": ["active", "expired"]})


@time_machine.travel(dt.datetime(2026, 12, 31, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_contract_does_not_expire_on_its_last_day(org, contract):
    with pytest.raises(RuleViolation) as caught:
        expire_contract(actor=org.rep, contract_id=contract.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("end_date", "contract_not_ended")
    assert status_of(contract) == (ContractStatus.ACTIVE, 1)
    assert not AuditEvent.objects.exists()


@time_machine.travel(JAN_2_2027, tick=False)
@pytest.mark.parametrize(
    "status", [ContractStatus.DRAFT, ContractStatus.TERMINATED, ContractStatus.EXPIRED]
)
def test_only_an_active_contract_expires(org, customer, status):
    contract = ContractFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        expire_contract(actor=org.rep, contract_id=contract.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    assert status_of(contract) == (status, 1)


@time_machine.travel(MAY_4, tick=False)
@pytest.mark.parametrize("status", [ContractStatus.DRAFT, ContractStatus.ACTIVE])
def test_a_draft_or_active_contract_is_terminated_with_its_reason(org, customer, status):
    # given
    contract = ContractFactory(account=customer, status=status)
    # when
    terminate_contract(
        actor=org.rep, contract_id=contract.pk, version=1, reason="  Customer acquired  "
    )
    # then
    assert status_of(contract) == (ContractStatus.TERMINATED, 2)
    event = AuditEvent.objects.get(record_type="orders.contract", record_id=contract.pk)
    assert event.action == "terminate"
    assert event.changes == {"status": [status, "terminated"], "reason": "Customer acquired"}
    stored = Contract.objects.get(pk=contract.pk)
    assert (stored.start_date, stored.end_date) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.mark.parametrize("status", [ContractStatus.EXPIRED, ContractStatus.RENEWED])
def test_an_ended_contract_is_not_terminated(org, customer, status):
    contract = ContractFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        terminate_contract(actor=org.rep, contract_id=contract.pk, version=1, reason="x")
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")


@pytest.mark.parametrize(("reason", "code"), [("  ", "required"), ("x" * 2001, "too_long")])
def test_a_termination_needs_a_reason(org, contract, reason, code):
    with pytest.raises(RuleViolation) as caught:
        terminate_contract(actor=org.rep, contract_id=contract.pk, version=1, reason=reason)
    assert (caught.value.field, caught.value.code) == ("reason", code)
    assert status_of(contract) == (ContractStatus.ACTIVE, 1)


@time_machine.travel(JAN_2_2027, tick=False)
def test_refuses_a_stale_version(org, contract):
    with pytest.raises(StaleVersion):
        expire_contract(actor=org.rep, contract_id=contract.pk, version=2)
    with pytest.raises(StaleVersion):
        terminate_contract(actor=org.rep, contract_id=contract.pk, version=2, reason="x")
    assert status_of(contract) == (ContractStatus.ACTIVE, 1)


@time_machine.travel(JAN_2_2027, tick=False)
@pytest.mark.parametrize(
    ("persona", "error"),
    [("peer_rep", NotVisible), ("service_agent", NotVisible), ("executive", Forbidden)],
)
def test_who_may_not_end_a_contract(org, contract, persona, error):
    actor = getattr(org, persona)
    with pytest.raises(error):
        expire_contract(actor=actor, contract_id=contract.pk, version=1)
    with pytest.raises(error):
        terminate_contract(actor=actor, contract_id=contract.pk, version=1, reason="x")
    assert status_of(contract) == (ContractStatus.ACTIVE, 1)

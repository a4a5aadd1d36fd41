"""update_contract: a draft or active contract's term, values and renewal."""

import datetime as dt
from decimal import Decimal

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.models import AuditEvent
from patron.core.money import Money
from patron.orders.choices import ContractStatus, OrderStatus
from patron.orders.models import Contract
from patron.orders.services.contracts import update_contract
from tests.factories.orders import ContractFactory, SalesOrderFactory


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


@pytest.fixture
def contract(customer) -> Contract:
    """An active USD contract for the calendar year 2026, 12,000.00 a year."""
    return ContractFactory(account=customer)


def unchanged(contract: Contract) -> None:
    stored = Contract.objects.get(pk=contract.pk)
    assert (stored.version, stored.end_date, stored.total_value_minor) == (
        1,
        dt.date(2026, 12, 31),
        1_200_000,
    )


def test_the_owner_changes_the_term_values_and_renewal(org, contract):
    # when
    update_contract(
        actor=org.rep,
        contract_id=contract.pk,
        version=1,
        end_date=dt.date(2027, 12, 31),
        total_value=usd("24000.00"),
        annual_value=usd("12000.50"),
        auto_renew=True,
    )
    # then
    contract.refresh_from_db()
    assert (contract.end_date, contract.auto_renew, contract.version) == (
        dt.date(2027, 12, 31),
        True,
        2,
    )
    assert (contract.total_value_minor, contract.annual_value_minor) == (2_400_000, 1_200_050)
    assert contract.total_value_base_minor == 2_400_000


def test_the_change_is_audited_old_to_new(org, contract):
    # when
    update_contract(
        actor=org.manager, contract_id=contract.pk, version=1, end_date=dt.date(2027, 6, 30)
    )
    # then
    event = AuditEvent.objects.get(record_type="orders.contract", record_id=contract.pk)
    assert (event.action, event.actor, event.operation) == (
        "update",
        org.manager,
        "update_contract",
    )
    assert event.changes == {"end_date": ["2026-12-31", "2027-06-30"]}


def test_a_new_start_converts_the_total_at_that_days_rate(org, customer, thb_rates):
    # given: 100,000.00 THB from 1 January (0.0280) → 1 March (0.0285)
    contract = ContractFactory(
        account=customer,
        currency="THB",
        total_value_minor=10_000_000,
        total_value_base_minor=280_000,
    )
    # when
    update_contract(
        actor=org.rep, contract_id=contract.pk, version=1, start_date=dt.date(2026, 3, 1)
    )
    # then
    contract.refresh_from_db()
    assert (contract.start_date, contract.total_value_base_minor) == (dt.date(2026, 3, 1), 285_000)
    assert contract.number.startswith("CT-TEST-")


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"end_date": dt.date(2026, 1, 1)}, "end_date", "ends_before_start"),
        ({"start_date": dt.date(2027, 1, 1)}, "end_date", "ends_before_start"),
        ({"total_value": Money(Decimal("1.00"), "EUR")}, "total_value", "wrong_currency"),
        ({"annual_value": usd("-0.01")}, "annual_value", "negative_amount"),
        ({"annual_value": usd("0.001")}, "annual_value", "too_precise"),
        ({"total_value": usd("10000000000000.01")}, "total_value", "amount_too_large"),
    ],
)
def test_refuses_bad_terms(org, contract, kwargs, field, code):
    with pytest.raises(RuleViolation) as caught:
        update_contract(actor=org.rep, contract_id=contract.pk, version=1, **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)
    unchanged(contract)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"end_date": dt.date(2026, 6, 30)}, "end_date"),
        ({"start_date": dt.date(2026, 8, 1)}, "start_date"),
    ],
)
def test_orders_placed_under_it_must_stay_within_the_term(org, contract, kwargs, field):
    # given: an order of 15 July under the contract
    SalesOrderFactory(account=contract.account, contract=contract, order_date=dt.date(2026, 7, 15))
    # when
    with pytest.raises(RuleViolation) as caught:
        update_contract(actor=org.rep, contract_id=contract.pk, version=1, **kwargs)
    # then
    assert (caught.value.field, caught.value.code) == (field, "outside_contract")
    unchanged(contract)


def test_a_cancelled_order_does_not_hold_the_term(org, contract):
    SalesOrderFactory(
        account=contract.account,
        contract=contract,
        order_date=dt.date(2026, 7, 15),
        status=OrderStatus.CANCELLED,
        cancelled_at=dt.datetime(2026, 7, 16, tzinfo=dt.UTC),
    )
    update_contract(
        actor=org.rep, contract_id=contract.pk, version=1, end_date=dt.date(2026, 6, 30)
    )
    assert Contract.objects.get(pk=contract.pk).end_date == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    "status", [ContractStatus.EXPIRED, ContractStatus.RENEWED, ContractStatus.TERMINATED]
)
def test_an_ended_contract_stays_as_it_ended(org, customer, status):
    contract = ContractFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        update_contract(actor=org.rep, contract_id=contract.pk, version=1, auto_renew=True)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    assert not Contract.objects.get(pk=contract.pk).auto_renew


def test_refuses_a_stale_version(org, contract):
    with pytest.raises(StaleVersion):
        update_contract(actor=org.rep, contract_id=contract.pk, version=0, auto_renew=True)
    unchanged(contract)


@pytest.mark.parametrize("persona", ["peer_rep", "peer_manager", "service_agent"])
def test_a_contract_the_actor_cannot_see_looks_absent(org, contract, persona):
    with pytest.raises(NotVisible):
        update_contract(
            actor=getattr(org, persona), contract_id=contract.pk, version=1, auto_renew=True
        )
    unchanged(contract)


def test_an_executive_changes_no_contract(org, contract):
    with pytest.raises(Forbidden):
        update_contract(actor=org.executive, contract_id=contract.pk, version=1, auto_renew=True)
    unchanged(contract)


@pytest.mark.parametrize("persona", ["manager", "director", "sales_ops", "admin"])
def test_those_above_the_owner_and_sales_ops_may_change_it(org, contract, persona):
    update_contract(
        actor=getattr(org, persona), contract_id=contract.pk, version=1, auto_renew=True
    )
    assert Contract.objects.get(pk=contract.pk).auto_renew

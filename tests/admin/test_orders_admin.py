"""The orders admin writes contracts through the contract services and shows orders,
invoices and payments without writing them."""

from __future__ import annotations

import datetime as dt

import pytest

from patron.core.models import AuditEvent
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url
from tests.factories.accounts import AccountFactory
from tests.factories.orders import ContractFactory, SalesOrderFactory


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


@pytest.fixture
def contract(org) -> Contract:
    """An active USD contract for 2026 on a customer of the rep."""
    return ContractFactory(account=AccountFactory(owner=org.rep))


def change_data(contract: Contract, **fields: str) -> dict[str, str]:
    return {
        "end_date": contract.end_date.isoformat(),
        "total_value": "12000.00",
        "annual_value": "12000.00",
        "auto_renew": "",
        "expected_version": str(contract.version),
        **fields,
    }


def test_sales_ops_record_a_contract_through_the_service(client_for, ops, org):
    # given
    account = AccountFactory(owner=org.rep)
    # when
    response = client_for(ops).post(
        admin_url(Contract, "add"),
        {
            "account": account.pk,
            "owner": org.rep.pk,
            "start_date": "2026-03-01",
            "end_date": "2029-02-28",
            "currency": "USD",
            "total_value": "36000.00",
            "annual_value": "12000.00",
            "auto_renew": "on",
        },
    )
    # then
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert (contract.number, contract.status, contract.owner, contract.created_by) == (
        "CT-2026-000001",
        "draft",
        org.rep,
        ops,
    )
    assert (contract.total_value_minor, contract.annual_value_minor, contract.auto_renew) == (
        3_600_000,
        1_200_000,
        True,
    )
    event = AuditEvent.objects.get(record_type="orders.contract", record_id=contract.pk)
    assert (event.source, event.operation, event.actor) == ("admin", "create_contract", ops)


def test_sales_ops_change_a_contracts_term_and_values(client_for, ops, contract):
    # when
    response = client_for(ops).post(
        admin_url(Contract, "change", contract.pk),
        change_data(contract, end_date="2027-12-31", total_value="24000.00", auto_renew="on"),
    )
    # then
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.end_date, contract.total_value_minor, contract.auto_renew) == (
        dt.date(2027, 12, 31),
        2_400_000,
        True,
    )
    assert contract.version == 2
    event = AuditEvent.objects.get(record_type="orders.contract", record_id=contract.pk)
    assert (event.source, event.action) == ("admin", "update")
    assert event.changes["total_value_minor"] == [1_200_000, 2_400_000]


def test_a_contract_ending_before_it_starts_is_refused_on_the_field(client_for, ops, contract):
    # when
    response = client_for(ops).post(
        admin_url(Contract, "change", contract.pk), change_data(contract, end_date="2025-12-31")
    )
    # then
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["end_date"] == ["A contract ends after it starts."]
    contract.refresh_from_db()
    assert (contract.end_date, contract.version) == (dt.date(2026, 12, 31), 1)
    assert not AuditEvent.objects.exists()


def test_orders_invoices_payments_and_lines_are_not_written_here(client_for, ops, org):
    # given
    order = SalesOrderFactory(account=AccountFactory(owner=org.rep))
    client = client_for(ops)
    # when / then
    for model in (SalesOrder, Invoice, Payment, OrderLine):
        assert client.get(admin_url(model, "add")).status_code == 403
    assert client.get(admin_url(SalesOrder, "change", order.pk)).status_code == 200
    assert client.post(admin_url(SalesOrder, "change", order.pk), {}).status_code == 403
    assert (
        client.post(admin_url(SalesOrder, "delete", order.pk), {"post": "yes"}).status_code == 403
    )
    assert SalesOrder.objects.get(pk=order.pk).version == 1

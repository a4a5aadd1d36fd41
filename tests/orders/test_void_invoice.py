import datetime as dt
from decimal import Decimal

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.money import Money
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.models import Invoice
from patron.orders.services.invoices import issue_invoice, record_payment, void_invoice
from tests.factories.orders import SalesOrderFactory

APRIL_1 = dt.date(2026, 4, 1)


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


@pytest.fixture
def order(customer):
    return SalesOrderFactory(account=customer, total_minor=100_000)


def test_an_unpaid_invoice_is_voided_and_its_order_is_confirmed_again(org, order):
    # given
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    # when
    void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)
    # then: the number is kept, the order is no longer fully invoiced
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number, invoice.version) == (
        InvoiceStatus.VOID,
        "INV-2026-000001",
        2,
    )
    order.refresh_from_db()
    assert (order.status, order.version) == (OrderStatus.CONFIRMED, 3)


def test_a_fulfilled_order_goes_back_to_fulfilled(org, customer):
    # given
    order = SalesOrderFactory(
        account=customer,
        status=OrderStatus.FULFILLED,
        fulfilled_at=dt.datetime(2026, 3, 20, tzinfo=dt.UTC),
    )
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    # when
    void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)
    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED


def test_voiding_a_partial_invoice_leaves_the_order_as_it_was(org, order):
    # given
    part = issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, amount=usd("100.00"), issue_date=APRIL_1
    )
    # when
    void_invoice(actor=org.rep, invoice_id=part.pk, version=1)
    # then
    order.refresh_from_db()
    assert (order.status, order.version) == (OrderStatus.CONFIRMED, 2)


def test_a_draft_invoice_may_be_voided(org, order):
    # given: a draft (say, imported from the old billing system)
    draft = Invoice.objects.create(
        order=order, account=order.account, currency="USD", total_minor=100_000
    )
    # when
    void_invoice(actor=org.rep, invoice_id=draft.pk, version=1)
    # then
    draft.refresh_from_db()
    assert (draft.status, draft.number) == (InvoiceStatus.VOID, None)


def test_an_invoice_with_a_payment_is_not_voided(org, order):
    # given
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("1.00"), paid_on=APRIL_1)
    # when
    with pytest.raises(RuleViolation) as caught:
        void_invoice(actor=org.rep, invoice_id=invoice.pk, version=2)
    # then
    assert (caught.value.field, caught.value.code) == ("status", "has_payments")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID


def test_a_void_invoice_is_not_voided_again(org, order):
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)
    with pytest.raises(RuleViolation) as caught:
        void_invoice(actor=org.rep, invoice_id=invoice.pk, version=2)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")


def test_rejects_a_stale_version_of_the_invoice(org, order):
    # given: a payment moved the invoice to version 2 after the caller read version 1
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("1.00"), paid_on=APRIL_1)
    # when / then
    with pytest.raises(StaleVersion):
        void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)


def test_an_executive_may_not_void(org, order):
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    with pytest.raises(Forbidden):
        void_invoice(actor=org.executive, invoice_id=invoice.pk, version=1)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED


def test_a_peer_cannot_see_the_invoice(org, order):
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    with pytest.raises(NotVisible):
        void_invoice(actor=org.peer_rep, invoice_id=invoice.pk, version=1)

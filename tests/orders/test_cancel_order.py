import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.money import Money
from patron.orders.choices import OrderStatus
from patron.orders.services.invoices import issue_invoice, void_invoice
from patron.orders.services.orders import cancel_order
from tests.factories.orders import SalesOrderFactory

NOON = dt.datetime(2026, 3, 6, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "status", [OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.FULFILLED]
)
@time_machine.travel(NOON, tick=False)
def test_an_order_not_yet_invoiced_is_cancelled_with_its_reason(org, customer, status):
    # given
    order = SalesOrderFactory(account=customer, status=status)
    # when
    cancel_order(actor=org.rep, order_id=order.pk, version=1, reason="  Customer went bust ")
    # then
    order.refresh_from_db()
    assert (order.status, order.cancelled_at, order.cancel_reason, order.version) == (
        OrderStatus.CANCELLED,
        NOON,
        "Customer went bust",
        2,
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(org, customer, reason):
    order = SalesOrderFactory(account=customer)
    with pytest.raises(RuleViolation) as caught:
        cancel_order(actor=org.rep, order_id=order.pk, version=1, reason=reason)
    assert (caught.value.field, caught.value.code) == ("reason", "required")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_an_order_with_an_issued_invoice_is_not_cancelled(org, customer):
    # given: a partial invoice leaves the order confirmed
    order = SalesOrderFactory(account=customer)
    issue_invoice(
        actor=org.rep,
        order_id=order.pk,
        version=1,
        amount=Money(Decimal("100.00"), "USD"),
        issue_date=dt.date(2026, 3, 2),
    )
    # when
    with pytest.raises(RuleViolation) as caught:
        cancel_order(actor=org.rep, order_id=order.pk, version=2, reason="Changed mind")
    # then
    assert (caught.value.field, caught.value.code) == ("status", "has_invoices")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_an_order_whose_invoices_are_all_void_may_be_cancelled(org, customer):
    # given
    order = SalesOrderFactory(account=customer)
    invoice = issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, issue_date=dt.date(2026, 3, 2)
    )
    void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)
    # when
    cancelled = cancel_order(actor=org.rep, order_id=order.pk, version=3, reason="Duplicate")
    # then
    assert cancelled.status == OrderStatus.CANCELLED


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        (OrderStatus.INVOICED, {}),
        (OrderStatus.PAID, {"paid_on": dt.date(2026, 4, 1)}),
        (OrderStatus.CANCELLED, {"cancelled_at": NOON, "cancel_reason": "Duplicate"}),
    ],
)
def test_an_invoiced_paid_or_cancelled_order_is_not_cancelled(org, customer, status, extra):
    order = SalesOrderFactory(account=customer, status=status, **extra)
    with pytest.raises(RuleViolation) as caught:
        cancel_order(actor=org.rep, order_id=order.pk, version=1, reason="Duplicate")
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")


def test_rejects_a_stale_version(org, customer):
    order = SalesOrderFactory(account=customer)
    with pytest.raises(StaleVersion):
        cancel_order(actor=org.rep, order_id=order.pk, version=3, reason="Duplicate")
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED


def test_an_executive_may_not_cancel(org, customer):
    order = SalesOrderFactory(account=customer)
    with pytest.raises(Forbidden):
        cancel_order(actor=org.executive, order_id=order.pk, version=1, reason="Duplicate")


def test_a_peer_cannot_see_the_order(org, customer):
    order = SalesOrderFactory(account=customer)
    with pytest.raises(NotVisible):
        cancel_order(actor=org.peer_manager, order_id=order.pk, version=1, reason="Duplicate")

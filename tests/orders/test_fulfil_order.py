import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.orders.choices import OrderStatus
from patron.orders.services.orders import fulfil_order
from tests.factories.orders import SalesOrderFactory

NOON = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def confirmed(customer):
    return SalesOrderFactory(account=customer, status=OrderStatus.CONFIRMED)


@time_machine.travel(NOON, tick=False)
def test_a_confirmed_order_becomes_fulfilled(org, confirmed):
    # when
    fulfil_order(actor=org.rep, order_id=confirmed.pk, version=1)
    # then
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.fulfilled_at, confirmed.version) == (
        OrderStatus.FULFILLED,
        NOON,
        2,
    )


@pytest.mark.parametrize("status", [OrderStatus.DRAFT, OrderStatus.CANCELLED])
def test_a_draft_or_cancelled_order_is_not_fulfilled(org, customer, status):
    cancelled_at = NOON if status == OrderStatus.CANCELLED else None
    order = SalesOrderFactory(account=customer, status=status, cancelled_at=cancelled_at)
    with pytest.raises(RuleViolation) as caught:
        fulfil_order(actor=org.rep, order_id=order.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    order.refresh_from_db()
    assert (order.status, order.fulfilled_at) == (status, None)


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("status", [OrderStatus.INVOICED, OrderStatus.PAID])
def test_an_order_billed_before_delivery_keeps_its_status_and_gets_its_delivery_time(
    org, customer, status
):
    # given: prepaid — invoiced (or already paid) before delivery
    paid_on = dt.date(2026, 3, 1) if status == OrderStatus.PAID else None
    order = SalesOrderFactory(account=customer, status=status, paid_on=paid_on)
    # when
    fulfil_order(actor=org.rep, order_id=order.pk, version=1)
    # then
    order.refresh_from_db()
    assert (order.status, order.fulfilled_at, order.version) == (status, NOON, 2)


@pytest.mark.parametrize("status", [OrderStatus.FULFILLED, OrderStatus.INVOICED])
def test_an_order_already_delivered_is_not_fulfilled_again(org, customer, status):
    order = SalesOrderFactory(account=customer, status=status, fulfilled_at=NOON)
    with pytest.raises(RuleViolation) as caught:
        fulfil_order(actor=org.rep, order_id=order.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    order.refresh_from_db()
    assert (order.status, order.fulfilled_at, order.version) == (status, NOON, 1)


def test_rejects_a_stale_version(org, confirmed):
    with pytest.raises(StaleVersion):
        fulfil_order(actor=org.rep, order_id=confirmed.pk, version=2)
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.version) == (OrderStatus.CONFIRMED, 1)


def test_an_executive_may_not_fulfil(org, confirmed):
    with pytest.raises(Forbidden):
        fulfil_order(actor=org.executive, order_id=confirmed.pk, version=1)


def test_a_peer_rep_cannot_see_the_order(org, confirmed):
    with pytest.raises(NotVisible):
        fulfil_order(actor=org.peer_rep, order_id=confirmed.pk, version=1)

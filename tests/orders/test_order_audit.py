"""The audit trail of order to cash: one event per record each operation writes, with
its action and what changed, old → new."""

import datetime as dt
from decimal import Decimal

import pytest

from patron.catalog.pricing import LineInput
from patron.core.errors import RuleViolation
from patron.core.models import AuditEvent
from patron.core.money import Money
from patron.orders.services.invoices import issue_invoice, record_payment, void_invoice
from patron.orders.services.orders import cancel_order, confirm_order, create_order, fulfil_order
from tests.factories.orders import SalesOrderFactory

APRIL_1 = dt.date(2026, 4, 1)


def events(record_type: str, record_id: int) -> list[tuple[str, dict]]:
    return [
        (event.action, event.changes)
        for event in AuditEvent.objects.filter(
            record_type=record_type, record_id=record_id
        ).order_by("pk")
    ]


def test_a_new_order_and_each_of_its_lines_are_recorded(org, customer, licence, training):
    # when
    order = create_order(
        actor=org.rep,
        account_id=customer.pk,
        currency="USD",
        lines=[
            LineInput(product_id=licence.pk, quantity=2),
            LineInput(product_id=training.pk, discount_percent=Decimal("10")),
        ],
        order_date=dt.date(2026, 3, 2),
    )
    # then
    [(action, changes)] = events("orders.salesorder", order.pk)
    assert action == "create"
    assert changes["total_minor"] == [None, 222_500]
    assert changes["status"] == [None, "draft"]
    lines = list(order.lines.order_by("pk"))
    assert [events("orders.orderline", line.pk)[0][1]["total_minor"] for line in lines] == [
        [None, 200_000],
        [None, 22_500],
    ]
    assert {event.operation for event in AuditEvent.objects.all()} == {"create_order"}


def test_each_status_move_is_recorded_by_its_verb(org, customer):
    # given
    order = SalesOrderFactory(account=customer, status="draft", confirmed_at=None)
    # when
    confirm_order(actor=org.rep, order_id=order.pk, version=1)
    fulfil_order(actor=org.rep, order_id=order.pk, version=2)
    cancel_order(actor=org.rep, order_id=order.pk, version=3, reason="Duplicate")
    # then
    recorded = events("orders.salesorder", order.pk)
    assert [action for action, _ in recorded] == ["confirm", "fulfil", "cancel"]
    assert recorded[0][1]["status"] == ["draft", "confirmed"]
    assert recorded[2][1]["cancel_reason"] == ["", "Duplicate"]


def test_issuing_paying_and_voiding_record_the_invoice_and_the_order(org, customer):
    # given: an order of 1,000.00 billed in two invoices
    order = SalesOrderFactory(account=customer, total_minor=100_000)
    first = issue_invoice(
        actor=org.rep,
        order_id=order.pk,
        version=1,
        issue_date=APRIL_1,
        amount=Money(Decimal("400.00"), "USD"),
    )
    second = issue_invoice(actor=org.rep, order_id=order.pk, version=2, issue_date=APRIL_1)
    # when
    payment = record_payment(
        actor=org.rep, invoice_id=first.pk, amount=Money(Decimal("400.00"), "USD"), paid_on=APRIL_1
    )
    void_invoice(actor=org.rep, invoice_id=second.pk, version=1)
    # then
    assert events("orders.invoice", first.pk) == [
        ("issue", events("orders.invoice", first.pk)[0][1]),
        (
            "pay",
            {
                "paid_minor": [0, 40_000],
                "status": ["issued", "paid"],
                "paid_on": [None, "2026-04-01"],
                "payment": payment.pk,
            },
        ),
    ]
    assert [action for action, _ in events("orders.invoice", second.pk)] == ["issue", "void"]
    assert events("orders.payment", payment.pk)[0][1]["amount_minor"] == [None, 40_000]
    order_events = events("orders.salesorder", order.pk)
    assert [action for action, _ in order_events] == ["issue", "issue", "void"]
    assert order_events[0][1] == {"invoice": first.pk}
    assert order_events[1][1] == {"status": ["confirmed", "invoiced"], "invoice": second.pk}
    assert order_events[2][1] == {"status": ["invoiced", "confirmed"], "invoice": second.pk}


def test_a_refused_operation_leaves_no_event(org, customer):
    order = SalesOrderFactory(account=customer)
    with pytest.raises(RuleViolation):
        cancel_order(actor=org.rep, order_id=order.pk, version=1, reason=" ")
    assert not AuditEvent.objects.exists()

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.money import Money
from patron.orders.choices import InvoiceStatus, OrderStatus, PaymentMethod
from patron.orders.models import Invoice, Payment
from patron.orders.services.invoices import issue_invoice, record_payment, void_invoice
from tests.factories.orders import SalesOrderFactory

APRIL_1 = dt.date(2026, 4, 1)


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


@pytest.fixture
def order(customer):
    """A confirmed order of 1,000.00 USD."""
    return SalesOrderFactory(account=customer, total_minor=100_000)


@pytest.fixture
def invoice(org, order):
    """The order's one invoice of 1,000.00 USD, issued on 1 April 2026."""
    return issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)


def test_a_partial_then_a_full_payment_marks_the_invoice_paid_exactly_at_full(org, order, invoice):
    # when
    first = record_payment(
        actor=org.rep, invoice_id=invoice.pk, amount=usd("300.00"), paid_on=dt.date(2026, 4, 10)
    )
    # then
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_minor, invoice.paid_on) == (
        InvoiceStatus.PARTIALLY_PAID,
        30_000,
        None,
    )
    order.refresh_from_db()
    assert (order.status, order.paid_on) == (OrderStatus.INVOICED, None)
    # when
    second = record_payment(
        actor=org.rep,
        invoice_id=invoice.pk,
        amount=usd("700.00"),
        paid_on=dt.date(2026, 4, 20),
        method=PaymentMethod.CARD,
        reference="4242",
    )
    # then
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_minor, invoice.paid_on) == (
        InvoiceStatus.PAID,
        100_000,
        dt.date(2026, 4, 20),
    )
    order.refresh_from_db()
    assert (order.status, order.paid_on) == (OrderStatus.PAID, dt.date(2026, 4, 20))
    assert [(p.amount_minor, p.paid_on, p.method) for p in (first, second)] == [
        (30_000, dt.date(2026, 4, 10), PaymentMethod.BANK_TRANSFER),
        (70_000, dt.date(2026, 4, 20), PaymentMethod.CARD),
    ]
    assert (second.reference, second.created_by) == ("4242", org.rep)


def test_a_late_entered_earlier_payment_does_not_move_the_paid_date_back(org, order, invoice):
    # given
    record_payment(
        actor=org.rep, invoice_id=invoice.pk, amount=usd("300.00"), paid_on=dt.date(2026, 4, 20)
    )
    # when: a cheque received on 10 April is entered last
    record_payment(
        actor=org.rep, invoice_id=invoice.pk, amount=usd("700.00"), paid_on=dt.date(2026, 4, 10)
    )
    # then: fully paid only once both had arrived
    invoice.refresh_from_db()
    order.refresh_from_db()
    assert (invoice.status, invoice.paid_on) == (InvoiceStatus.PAID, dt.date(2026, 4, 20))
    assert (order.status, order.paid_on) == (OrderStatus.PAID, dt.date(2026, 4, 20))


def test_each_payment_moves_the_invoice_version(org, invoice):
    record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("1.00"), paid_on=APRIL_1)
    invoice.refresh_from_db()
    assert invoice.version == 2


def test_an_over_payment_is_refused_and_changes_nothing(org, order, invoice):
    # given
    record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("300.00"), paid_on=APRIL_1)
    # when
    with pytest.raises(RuleViolation) as caught:
        record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("700.01"), paid_on=APRIL_1)
    # then
    assert (caught.value.field, caught.value.code) == ("amount", "exceeds_balance")
    assert "700.00 USD" in caught.value.message
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_minor, invoice.version) == (
        InvoiceStatus.PARTIALLY_PAID,
        30_000,
        2,
    )
    assert Payment.objects.count() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED


def test_a_payment_is_kept_in_the_base_currency_at_its_date(org, customer, thb_rates):
    # given: a 1,000.00 THB invoice issued on 27 February
    order = SalesOrderFactory(
        account=customer, currency="THB", order_date=dt.date(2026, 2, 27), total_minor=100_000
    )
    invoice = issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, issue_date=dt.date(2026, 2, 27)
    )
    # when: half paid in February (0.0280), half in March (0.0285)
    february = record_payment(
        actor=org.rep,
        invoice_id=invoice.pk,
        amount=Money(Decimal("500.00"), "THB"),
        paid_on=dt.date(2026, 2, 28),
    )
    march = record_payment(
        actor=org.rep,
        invoice_id=invoice.pk,
        amount=Money(Decimal("500.00"), "THB"),
        paid_on=dt.date(2026, 3, 1),
    )
    # then: 50,000 × 0.0280 = 1,400; 50,000 × 0.0285 = 1,425 US cents
    assert (february.amount_base_minor, march.amount_base_minor) == (1_400, 1_425)


def test_an_order_is_paid_when_its_last_invoice_is_paid_on_the_latest_date(org, order):
    # given: the order billed in two invoices
    first = issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, amount=usd("600.00"), issue_date=APRIL_1
    )
    second = issue_invoice(actor=org.rep, order_id=order.pk, version=2, issue_date=APRIL_1)
    # when: the second is paid first, but with a later date
    record_payment(
        actor=org.rep, invoice_id=second.pk, amount=usd("400.00"), paid_on=dt.date(2026, 4, 25)
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED
    record_payment(
        actor=org.rep, invoice_id=first.pk, amount=usd("600.00"), paid_on=dt.date(2026, 4, 15)
    )
    # then
    order.refresh_from_db()
    assert (order.status, order.paid_on) == (OrderStatus.PAID, dt.date(2026, 4, 25))


def test_an_order_not_fully_invoiced_stays_unpaid_when_its_invoice_is_paid(org, order):
    # given
    part = issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, amount=usd("250.00"), issue_date=APRIL_1
    )
    # when
    record_payment(actor=org.rep, invoice_id=part.pk, amount=usd("250.00"), paid_on=APRIL_1)
    # then
    part.refresh_from_db()
    order.refresh_from_db()
    assert (part.status, order.status, order.paid_on) == ("paid", OrderStatus.CONFIRMED, None)


def test_a_paid_invoice_takes_no_more_payments(org, invoice):
    record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("1000.00"), paid_on=APRIL_1)
    with pytest.raises(RuleViolation) as caught:
        record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("0.01"), paid_on=APRIL_1)
    assert (caught.value.field, caught.value.code) == ("status", "not_payable")
    assert Payment.objects.count() == 1


def test_a_void_invoice_takes_no_payments(org, invoice):
    void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)
    with pytest.raises(RuleViolation) as caught:
        record_payment(actor=org.rep, invoice_id=invoice.pk, amount=usd("1.00"), paid_on=APRIL_1)
    assert caught.value.code == "not_payable"
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"amount": usd("0.00")}, "amount", "amount_not_positive"),
        ({"amount": usd("-1.00")}, "amount", "negative_amount"),
        ({"amount": usd("0.001")}, "amount", "too_precise"),
        ({"amount": Money(Decimal("1.00"), "THB")}, "amount", "wrong_currency"),
        ({"paid_on": dt.date(2026, 3, 31)}, "paid_on", "before_issue_date"),
        ({"method": "barter"}, "method", "unknown_choice"),
        ({"reference": "x" * 121}, "reference", "too_long"),
    ],
)
def test_refuses_a_bad_payment(org, invoice, kwargs, field, code):
    arguments = {"amount": usd("10.00"), "paid_on": APRIL_1, **kwargs}
    with pytest.raises(RuleViolation) as caught:
        record_payment(actor=org.rep, invoice_id=invoice.pk, **arguments)
    assert (caught.value.field, caught.value.code) == (field, code)
    invoice.refresh_from_db()
    assert (invoice.paid_minor, invoice.status, invoice.version) == (0, "issued", 1)
    assert not Payment.objects.exists()


def test_refuses_a_payment_dated_in_a_currency_without_a_rate(org, customer, company):
    order = SalesOrderFactory(account=customer, currency="EUR", total_minor=10_000)
    invoice = Invoice.objects.create(
        order=order,
        account=customer,
        number="INV-IMPORTED-1",
        status=InvoiceStatus.ISSUED,
        issue_date=APRIL_1,
        due_date=APRIL_1,
        currency="EUR",
        total_minor=10_000,
    )
    with pytest.raises(RuleViolation) as caught:
        record_payment(
            actor=org.rep,
            invoice_id=invoice.pk,
            amount=Money(Decimal("1.00"), "EUR"),
            paid_on=APRIL_1,
        )
    assert (caught.value.field, caught.value.code) == ("paid_on", "no_exchange_rate")
    invoice.refresh_from_db()
    assert invoice.paid_minor == 0


def test_an_executive_may_not_record_a_payment(org, invoice):
    with pytest.raises(Forbidden):
        record_payment(
            actor=org.executive, invoice_id=invoice.pk, amount=usd("1.00"), paid_on=APRIL_1
        )
    assert not Payment.objects.exists()


def test_sales_ops_records_payments_on_any_invoice(org, invoice):
    payment = record_payment(
        actor=org.sales_ops, invoice_id=invoice.pk, amount=usd("1.00"), paid_on=APRIL_1
    )
    assert payment.created_by == org.sales_ops


@pytest.mark.parametrize("persona", ["peer_rep", "service_agent"])
def test_an_invoice_the_actor_cannot_see_looks_absent(org, invoice, persona):
    with pytest.raises(NotVisible):
        record_payment(
            actor=getattr(org, persona), invoice_id=invoice.pk, amount=usd("1.00"), paid_on=APRIL_1
        )


def test_the_database_refuses_an_overpaid_invoice_as_a_last_guard(invoice):
    # when: bypassing the service
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(paid_minor=F("total_minor") + 1)
    # then
    invoice.refresh_from_db()
    assert invoice.paid_minor == 0

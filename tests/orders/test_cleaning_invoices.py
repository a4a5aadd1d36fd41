"""The clean steps of issuing an invoice and recording a payment: exact amounts, every
wrong field at once, no query per row, a context whose cost does not grow with the
batch, the same refusal as the service — and the writer's re-check of what a batch
of rows on one invoice adds up to."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.money import Money
from patron.orders.choices import InvoiceStatus, OrderStatus, PaymentMethod
from patron.orders.cleaning.invoices import (
    InvoiceInput,
    PaymentInput,
    clean_invoice,
    clean_payment,
    invoice_context,
    payment_context,
)
from patron.orders.models import Payment
from patron.orders.services.invoices import issue_invoice, record_payment
from tests.factories.orders import SalesOrderFactory

FEBRUARY_27 = dt.date(2026, 2, 27)
MARCH_2 = dt.date(2026, 3, 2)
APRIL_1 = dt.date(2026, 4, 1)


def money(text: str, currency: str = "USD") -> Money:
    return Money(Decimal(text), currency)


def invoice_context_for(actor, rows):
    return invoice_context(actor, order_ids=[row.order_id for row in rows])


def payment_context_for(actor, rows):
    return payment_context(actor, invoice_ids=[row.invoice_id for row in rows])


def codes(cleaned) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in cleaned.errors]


@pytest.fixture
def thb_order(customer, thb_rates):
    """1,000.00 THB ordered on 27 February 2026, 400.00 THB of it already invoiced."""
    order = SalesOrderFactory(
        account=customer,
        currency="THB",
        order_date=FEBRUARY_27,
        total_minor=100_000,
        total_base_minor=2_800,
    )
    issue_invoice(
        actor=customer.owner,
        order_id=order.pk,
        version=1,
        amount=money("400.00", "THB"),
        issue_date=FEBRUARY_27,
    )
    order.refresh_from_db()
    return order


@pytest.fixture
def thb_invoice(org, customer, thb_rates):
    """A 1,000.00 THB invoice issued on 27 February 2026, 300.00 THB of it paid."""
    order = SalesOrderFactory(
        account=customer, currency="THB", order_date=FEBRUARY_27, total_minor=100_000
    )
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=FEBRUARY_27)
    record_payment(
        actor=org.rep,
        invoice_id=invoice.pk,
        amount=money("300.00", "THB"),
        paid_on=FEBRUARY_27,
    )
    invoice.refresh_from_db()
    return invoice


# Invoices


def test_a_valid_invoice_bills_the_rest_at_the_issue_date_s_rate(org, thb_order):
    # given
    row = InvoiceInput(order_id=thb_order.pk, issue_date=MARCH_2, payment_terms_days=45)
    # when
    cleaned = clean_invoice(row, invoice_context_for(org.rep, [row]))
    # then: 600.00 THB left, at 0.0285 from 1 March = 17.10 USD
    assert cleaned.errors == []
    values = cleaned.values
    assert values.order == thb_order
    assert (values.issue_date, values.due_date) == (MARCH_2, dt.date(2026, 4, 16))
    assert (values.currency, values.total_minor, values.total_base_minor) == ("THB", 60_000, 1_710)
    assert values.completes_order is True


def test_the_cleaned_invoice_is_what_the_service_writes(org, thb_order):
    # given
    row = InvoiceInput(order_id=thb_order.pk, amount=money("123.45", "THB"), issue_date=MARCH_2)
    cleaned = clean_invoice(row, invoice_context_for(org.rep, [row]))
    # when
    invoice = issue_invoice(
        actor=org.rep,
        order_id=thb_order.pk,
        version=thb_order.version,
        amount=row.amount,
        issue_date=MARCH_2,
    )
    # then: 12,345 satang × 0.0285 = 351.8325 → 352 US cents
    invoice.refresh_from_db()
    assert (cleaned.values.total_minor, cleaned.values.total_base_minor) == (12_345, 352)
    assert (invoice.total_minor, invoice.total_base_minor, invoice.due_date) == (
        12_345,
        352,
        cleaned.values.due_date,
    )
    assert cleaned.values.completes_order is False
    thb_order.refresh_from_db()
    assert thb_order.status == OrderStatus.CONFIRMED


def test_every_wrong_field_of_an_invoice_is_reported_with_its_code(org, customer):
    # given: a draft order, billed before it was placed, in another currency, for too long
    draft = SalesOrderFactory(account=customer, status=OrderStatus.DRAFT)
    row = InvoiceInput(
        order_id=draft.pk,
        amount=money("10.00", "EUR"),
        issue_date=dt.date(2026, 3, 1),
        payment_terms_days=366,
    )
    # when
    cleaned = clean_invoice(row, invoice_context_for(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("status", "not_invoiceable"),
        ("issue_date", "before_order_date"),
        ("payment_terms_days", "out_of_range"),
        ("amount", "wrong_currency"),
    ]


def test_too_much_to_bill_and_a_missing_rate_are_reported(org, customer, company):
    # given: an EUR order of 1,000.00 (no EUR rate is known)
    order = SalesOrderFactory(account=customer, currency="EUR", total_minor=100_000)
    rows = [
        InvoiceInput(order_id=order.pk, amount=money("0.00", "EUR"), issue_date=APRIL_1),
        InvoiceInput(order_id=order.pk, amount=money("1000.01", "EUR"), issue_date=APRIL_1),
        InvoiceInput(order_id=order.pk, amount=money("999.99", "EUR"), issue_date=APRIL_1),
    ]
    context = invoice_context_for(org.rep, rows)
    # when
    cleaned = [clean_invoice(row, context) for row in rows]
    # then
    assert [codes(result) for result in cleaned] == [
        [("amount", "amount_not_positive")],
        [("amount", "exceeds_uninvoiced")],
        [("issue_date", "no_exchange_rate")],
    ]
    assert "1000.00 EUR" in cleaned[1].errors[0].message


def test_an_order_nothing_is_left_to_bill_of_is_refused(org, customer):
    free = SalesOrderFactory(account=customer, total_minor=0, total_base_minor=0)
    row = InvoiceInput(order_id=free.pk, issue_date=APRIL_1, payment_terms_days=-1)
    cleaned = clean_invoice(row, invoice_context_for(org.rep, [row]))
    assert codes(cleaned) == [
        ("payment_terms_days", "out_of_range"),
        ("amount", "nothing_to_invoice"),
    ]


@pytest.mark.parametrize(
    ("persona", "code", "refusal"),
    [("peer_rep", "not_found", NotVisible), ("executive", "forbidden", Forbidden)],
)
def test_an_order_the_actor_may_not_bill_is_refused_as_the_service_refuses_it(
    org, customer, persona, code, refusal
):
    # given
    order = SalesOrderFactory(account=customer)
    row = InvoiceInput(order_id=order.pk, issue_date=APRIL_1, payment_terms_days=400)
    actor = getattr(org, persona)
    # when
    cleaned = clean_invoice(row, invoice_context_for(actor, [row]))
    # then
    assert codes(cleaned) == [("order", code), ("payment_terms_days", "out_of_range")]
    with pytest.raises(refusal):
        issue_invoice(actor=actor, order_id=order.pk, version=1, issue_date=APRIL_1)


def test_the_first_invoice_error_is_the_service_s_refusal(org, customer):
    # given
    order = SalesOrderFactory(account=customer, status=OrderStatus.DRAFT)
    row = InvoiceInput(order_id=order.pk, issue_date=dt.date(2026, 3, 1))
    cleaned = clean_invoice(row, invoice_context_for(org.rep, [row]))
    # when
    with pytest.raises(RuleViolation) as refused:
        issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=row.issue_date)
    # then
    first = cleaned.errors[0]
    assert (refused.value.field, refused.value.code, refused.value.message) == (
        first.field,
        first.code,
        first.message,
    )


def test_two_hundred_invoices_are_cleaned_without_a_query(
    org, customer, thb_rates, django_assert_num_queries
):
    # given
    orders = [
        SalesOrderFactory(account=customer, currency="THB", total_minor=100_000 + n)
        for n in range(4)
    ]
    rows = [
        InvoiceInput(order_id=orders[n % 4].pk, amount=money("100.00", "THB"), issue_date=APRIL_1)
        for n in range(200)
    ]
    context = invoice_context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        cleaned = [clean_invoice(row, context) for row in rows]
    # then: 10,000 satang × 0.0285 = 285 US cents each
    assert all(result.ok for result in cleaned)
    assert {result.values.total_base_minor for result in cleaned} == {285}


def test_the_invoice_context_costs_the_same_queries_for_one_order_or_many(org, customer, thb_rates):
    # given: orders in two currencies (the first in baht), each with an invoice already
    orders = [
        SalesOrderFactory(account=customer, currency="USD" if n % 2 else "THB") for n in range(30)
    ]
    for order in orders:
        issue_invoice(
            actor=org.rep,
            order_id=order.pk,
            version=1,
            amount=money("1.00", order.currency),
            issue_date=APRIL_1,
        )

    def queries(count):
        rows = [InvoiceInput(order_id=order.pk) for order in orders[:count]]
        with CaptureQueriesContext(connection) as captured:
            context = invoice_context_for(org.manager, rows)
        assert len(context.orders) == count
        assert set(context.invoiced.values()) == {100}
        return len(captured)

    queries(1)  # the actor's reporting tree, read once
    # when / then
    assert queries(1) == queries(30)


# Payments


def test_a_valid_payment_is_kept_in_the_base_currency_at_its_date(org, thb_invoice):
    # given
    row = PaymentInput(
        invoice_id=thb_invoice.pk,
        amount=money("500.00", "THB"),
        paid_on=dt.date(2026, 3, 1),
        method=PaymentMethod.CARD,
        reference=" 4242 ",
    )
    # when
    cleaned = clean_payment(row, payment_context_for(org.rep, [row]))
    # then: 50,000 satang × 0.0285 = 1,425 US cents
    assert cleaned.errors == []
    values = cleaned.values
    assert (values.invoice, values.order) == (thb_invoice, thb_invoice.order)
    assert (values.amount_minor, values.amount_base_minor) == (50_000, 1_425)
    assert (values.paid_on, values.method, values.reference) == (
        dt.date(2026, 3, 1),
        PaymentMethod.CARD,
        "4242",
    )


def test_every_wrong_field_of_a_payment_is_reported_with_its_code(org, thb_invoice):
    # given
    row = PaymentInput(
        invoice_id=thb_invoice.pk,
        amount=money("0.001", "THB"),
        paid_on=dt.date(2026, 2, 26),
        method="barter",
        reference="x" * 121,
    )
    # when
    cleaned = clean_payment(row, payment_context_for(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("amount", "too_precise"),
        ("paid_on", "before_issue_date"),
        ("method", "unknown_choice"),
        ("reference", "too_long"),
    ]


def test_an_unpayable_invoice_and_a_payment_past_the_balance_are_reported(
    org, customer, thb_invoice
):
    # given: a paid invoice, and the THB invoice with 700.00 THB still due
    order = SalesOrderFactory(account=customer, total_minor=10_000)
    paid = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    record_payment(actor=org.rep, invoice_id=paid.pk, amount=money("100.00"), paid_on=APRIL_1)
    rows = [
        PaymentInput(invoice_id=paid.pk, amount=money("1.00"), paid_on=APRIL_1, method="barter"),
        PaymentInput(invoice_id=thb_invoice.pk, amount=money("700.01", "THB"), paid_on=APRIL_1),
    ]
    context = payment_context_for(org.rep, rows)
    # when
    cleaned = [clean_payment(row, context) for row in rows]
    # then
    assert [codes(result) for result in cleaned] == [
        [("method", "unknown_choice"), ("status", "not_payable")],
        [("amount", "exceeds_balance")],
    ]
    assert "700.00 THB" in cleaned[1].errors[0].message


@pytest.mark.parametrize(
    ("persona", "code", "refusal"),
    [("service_agent", "not_found", NotVisible), ("executive", "forbidden", Forbidden)],
)
def test_an_invoice_the_actor_may_not_pay_is_refused_as_the_service_refuses_it(
    org, thb_invoice, persona, code, refusal
):
    # given
    row = PaymentInput(
        invoice_id=thb_invoice.pk, amount=money("1.00", "THB"), paid_on=APRIL_1, reference="y" * 121
    )
    actor = getattr(org, persona)
    # when
    cleaned = clean_payment(row, payment_context_for(actor, [row]))
    # then
    assert codes(cleaned) == [("invoice", code), ("reference", "too_long")]
    with pytest.raises(refusal):
        record_payment(actor=actor, invoice_id=thb_invoice.pk, amount=row.amount, paid_on=APRIL_1)


def test_the_first_payment_error_is_the_service_s_refusal(org, thb_invoice):
    # given
    row = PaymentInput(
        invoice_id=thb_invoice.pk, amount=money("800.00", "THB"), paid_on=APRIL_1, method="barter"
    )
    cleaned = clean_payment(row, payment_context_for(org.rep, [row]))
    # when
    with pytest.raises(RuleViolation) as refused:
        record_payment(
            actor=org.rep,
            invoice_id=thb_invoice.pk,
            amount=row.amount,
            paid_on=row.paid_on,
            method=row.method,
        )
    # then
    first = cleaned.errors[0]
    assert (
        (refused.value.field, refused.value.code)
        == (first.field, first.code)
        == (
            "method",
            "unknown_choice",
        )
    )


def test_payments_of_one_batch_are_each_checked_and_the_writer_re_checks_them_together(
    org, thb_invoice
):
    # given: two payments of 400.00 THB on an invoice with 700.00 THB due
    rows = [
        PaymentInput(invoice_id=thb_invoice.pk, amount=money("400.00", "THB"), paid_on=APRIL_1),
        PaymentInput(invoice_id=thb_invoice.pk, amount=money("400.00", "THB"), paid_on=APRIL_1),
    ]
    context = payment_context_for(org.rep, rows)
    # when
    cleaned = [clean_payment(row, context) for row in rows]
    # then: each fits the balance the context read
    assert all(result.ok for result in cleaned)
    # when: written one after the other
    record_payment(actor=org.rep, invoice_id=thb_invoice.pk, amount=rows[0].amount, paid_on=APRIL_1)
    with pytest.raises(RuleViolation) as refused:
        record_payment(
            actor=org.rep, invoice_id=thb_invoice.pk, amount=rows[1].amount, paid_on=APRIL_1
        )
    # then: the second would over-pay, and the writer refuses it
    assert (refused.value.field, refused.value.code) == ("amount", "exceeds_balance")
    assert "300.00 THB" in refused.value.message
    thb_invoice.refresh_from_db()
    assert (thb_invoice.paid_minor, thb_invoice.status) == (70_000, InvoiceStatus.PARTIALLY_PAID)
    assert Payment.objects.filter(invoice=thb_invoice).count() == 2


def test_two_hundred_payments_are_cleaned_without_a_query(
    org, thb_invoice, django_assert_num_queries
):
    # given
    rows = [
        PaymentInput(
            invoice_id=thb_invoice.pk,
            amount=money(f"{1 + n % 7}.00", "THB"),
            paid_on=dt.date(2026, 3, 1),
            reference=f"R{n}",
        )
        for n in range(200)
    ]
    context = payment_context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        cleaned = [clean_payment(row, context) for row in rows]
    # then: 100 satang × 0.0285 = 2.85 → 3 US cents; 700 satang × 0.0285 = 19.95 → 20
    assert all(result.ok for result in cleaned)
    assert (cleaned[0].values.amount_base_minor, cleaned[6].values.amount_base_minor) == (3, 20)


def test_the_payment_context_costs_the_same_queries_for_one_invoice_or_many(
    org, customer, thb_rates
):
    # given: invoices in two currencies (the first in baht)
    invoices = []
    for n in range(30):
        order = SalesOrderFactory(account=customer, currency="USD" if n % 2 else "THB")
        invoices.append(
            issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
        )

    def queries(count):
        rows = [
            PaymentInput(invoice_id=invoice.pk, amount=money("1.00", invoice.currency))
            for invoice in invoices[:count]
        ]
        with CaptureQueriesContext(connection) as captured:
            context = payment_context_for(org.manager, rows)
        assert (len(context.invoices), len(context.orders)) == (count, count)
        return len(captured)

    queries(1)  # the actor's reporting tree, read once
    # when / then
    assert queries(1) == queries(30)

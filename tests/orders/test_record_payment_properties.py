"""Property: no sequence of payment attempts over-pays an invoice, and an invoice is paid
exactly when its payments reach its total."""

import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patron.core.errors import RuleViolation
from patron.core.money import Money
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.models import Payment
from patron.orders.services.invoices import issue_invoice, record_payment
from tests.factories.orders import SalesOrderFactory

APRIL_1 = dt.date(2026, 4, 1)
# An attempt is an amount in minor units, or one of two amounts that matter most:
# exactly what is still due, and one cent more.
REST = "rest"
REST_PLUS_ONE = "rest+1"


def expected_refusal(amount: int, paid: int, total: int) -> str | None:
    if amount < 0:
        return "negative_amount"
    if amount == 0:
        return "amount_not_positive"
    if paid == total:
        return "not_payable"
    if paid + amount > total:
        return "exceeds_balance"
    return None


def attempt_payment(actor, invoice_id: int, amount: int) -> str | None:
    """The code of the refusal, or None when the payment was accepted."""
    try:
        record_payment(
            actor=actor,
            invoice_id=invoice_id,
            amount=Money.from_minor(amount, "USD"),
            paid_on=APRIL_1,
        )
    except RuleViolation as error:
        return error.code
    return None


@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_payments_never_exceed_the_total_and_paid_means_fully_paid(org, customer, data):
    total = data.draw(st.integers(min_value=1, max_value=10**9), label="total")
    attempts = data.draw(
        st.lists(
            st.one_of(
                st.integers(min_value=-3, max_value=total + 3),
                st.sampled_from([REST, REST_PLUS_ONE]),
            ),
            max_size=10,
        ),
        label="attempts",
    )
    with transaction.atomic():
        order = SalesOrderFactory(account=customer, total_minor=total, total_base_minor=total)
        invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
        paid = 0
        for attempt in attempts:
            amount = {REST: total - paid, REST_PLUS_ONE: total - paid + 1}.get(attempt, attempt)
            refusal = attempt_payment(org.rep, invoice.pk, amount)
            assert refusal == expected_refusal(amount, paid, total)
            if refusal is None:
                paid += amount

            invoice.refresh_from_db()
            order.refresh_from_db()
            assert invoice.paid_minor == paid <= invoice.total_minor
            payments = Payment.objects.filter(invoice=invoice)
            assert sum(payments.values_list("amount_minor", flat=True)) == paid
            assert (invoice.status == InvoiceStatus.PAID) == (paid == total)
            assert (invoice.paid_on is not None) == (paid == total)
            assert (order.status == OrderStatus.PAID) == (paid == total)
            if 0 < paid < total:
                assert invoice.status == InvoiceStatus.PARTIALLY_PAID
        transaction.set_rollback(True)

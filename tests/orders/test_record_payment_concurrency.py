"""Concurrent payments on one invoice: every one of them is either added or refused,
none is lost, and together they never exceed the total.

Threads need a database that several connections share: PostgreSQL, or SQLite in a
file (the default; PATRON_TEST_SQLITE=:memory: asks for memory). Django's in-memory SQLite test
database uses a shared cache, where a second writer fails at once with "database table
is locked" instead of waiting: that says nothing about Patron, so the test is skipped
there.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from patron.core.errors import RuleViolation
from patron.core.money import Money
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.models import Payment
from patron.orders.services.invoices import issue_invoice, record_payment
from tests.factories.orders import SalesOrderFactory

THREADS = 10
APRIL_1 = dt.date(2026, 4, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("each", "fit", "refusal", "status"),
    [
        # 8 × 125.00 settle the invoice exactly; the last two find it paid.
        ("125.00", 8, "not_payable", InvoiceStatus.PAID),
        # 6 × 150.00 = 900.00; the last four would take it past 1,000.00.
        ("150.00", 6, "exceeds_balance", InvoiceStatus.PARTIALLY_PAID),
    ],
)
def test_ten_concurrent_payments_never_over_pay_and_lose_nothing(
    org, customer, each, fit, refusal, status
):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "needs PostgreSQL or a file SQLite test database, not PATRON_TEST_SQLITE=:memory:"
        )
    # given: a 1,000.00 invoice and ten payers of the same amount
    order = SalesOrderFactory(account=customer, total_minor=100_000)
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    amount_minor = Money(Decimal(each), "USD").to_minor()
    start = threading.Barrier(THREADS)
    accepted: list[int] = []
    refused: list[str] = []
    failures: list[BaseException] = []

    def pay() -> None:
        try:
            start.wait()
            record_payment(
                actor=org.sales_ops,
                invoice_id=invoice.pk,
                amount=Money(Decimal(each), "USD"),
                paid_on=APRIL_1,
            )
            accepted.append(amount_minor)
        except RuleViolation as error:
            refused.append(error.code)
        except BaseException as error:  # reported below: a thread must not hide a crash
            failures.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=pay) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert failures == []
    invoice.refresh_from_db()
    order.refresh_from_db()
    assert sum(accepted) == invoice.paid_minor == fit * amount_minor <= invoice.total_minor
    assert refused == [refusal] * (THREADS - fit)
    stored = list(Payment.objects.filter(invoice=invoice).values_list("amount_minor", flat=True))
    assert stored == [amount_minor] * fit
    assert (invoice.status, invoice.version) == (status, 1 + fit)
    assert (order.status == OrderStatus.PAID) == (status == InvoiceStatus.PAID)

"""Business dates are the company's dates: an order, invoice or payment recorded late in
the evening in Bangkok is dated that Bangkok day, whatever zone the server or the
person recording it is in."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from patron.core.money import Money
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.services.invoices import issue_invoice, record_payment
from patron.orders.services.orders import LineInput, confirm_order, create_order
from tests.factories.catalog import ProductFactory

# 17:30 UTC on 31 March is 00:30 on 1 April in Bangkok (UTC+7).
LATE = dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC)
APRIL_1 = dt.date(2026, 4, 1)


@pytest.fixture
def bangkok(company):
    company.time_zone = "Asia/Bangkok"
    company.save()
    return company


@time_machine.travel(LATE, tick=False)
def test_order_invoice_and_payment_default_to_the_company_date(org, customer, bangkok):
    # given: the person recording works in UTC
    product = ProductFactory(currency="USD", list_price_minor=10_000)
    with timezone.override(dt.UTC):
        # when
        order = create_order(
            actor=org.rep,
            account_id=customer.pk,
            currency="USD",
            lines=[LineInput(product_id=product.pk, quantity=1)],
        )
        confirm_order(actor=org.rep, order_id=order.pk, version=1)
        invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=2)
        record_payment(
            actor=org.rep,
            invoice_id=invoice.pk,
            amount=Money.from_minor(invoice.total_minor, "USD"),
        )
    # then
    order.refresh_from_db()
    invoice.refresh_from_db()
    assert order.order_date == APRIL_1
    assert (invoice.status, invoice.issue_date, invoice.paid_on) == (
        InvoiceStatus.PAID,
        APRIL_1,
        APRIL_1,
    )
    assert order.status == OrderStatus.PAID
    assert order.number == "SO-2026-000001"

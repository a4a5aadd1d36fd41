import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.money import Money
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.models import Invoice
from patron.orders.services.invoices import issue_invoice, void_invoice
from tests.factories.orders import SalesOrderFactory

APRIL_1 = dt.date(2026, 4, 1)


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


@pytest.fixture
def order(customer):
    """A confirmed order of 1,000.00 USD dated 2 March 2026."""
    return SalesOrderFactory(account=customer, total_minor=100_000, total_base_minor=100_000)


def test_the_whole_order_is_billed_by_default_and_the_order_becomes_invoiced(org, order):
    # when
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    # then
    invoice.refresh_from_db()
    assert invoice.number == "INV-2026-000001"
    assert invoice.status == InvoiceStatus.ISSUED
    assert (invoice.issue_date, invoice.due_date) == (APRIL_1, dt.date(2026, 5, 1))
    assert (invoice.currency, invoice.total_minor, invoice.total_base_minor) == (
        "USD",
        100_000,
        100_000,
    )
    assert (invoice.account, invoice.order, invoice.paid_minor) == (order.account, order, 0)
    order.refresh_from_db()
    assert (order.status, order.version) == (OrderStatus.INVOICED, 2)


def test_a_partial_invoice_leaves_the_rest_to_bill(org, order):
    # when
    first = issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, amount=usd("400.00"), issue_date=APRIL_1
    )
    # then: still confirmed, but its version moved (what is left to bill changed)
    order.refresh_from_db()
    assert (first.total_minor, order.status, order.version) == (40_000, "confirmed", 2)
    # when
    rest = issue_invoice(actor=org.rep, order_id=order.pk, version=2, issue_date=APRIL_1)
    # then
    assert (rest.number, rest.total_minor) == ("INV-2026-000002", 60_000)
    order.refresh_from_db()
    assert (order.status, order.version) == (OrderStatus.INVOICED, 3)


def test_a_partial_amount_equal_to_the_rest_completes_the_invoicing(org, order):
    issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, amount=usd("1000.00"), issue_date=APRIL_1
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED


def test_a_fulfilled_order_is_invoiced(org, customer):
    order = SalesOrderFactory(account=customer, status=OrderStatus.FULFILLED)
    issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED


@pytest.mark.parametrize(
    ("days", "due"), [(0, APRIL_1), (45, dt.date(2026, 5, 16)), (365, dt.date(2027, 4, 1))]
)
def test_the_due_date_follows_the_payment_terms(org, order, days, due):
    invoice = issue_invoice(
        actor=org.rep,
        order_id=order.pk,
        version=1,
        issue_date=APRIL_1,
        payment_terms_days=days,
    )
    assert invoice.due_date == due


def test_the_base_total_uses_the_rate_of_the_issue_date(org, customer, thb_rates):
    # given: 1,000.00 THB ordered on 28 February (0.0280) and billed on 2 March (0.0285)
    order = SalesOrderFactory(
        account=customer,
        currency="THB",
        order_date=dt.date(2026, 2, 28),
        total_minor=100_000,
        total_base_minor=2_800,
    )
    # when
    invoice = issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, issue_date=dt.date(2026, 3, 2)
    )
    # then
    assert invoice.total_base_minor == 2_850


class CallerFailedError(Exception):
    pass


def issue_then_fail(**kwargs) -> None:
    with transaction.atomic():
        taken = issue_invoice(**kwargs)
        raise CallerFailedError(taken.number)


def test_numbers_stay_gapless_after_a_rolled_back_issue(org, customer):
    # given: an issue whose surrounding transaction fails after the invoice was written
    first = SalesOrderFactory(account=customer)
    second = SalesOrderFactory(account=customer)
    with pytest.raises(CallerFailedError, match="INV-2026-000001"):
        issue_then_fail(actor=org.rep, order_id=first.pk, version=1, issue_date=APRIL_1)
    assert not Invoice.objects.exists()
    # when
    issued = issue_invoice(actor=org.rep, order_id=second.pk, version=1, issue_date=APRIL_1)
    again = issue_invoice(actor=org.rep, order_id=first.pk, version=1, issue_date=APRIL_1)
    # then
    assert (issued.number, again.number) == ("INV-2026-000001", "INV-2026-000002")


def test_numbers_restart_with_the_year_of_the_issue_date(org, customer):
    order = SalesOrderFactory(account=customer)
    issue_invoice(
        actor=org.rep,
        order_id=order.pk,
        version=1,
        amount=usd("100.00"),
        issue_date=dt.date(2026, 12, 31),
    )
    january = issue_invoice(
        actor=org.rep, order_id=order.pk, version=2, issue_date=dt.date(2027, 1, 1)
    )
    assert january.number == "INV-2027-000001"


def test_a_voided_invoice_gives_its_amount_back_to_bill(org, order):
    # given
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=APRIL_1)
    void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)
    # when
    again = issue_invoice(actor=org.rep, order_id=order.pk, version=3, issue_date=APRIL_1)
    # then
    assert (again.number, again.total_minor) == ("INV-2026-000002", 100_000)


def refused(field: str, code: str, order, **kwargs) -> None:
    with pytest.raises(RuleViolation) as caught:
        issue_invoice(order_id=order.pk, **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)
    order.refresh_from_db()
    assert order.version == 1
    assert not Invoice.objects.filter(order=order).exists()


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        (OrderStatus.DRAFT, {}),
        (OrderStatus.INVOICED, {}),
        (OrderStatus.PAID, {"paid_on": APRIL_1}),
        (
            OrderStatus.CANCELLED,
            {"cancelled_at": dt.datetime(2026, 3, 3, tzinfo=dt.UTC), "cancel_reason": "x"},
        ),
    ],
)
def test_only_a_confirmed_or_fulfilled_order_is_invoiced(org, customer, status, extra):
    order = SalesOrderFactory(account=customer, status=status, **extra)
    refused("status", "not_invoiceable", order, actor=org.rep, version=1, issue_date=APRIL_1)


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (usd("1000.01"), "exceeds_uninvoiced"),
        (usd("0.00"), "amount_not_positive"),
        (usd("-5.00"), "negative_amount"),
        (usd("10.005"), "too_precise"),
        (Money(Decimal("10.00"), "EUR"), "wrong_currency"),
    ],
)
def test_refuses_a_bad_amount(org, order, amount, code):
    refused("amount", code, order, actor=org.rep, version=1, amount=amount, issue_date=APRIL_1)


def test_an_order_worth_nothing_has_nothing_to_invoice(org, customer):
    free = SalesOrderFactory(account=customer, total_minor=0, total_base_minor=0)
    refused("amount", "nothing_to_invoice", free, actor=org.rep, version=1, issue_date=APRIL_1)


def test_refuses_more_than_is_left_after_earlier_invoices(org, order):
    # given
    issue_invoice(
        actor=org.rep, order_id=order.pk, version=1, amount=usd("700.00"), issue_date=APRIL_1
    )
    # when
    with pytest.raises(RuleViolation) as caught:
        issue_invoice(
            actor=org.rep, order_id=order.pk, version=2, amount=usd("300.01"), issue_date=APRIL_1
        )
    # then
    assert caught.value.code == "exceeds_uninvoiced"
    assert "300.00 USD" in caught.value.message
    assert Invoice.objects.count() == 1


def test_refuses_an_issue_date_before_the_order_date(org, order):
    refused(
        "issue_date",
        "before_order_date",
        order,
        actor=org.rep,
        version=1,
        issue_date=dt.date(2026, 3, 1),
    )


@pytest.mark.parametrize("days", [-1, 366])
def test_refuses_payment_terms_out_of_range(org, order, days):
    refused(
        "payment_terms_days",
        "out_of_range",
        order,
        actor=org.rep,
        version=1,
        issue_date=APRIL_1,
        payment_terms_days=days,
    )


def test_refuses_a_currency_without_a_rate_and_keeps_the_number(org, customer, company):
    # given: no EUR rate is known
    order = SalesOrderFactory(account=customer, currency="EUR")
    refused("issue_date", "no_exchange_rate", order, actor=org.rep, version=1, issue_date=APRIL_1)
    # when
    usd_order = SalesOrderFactory(account=customer)
    invoice = issue_invoice(actor=org.rep, order_id=usd_order.pk, version=1, issue_date=APRIL_1)
    # then
    assert invoice.number == "INV-2026-000001"


def test_rejects_a_stale_version_of_the_order(org, order):
    with pytest.raises(StaleVersion):
        issue_invoice(actor=org.rep, order_id=order.pk, version=2, issue_date=APRIL_1)
    assert not Invoice.objects.exists()


def test_an_executive_may_not_invoice(org, order):
    with pytest.raises(Forbidden):
        issue_invoice(actor=org.executive, order_id=order.pk, version=1, issue_date=APRIL_1)
    assert not Invoice.objects.exists()


@pytest.mark.parametrize("persona", ["peer_rep", "service_agent"])
def test_an_order_the_actor_cannot_see_looks_absent(org, order, persona):
    with pytest.raises(NotVisible):
        issue_invoice(actor=getattr(org, persona), order_id=order.pk, version=1, issue_date=APRIL_1)

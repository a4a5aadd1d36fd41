"""Money in the generated data, re-computed here: line totals, order totals, dated base
amounts, and invoices that are never over-paid."""

import datetime as dt
import itertools
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from patron.core.models import CompanySettings, ExchangeRate
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.models import Contract, Invoice, OrderLine, Payment, SalesOrder
from patron.pipeline.models import Campaign, Opportunity, OpportunityLine

pytestmark = pytest.mark.django_db


def _half_even(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


class Rates:
    """The stored rates, looked up the way the rule says: the latest valid on the day."""

    def __init__(self):
        self.by_currency = defaultdict(list)
        for rate in ExchangeRate.objects.order_by("valid_from"):
            self.by_currency[rate.currency].append((rate.valid_from, rate.rate))

    def base(self, amount_minor, currency, day):
        if currency == "USD":
            return amount_minor
        valid = [rate for since, rate in self.by_currency[currency] if since <= day]
        # USD, THB, PHP and EUR all have two decimals: no shift of minor units.
        return _half_even(Decimal(amount_minor) * valid[-1])


def test_the_company_reports_in_usd_with_a_january_fiscal_year_and_monthly_rates(tiny_company):
    settings = CompanySettings.current()
    assert (settings.base_currency, settings.fiscal_year_start_month) == ("USD", 1)
    rates = Rates()
    assert sorted(rates.by_currency) == ["EUR", "PHP", "THB"]
    for walk in rates.by_currency.values():
        days = [since for since, _rate in walk]
        assert all(day.day == 1 for day in days)
        assert days[0] < tiny_company.today.replace(year=tiny_company.today.year - 3)
        changes = [abs(b / a - 1) for (_d, a), (_e, b) in itertools.pairwise(walk)]
        assert max(changes) < Decimal("0.06")


def test_base_amounts_are_the_amount_at_the_rate_of_the_transaction_date(tiny_company):
    rates = Rates()
    for deal in Opportunity.objects.all():
        assert deal.amount_base_minor == rates.base(
            deal.amount_minor, deal.currency, deal.close_date
        )
    for line in OrderLine.objects.select_related("order"):
        order = line.order
        assert line.total_base_minor == rates.base(
            line.total_minor, order.currency, order.order_date
        )
    for invoice in Invoice.objects.all():
        assert invoice.total_base_minor == rates.base(
            invoice.total_minor, invoice.currency, invoice.issue_date
        )
    for payment in Payment.objects.select_related("invoice"):
        assert payment.amount_base_minor == rates.base(
            payment.amount_minor, payment.invoice.currency, payment.paid_on
        )
    for contract in Contract.objects.all():
        assert contract.total_value_base_minor == rates.base(
            contract.total_value_minor, contract.currency, contract.start_date
        )
    for campaign in Campaign.objects.all():
        assert campaign.cost_base_minor == rates.base(
            campaign.cost_minor, campaign.currency, campaign.starts_on
        )
    assert Opportunity.objects.exclude(currency="USD").exists()


def test_line_totals_are_quantity_times_price_less_discount_and_add_up(tiny_company):
    for model in (OpportunityLine, OrderLine):
        for line in model.objects.all():
            exact = line.quantity * line.unit_price_minor * (100 - line.discount_percent) / 100
            assert line.total_minor == _half_even(exact)
    deal_totals = defaultdict(int)
    for line in OpportunityLine.objects.all():
        deal_totals[line.opportunity_id] += line.total_minor
    for deal in Opportunity.objects.all():
        assert deal.amount_minor == deal_totals[deal.pk] > 0
    order_totals = defaultdict(lambda: [0, 0])
    for line in OrderLine.objects.all():
        order_totals[line.order_id][0] += line.total_minor
        order_totals[line.order_id][1] += line.total_base_minor
    for order in SalesOrder.objects.all():
        assert [order.total_minor, order.total_base_minor] == order_totals[order.pk]


def test_invoices_are_never_over_paid_and_paid_exactly_when_fully_paid(tiny_company):
    payments = defaultdict(list)
    for payment in Payment.objects.all():
        payments[payment.invoice_id].append(payment)
    statuses = set()
    for invoice in Invoice.objects.all():
        received = payments[invoice.pk]
        assert invoice.paid_minor == sum(p.amount_minor for p in received) <= invoice.total_minor
        assert all(p.paid_on >= invoice.issue_date for p in received)
        fully_paid = invoice.paid_minor == invoice.total_minor
        assert (invoice.status == InvoiceStatus.PAID) == fully_paid
        if fully_paid:
            assert invoice.paid_on == max(p.paid_on for p in received)
        else:
            assert invoice.paid_on is None
        statuses.add(invoice.status)
    assert statuses == {InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID}


def test_some_payments_are_late_and_some_receivables_are_overdue(tiny_company):
    late = [p for p in Payment.objects.select_related("invoice") if p.paid_on > p.invoice.due_date]
    overdue = Invoice.objects.filter(
        status__in=[InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID],
        due_date__lt=tiny_company.today,
    )
    assert late
    assert overdue.exists()


def test_orders_go_through_every_status_and_paid_ones_are_fully_paid(tiny_company):
    statuses = set(SalesOrder.objects.values_list("status", flat=True))
    assert statuses >= {
        OrderStatus.CONFIRMED,
        OrderStatus.INVOICED,
        OrderStatus.PAID,
        OrderStatus.CANCELLED,
    }
    for order in SalesOrder.objects.filter(status=OrderStatus.PAID):
        invoices = list(order.invoices.all())
        assert sum(i.total_minor for i in invoices) == order.total_minor
        assert all(i.status == InvoiceStatus.PAID for i in invoices)
        assert order.paid_on == max(i.paid_on for i in invoices)
    for order in SalesOrder.objects.filter(status=OrderStatus.CANCELLED):
        assert order.cancelled_at is not None
        assert order.cancel_reason
        assert not order.invoices.exists()


def test_won_recurring_deals_have_contracts_and_contracts_renew_through_renewal_deals(
    tiny_company,
):
    for contract in Contract.objects.select_related("opportunity"):
        deal = contract.opportunity
        assert deal.status == "won"
        assert deal.is_recurring
        assert contract.annual_value_minor == deal.amount_minor
        assert contract.total_value_minor == _half_even(
            Decimal(deal.amount_minor) * deal.contract_term_months / 12
        )
        if deal.type != "renewal":
            assert contract.start_date > deal.close_date
    renewed = Contract.objects.filter(renewal_opportunity__isnull=False)
    assert renewed.exists()
    for contract in renewed.select_related("renewal_opportunity"):
        renewal = contract.renewal_opportunity
        assert (renewal.type, renewal.account_id) == ("renewal", contract.account_id)
        if renewal.status == "won":
            follow_up = Contract.objects.get(opportunity=renewal)
            assert follow_up.start_date == contract.end_date + dt.timedelta(days=1)

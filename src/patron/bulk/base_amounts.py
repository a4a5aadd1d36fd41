"""Re-computes every stored base-currency amount from the stored exchange rates.

Each amount must equal `convert_minor` of the amount at the rate valid on its
transaction's date — deal: close date; order line: order date; invoice: issue date;
payment: payment date; contract: start date; campaign: start date. The rates are read
back from the database (not from the loader), so this checks what a KPI will see.
Rows are streamed, so the check runs at every scale.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from decimal import Decimal

from django.db import connection

from patron.bulk import tables as t
from patron.core.currency import convert_minor
from patron.core.models import CompanySettings, ExchangeRate

# (check, SQL yielding amount, stored base amount, currency, transaction date)
AMOUNTS = (
    ("opportunity_base_at_close_date",
     "SELECT amount_minor, amount_base_minor, currency, close_date FROM {opp}"),
    ("order_line_base_at_order_date",
     "SELECT l.total_minor, l.total_base_minor, s.currency, s.order_date "
     "FROM {order_line} l JOIN {order} s ON s.id = l.order_id"),
    ("invoice_base_at_issue_date",
     "SELECT total_minor, total_base_minor, currency, issue_date FROM {invoice}"),
    ("payment_base_at_payment_date",
     "SELECT p.amount_minor, p.amount_base_minor, i.currency, p.paid_on "
     "FROM {payment} p JOIN {invoice} i ON i.id = p.invoice_id"),
    ("contract_base_at_start_date",
     "SELECT total_value_minor, total_value_base_minor, currency, start_date FROM {contract}"),
    ("campaign_base_at_start_date",
     "SELECT cost_minor, cost_base_minor, currency, starts_on FROM {campaign}"),
)  # fmt: skip


class _Rates:
    def __init__(self) -> None:
        self.base = CompanySettings.current().base_currency
        days: dict[str, list[str]] = defaultdict(list)
        values: dict[str, list[Decimal]] = defaultdict(list)
        for currency, valid_from, rate in ExchangeRate.objects.order_by(
            "currency", "valid_from"
        ).values_list("currency", "valid_from", "rate"):
            days[currency].append(valid_from.isoformat())
            values[currency].append(rate)
        self.days, self.values = days, values

    def expected(self, amount: int, currency: str, day: object) -> int | None:
        """The base amount, or None when no rate was valid that day."""
        if currency == self.base:
            return amount
        text = day if isinstance(day, str) else day.isoformat()  # type: ignore[attr-defined]
        index = bisect.bisect_right(self.days[currency], text) - 1
        if index < 0:
            return None
        rate = self.values[currency][index]
        return convert_minor(amount, rate=rate, currency=currency, base_currency=self.base)


TABLES = {
    "opp": t.OPPORTUNITY,
    "order_line": t.ORDER_LINE,
    "order": t.ORDER,
    "invoice": t.INVOICE,
    "payment": t.PAYMENT,
    "contract": t.CONTRACT,
    "campaign": t.CAMPAIGN,
}


def base_amount_counts() -> dict[str, int]:
    """Per check, how many stored base amounts differ from the re-computed ones (0 when
    all agree)."""
    rates = _Rates()
    found = {}
    names = {key: connection.ops.quote_name(table.name) for key, table in TABLES.items()}
    with connection.cursor() as cursor:
        for check, sql in AMOUNTS:
            cursor.execute(sql.format(**names))
            wrong = 0
            while rows := cursor.fetchmany(20_000):
                for amount, stored, currency, day in rows:
                    if rates.expected(amount, currency, day) != stored:
                        wrong += 1
            found[check] = wrong
    return found

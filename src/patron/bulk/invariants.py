"""Checks that bulk-loaded data keeps every rule the services keep.

Rows written in bulk — by the demo generator, by an import — skip the services, so
what the services guarantee must be proved afterwards: each rule counts the rows that
break it, in SQL that runs the same on SQLite and PostgreSQL. `count_all` gives every
rule with its count, `check_all` only the broken ones; `patron check-data` prints them
for any database and `patron demo-data --check` runs them after a load. Base-currency
amounts are re-computed in Python (`patron.bulk.base_amounts`).

Only rules that every record written through the services keeps belong in `RULES`, so
the check holds on any Patron database, whatever wrote it. A loader whose data keeps
more — the demo's stories: one primary contact per account, deals that only move
forward, invoices covering their orders — passes those rules as `extra`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from patron.bulk import tables as t
from patron.bulk.base_amounts import base_amount_counts


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule the stored rows keep, and the SQL counting the rows that break it.

    The SQL names tables by the keys of `NAMES` in braces (`{opp}`, `{invoice}` …)
    and may use `{tracked_value}` and `{closed_day}`.
    """

    check: str
    rule: str
    sql: str


@dataclass(frozen=True, slots=True)
class RuleCount:
    """A rule and how many rows break it; 0 means it holds."""

    check: str
    rule: str
    rows: int


NAMES = {
    "account": t.ACCOUNT.name,
    "contact": t.CONTACT.name,
    "handoff": t.HANDOFF.name,
    "opp": t.OPPORTUNITY.name,
    "line": t.OPPORTUNITY_LINE.name,
    "history": t.HISTORY.name,
    "stage": t.STAGE.name,
    "lead": t.LEAD.name,
    "quote": t.QUOTE.name,
    "quote_line": t.QUOTE_LINE.name,
    "contract": t.CONTRACT.name,
    "order": t.ORDER.name,
    "order_line": t.ORDER_LINE.name,
    "invoice": t.INVOICE.name,
    "payment": t.PAYMENT.name,
    "case": t.CASE.name,
    "survey": t.SURVEY.name,
    "activity": t.ACTIVITY.name,
    "activity_contact": t.ACTIVITY_CONTACTS.name,
    "counter": t.COUNTER.name,
}
# Stored values compared as text: identical on both databases for ids, amounts and
# dates (PostgreSQL's ISO date style), and the first ten characters of an instant are
# its UTC date.
TRACKED_VALUE = """CASE h.field
    WHEN 'stage' THEN CAST(o.stage_id AS TEXT)
    WHEN 'status' THEN o.status
    WHEN 'amount' THEN CAST(o.amount_minor AS TEXT)
    WHEN 'close_date' THEN CAST(o.close_date AS TEXT)
    WHEN 'forecast_category' THEN o.forecast_category
    WHEN 'owner' THEN CAST(o.owner_id AS TEXT) END"""
CLOSED_DAY = "substr(CAST(o.closed_at AS TEXT), 1, 10)"

RULES: tuple[Rule, ...] = (
    Rule(
        "history_created_with_every_field",
        "an opportunity has one creation row (empty old value) per tracked field, first",
        """SELECT COUNT(*) FROM (
            SELECT opportunity_id, field, MIN(id) AS first_id,
                   SUM(CASE WHEN old_value = '' THEN 1 ELSE 0 END) AS blanks,
                   MIN(CASE WHEN old_value = '' THEN id END) AS blank_id
            FROM {history} GROUP BY opportunity_id, field) x
        WHERE blanks <> 1 OR blank_id <> first_id""",
    ),
    Rule(
        "history_has_six_fields",
        "every opportunity has history for all six tracked fields",
        """SELECT COUNT(*) FROM {opp} o WHERE 6 <> (
            SELECT COUNT(DISTINCT field) FROM {history} h WHERE h.opportunity_id = o.id)""",
    ),
    Rule(
        "history_chains",
        "each change starts from the value the previous change left, later in time",
        """SELECT COUNT(*) FROM (
            SELECT old_value, changed_at,
                   LAG(new_value) OVER (PARTITION BY opportunity_id, field ORDER BY id) AS prev,
                   LAG(changed_at) OVER (PARTITION BY opportunity_id ORDER BY id) AS prev_at
            FROM {history}) x
        WHERE (prev IS NOT NULL AND old_value <> prev) OR changed_at < prev_at""",
    ),
    Rule(
        "history_replays_to_current",
        "the latest row per field equals the opportunity's current value",
        """SELECT COUNT(*) FROM {history} h
        JOIN (SELECT MAX(id) AS id FROM {history} GROUP BY opportunity_id, field) last
          ON last.id = h.id
        JOIN {opp} o ON o.id = h.opportunity_id
        WHERE h.new_value <> {tracked_value}""",
    ),
    Rule(
        "won_deals_passed_an_open_stage",
        "a won deal was created in an open stage before reaching the won stage",
        """SELECT COUNT(*) FROM {opp} o JOIN {history} h ON h.opportunity_id = o.id
            AND h.field = 'stage' AND h.old_value = ''
        JOIN {stage} s ON CAST(s.id AS TEXT) = h.new_value
        WHERE o.status = 'won' AND s.category <> 'open'""",
    ),
    Rule(
        "status_mirrors_stage",
        "an opportunity's status is its stage's category, in its own pipeline",
        """SELECT COUNT(*) FROM {opp} o JOIN {stage} s ON s.id = o.stage_id
        WHERE o.status <> s.category OR s.pipeline_id <> o.pipeline_id""",
    ),
    Rule(
        "opportunity_lines_add_up",
        "an opportunity with line items has their sum as its amount",
        """SELECT COUNT(*) FROM {opp} o JOIN (
            SELECT opportunity_id, SUM(total_minor) AS total FROM {line}
            GROUP BY opportunity_id) l ON l.opportunity_id = o.id
        WHERE o.amount_minor <> l.total""",
    ),
    Rule(
        "converted_leads_linked",
        "a converted lead links its account, contact and opportunity, which it sourced",
        """SELECT COUNT(*) FROM {lead} l
        LEFT JOIN {opp} o ON o.id = l.converted_opportunity_id
        LEFT JOIN {contact} c ON c.id = l.converted_contact_id
        WHERE l.status = 'converted' AND (o.id IS NULL OR c.id IS NULL
            OR o.account_id <> l.converted_account_id OR c.account_id <> l.converted_account_id
            OR o.lead_source <> l.source
            OR COALESCE(o.campaign_id, 0) <> COALESCE(l.campaign_id, 0))""",
    ),
    Rule(
        "order_lines_add_up",
        "an order's total and base total are the sums of its lines'",
        """SELECT COUNT(*) FROM {order} s JOIN (
            SELECT order_id, SUM(total_minor) AS total, SUM(total_base_minor) AS base
            FROM {order_line} GROUP BY order_id) l ON l.order_id = s.id
        WHERE s.total_minor <> l.total OR s.total_base_minor <> l.base""",
    ),
    Rule(
        "payments_add_up",
        "an invoice's paid amount is the sum of its payments, dated after it was issued",
        """SELECT COUNT(*) FROM {invoice} i WHERE i.paid_minor <> COALESCE(
            (SELECT SUM(p.amount_minor) FROM {payment} p WHERE p.invoice_id = i.id), 0)
            OR EXISTS (SELECT 1 FROM {payment} p
                       WHERE p.invoice_id = i.id AND p.paid_on < i.issue_date)""",
    ),
    Rule(
        "paid_iff_fully_paid",
        "an invoice is paid exactly when fully paid, on its last payment's date",
        """SELECT COUNT(*) FROM {invoice} i WHERE
            (i.status = 'paid') <> (i.paid_minor = i.total_minor)
            OR (i.status = 'partially_paid') <> (i.paid_minor > 0 AND i.paid_minor < i.total_minor)
            OR (i.status = 'paid' AND i.paid_on IS DISTINCT FROM
                (SELECT MAX(p.paid_on) FROM {payment} p WHERE p.invoice_id = i.id))""",
    ),
    Rule(
        "quotes_add_up",
        "a quote's subtotal is the sum of its lines and its total adds the tax",
        """SELECT COUNT(*) FROM {quote} q WHERE q.total_minor <> q.subtotal_minor + q.tax_minor
            OR q.subtotal_minor <> COALESCE(
                (SELECT SUM(l.total_minor) FROM {quote_line} l WHERE l.quote_id = q.id), 0)""",
    ),
    Rule(
        "renewals_on_the_same_account",
        "a contract's renewal opportunity is a renewal of the same account",
        """SELECT COUNT(*) FROM {contract} c JOIN {opp} o ON o.id = c.renewal_opportunity_id
        WHERE o.type <> 'renewal' OR o.account_id <> c.account_id""",
    ),
)

# Gapless numbering: per prefix and year, numbers 1..n with the counter at n.
NUMBERED = ("order", "invoice", "case", "contract", "quote")
NUMBERING = """SELECT COUNT(*) FROM (
    SELECT substr(number, 1, length(number) - 7) AS series, COUNT(DISTINCT number) AS issued,
           MAX(CAST(substr(number, length(number) - 5) AS INTEGER)) AS highest
    FROM {table} WHERE number IS NOT NULL GROUP BY substr(number, 1, length(number) - 7)) n
LEFT JOIN {counter} k ON k.key = n.series
WHERE n.issued <> n.highest OR k.value IS DISTINCT FROM n.highest"""
BASE_AMOUNT_RULE = "base amount = convert_minor at the dated rate"


def check_all(extra: Sequence[Rule] = ()) -> list[RuleCount]:
    """The rules some row breaks, each with its count; an empty list means the data
    keeps them all. `extra` adds a loader's own rules to `RULES`."""
    return [count for count in count_all(extra) if count.rows]


def count_all(extra: Sequence[Rule] = ()) -> list[RuleCount]:
    """Every rule — `RULES`, then `extra`, gapless numbering, base amounts — with the
    number of rows breaking it."""
    counts = []
    names = quoted()
    with connection.cursor() as cursor:
        for rule in (*RULES, *extra):
            text = rule.sql.format(**names, tracked_value=TRACKED_VALUE, closed_day=CLOSED_DAY)
            cursor.execute(_portable(text))
            (rows,) = cursor.fetchone()
            counts.append(RuleCount(rule.check, rule.rule, rows))
        for table in NUMBERED:
            cursor.execute(NUMBERING.format(table=names[table], counter=names["counter"]))
            (rows,) = cursor.fetchone()
            counts.append(RuleCount(f"{table}_numbers_gapless", "numbers 1..n per year", rows))
    for check, rows in base_amount_counts().items():
        counts.append(RuleCount(check, BASE_AMOUNT_RULE, rows))
    return counts


def quoted() -> dict[str, str]:
    return {key: connection.ops.quote_name(name) for key, name in NAMES.items()}


def _portable(sql: str) -> str:
    """SQLite spells PostgreSQL's IS DISTINCT FROM as IS NOT."""
    if connection.vendor == "sqlite":
        return sql.replace("IS DISTINCT FROM", "IS NOT")
    return sql

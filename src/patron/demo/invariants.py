"""Checks that generated data keeps every rule the services keep.

Rows written in bulk skip the services, so what the services guarantee must be proved
afterwards: each check counts the rows that break one rule, in SQL that runs the same
on SQLite and PostgreSQL, and `patron demo-data --check` reports any non-zero count.
Base-currency amounts are re-computed in Python (`patron.demo.base_amounts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from patron.demo import tables as t
from patron.demo.base_amounts import wrong_base_amounts


@dataclass(frozen=True, slots=True)
class Violation:
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

CHECKS: tuple[tuple[str, str, str], ...] = (
    (
        "history_created_with_every_field",
        "an opportunity has one creation row (empty old value) per tracked field, first",
        """SELECT COUNT(*) FROM (
            SELECT opportunity_id, field, MIN(id) AS first_id,
                   SUM(CASE WHEN old_value = '' THEN 1 ELSE 0 END) AS blanks,
                   MIN(CASE WHEN old_value = '' THEN id END) AS blank_id
            FROM {history} GROUP BY opportunity_id, field) x
        WHERE blanks <> 1 OR blank_id <> first_id""",
    ),
    (
        "history_has_six_fields",
        "every opportunity has history for all six tracked fields",
        """SELECT COUNT(*) FROM {opp} o WHERE 6 <> (
            SELECT COUNT(DISTINCT field) FROM {history} h WHERE h.opportunity_id = o.id)""",
    ),
    (
        "history_chains",
        "each change starts from the value the previous change left, later in time",
        """SELECT COUNT(*) FROM (
            SELECT old_value, changed_at,
                   LAG(new_value) OVER (PARTITION BY opportunity_id, field ORDER BY id) AS prev,
                   LAG(changed_at) OVER (PARTITION BY opportunity_id ORDER BY id) AS prev_at
            FROM {history}) x
        WHERE (prev IS NOT NULL AND old_value <> prev) OR changed_at < prev_at""",
    ),
    (
        "history_replays_to_current",
        "the latest row per field equals the opportunity's current value",
        """SELECT COUNT(*) FROM {history} h
        JOIN (SELECT MAX(id) AS id FROM {history} GROUP BY opportunity_id, field) last
          ON last.id = h.id
        JOIN {opp} o ON o.id = h.opportunity_id
        WHERE h.new_value <> {tracked_value}""",
    ),
    (
        "stages_in_pipeline_order",
        "a deal moves forward through its pipeline's stages, never back",
        """SELECT COUNT(*) FROM (
            SELECT s."order" AS position,
                   LAG(s."order") OVER (PARTITION BY h.opportunity_id ORDER BY h.id) AS previous
            FROM {history} h JOIN {stage} s ON CAST(s.id AS TEXT) = h.new_value
            WHERE h.field = 'stage') x
        WHERE previous IS NOT NULL AND position <= previous""",
    ),
    (
        "won_deals_passed_an_open_stage",
        "a won deal was created in an open stage before reaching the won stage",
        """SELECT COUNT(*) FROM {opp} o JOIN {history} h ON h.opportunity_id = o.id
            AND h.field = 'stage' AND h.old_value = ''
        JOIN {stage} s ON CAST(s.id AS TEXT) = h.new_value
        WHERE o.status = 'won' AND s.category <> 'open'""",
    ),
    (
        "status_mirrors_stage",
        "an opportunity's status is its stage's category, in its own pipeline",
        """SELECT COUNT(*) FROM {opp} o JOIN {stage} s ON s.id = o.stage_id
        WHERE o.status <> s.category OR s.pipeline_id <> o.pipeline_id""",
    ),
    (
        "closed_on_close_date",
        "a closed deal closed on its close date, and its status changed then",
        """SELECT COUNT(*) FROM {opp} o
        WHERE o.status <> 'open' AND ({closed_day} <> CAST(o.close_date AS TEXT)
          OR o.closed_at <> (SELECT h.changed_at FROM {history} h
                             WHERE h.opportunity_id = o.id AND h.field = 'status'
                             ORDER BY h.id DESC LIMIT 1))""",
    ),
    (
        "opportunity_lines_add_up",
        "an opportunity's amount is the sum of its lines",
        """SELECT COUNT(*) FROM {opp} o WHERE o.amount_minor <> COALESCE(
            (SELECT SUM(l.total_minor) FROM {line} l WHERE l.opportunity_id = o.id), 0)""",
    ),
    (
        "one_primary_contact",
        "every account has exactly one primary contact",
        """SELECT COUNT(*) FROM {account} a WHERE 1 <> (
            SELECT COUNT(*) FROM {contact} c WHERE c.account_id = a.id AND c.is_primary)""",
    ),
    (
        "customer_since_is_first_win",
        "customer since is the first won deal's close date; prospects never won",
        """SELECT COUNT(*) FROM {account} a LEFT JOIN (
            SELECT account_id, MIN(close_date) AS first_win FROM {opp}
            WHERE status = 'won' GROUP BY account_id) w ON w.account_id = a.id
        WHERE CAST(a.customer_since AS TEXT) IS DISTINCT FROM CAST(w.first_win AS TEXT)
            OR (a.lifecycle = 'prospect' AND a.customer_since IS NOT NULL)
            OR (a.lifecycle IN ('customer', 'churned') AND a.customer_since IS NULL)""",
    ),
    (
        "orders_after_customer_since",
        "no order is dated before its account became a customer",
        """SELECT COUNT(*) FROM {order} s JOIN {account} a ON a.id = s.account_id
        WHERE a.customer_since IS NULL OR s.order_date < a.customer_since""",
    ),
    (
        "owner_after_handoff",
        "a handed-off account is owned by the person it was handed to",
        """SELECT COUNT(*) FROM {handoff} h JOIN {account} a ON a.id = h.account_id
        WHERE a.owner_id <> h.to_user_id OR h.handed_off_on < a.customer_since""",
    ),
    (
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
    (
        "last_touch_is_latest_activity",
        "a contact's last touch is their latest completed activity",
        """SELECT COUNT(*) FROM {contact} c LEFT JOIN (
            SELECT ac.contact_id, MAX(a.completed_at) AS last_done FROM {activity_contact} ac
            JOIN {activity} a ON a.id = ac.activity_id
            WHERE a.status = 'completed' GROUP BY ac.contact_id) t ON t.contact_id = c.id
        WHERE c.last_touched_at IS DISTINCT FROM t.last_done""",
    ),
    (
        "order_lines_add_up",
        "an order's total and base total are the sums of its lines'",
        """SELECT COUNT(*) FROM {order} s JOIN (
            SELECT order_id, SUM(total_minor) AS total, SUM(total_base_minor) AS base
            FROM {order_line} GROUP BY order_id) l ON l.order_id = s.id
        WHERE s.total_minor <> l.total OR s.total_base_minor <> l.base""",
    ),
    (
        "payments_add_up",
        "an invoice's paid amount is the sum of its payments, dated after it was issued",
        """SELECT COUNT(*) FROM {invoice} i WHERE i.paid_minor <> COALESCE(
            (SELECT SUM(p.amount_minor) FROM {payment} p WHERE p.invoice_id = i.id), 0)
            OR EXISTS (SELECT 1 FROM {payment} p
                       WHERE p.invoice_id = i.id AND p.paid_on < i.issue_date)""",
    ),
    (
        "paid_iff_fully_paid",
        "an invoice is paid exactly when fully paid, on its last payment's date",
        """SELECT COUNT(*) FROM {invoice} i WHERE
            (i.status = 'paid') <> (i.paid_minor = i.total_minor)
            OR (i.status = 'partially_paid') <> (i.paid_minor > 0 AND i.paid_minor < i.total_minor)
            OR (i.status = 'paid' AND i.paid_on IS DISTINCT FROM
                (SELECT MAX(p.paid_on) FROM {payment} p WHERE p.invoice_id = i.id))""",
    ),
    (
        "order_status_follows_invoices",
        "invoiced and paid orders are fully billed; paid ones fully paid on the last date",
        """SELECT COUNT(*) FROM {order} s LEFT JOIN (
            SELECT order_id, SUM(total_minor) AS billed, MAX(paid_on) AS last_paid,
                   SUM(CASE WHEN status = 'paid' THEN 0 ELSE 1 END) AS unpaid
            FROM {invoice} GROUP BY order_id) i ON i.order_id = s.id
        WHERE (s.status IN ('invoiced', 'paid') AND COALESCE(i.billed, 0) <> s.total_minor)
           OR (s.status = 'paid' AND (i.unpaid <> 0 OR s.paid_on IS DISTINCT FROM i.last_paid))
           OR (s.status = 'invoiced' AND i.unpaid = 0)
           OR (s.status IN ('draft', 'cancelled') AND i.order_id IS NOT NULL)""",
    ),
    (
        "quotes_add_up",
        "a quote's subtotal is the sum of its lines and its total adds the tax",
        """SELECT COUNT(*) FROM {quote} q WHERE q.total_minor <> q.subtotal_minor + q.tax_minor
            OR q.subtotal_minor <> COALESCE(
                (SELECT SUM(l.total_minor) FROM {quote_line} l WHERE l.quote_id = q.id), 0)""",
    ),
    (
        "renewals_on_the_same_account",
        "a contract's renewal opportunity is a renewal of the same account",
        """SELECT COUNT(*) FROM {contract} c JOIN {opp} o ON o.id = c.renewal_opportunity_id
        WHERE o.type <> 'renewal' OR o.account_id <> c.account_id""",
    ),
    (
        "csat_after_resolution",
        "CSAT answers a resolved or closed case, after its resolution",
        """SELECT COUNT(*) FROM {survey} v JOIN {case} c ON c.id = v.case_id
        WHERE v.kind <> 'csat' OR c.status NOT IN ('resolved', 'closed')
           OR v.responded_at < c.resolved_at""",
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


def check_all() -> list[Violation]:
    """Every rule, structural and monetary; an empty list means the data keeps them all."""
    found = check_structure()
    for check, rows in wrong_base_amounts().items():
        found.append(Violation(check, "base amount = convert_minor at the dated rate", rows))
    return found


def check_structure() -> list[Violation]:
    """Every rule above, counted; an empty list means the data keeps them all."""
    found = []
    with connection.cursor() as cursor:
        for name, rule, sql in CHECKS:
            text = sql.format(**quoted(), tracked_value=TRACKED_VALUE, closed_day=CLOSED_DAY)
            cursor.execute(_portable(text))
            (rows,) = cursor.fetchone()
            if rows:
                found.append(Violation(name, rule, rows))
        for table in NUMBERED:
            sql = NUMBERING.format(table=quoted()[table], counter=quoted()["counter"])
            cursor.execute(sql)
            (rows,) = cursor.fetchone()
            if rows:
                found.append(Violation(f"{table}_numbers_gapless", "numbers 1..n per year", rows))
    return found


def quoted() -> dict[str, str]:
    return {key: connection.ops.quote_name(name) for key, name in NAMES.items()}


def _portable(sql: str) -> str:
    """SQLite spells PostgreSQL's IS DISTINCT FROM as IS NOT."""
    if connection.vendor == "sqlite":
        return sql.replace("IS DISTINCT FROM", "IS NOT")
    return sql

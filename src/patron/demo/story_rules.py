"""Rules the demo's stories keep beyond what the services guarantee.

`patron.bulk.invariants.RULES` holds what any Patron data keeps; a generated company
keeps more, because each account is written as one coherent story: every deal is made
of line items, moves only forward through its stages and closes on its close date;
every account has one primary contact; customers became customers with their first win
and are owned by whoever they were handed off to; orders are billed in full; CSAT
answers resolved cases. Real data need not (a deal moved back a stage, a case reopened
after its survey, an imported account without contacts), so these rules are checked
after a demo load only: `check_all(extra=STORY_RULES)`.
"""

from __future__ import annotations

from patron.bulk.invariants import Rule

STORY_RULES: tuple[Rule, ...] = (
    Rule(
        "deals_made_of_lines",
        "every generated deal is made of line items (so its amount is their sum)",
        """SELECT COUNT(*) FROM {opp} o
        WHERE NOT EXISTS (SELECT 1 FROM {line} l WHERE l.opportunity_id = o.id)""",
    ),
    Rule(
        "stages_in_pipeline_order",
        "a deal moves forward through its pipeline's stages, never back",
        """SELECT COUNT(*) FROM (
            SELECT s."order" AS position,
                   LAG(s."order") OVER (PARTITION BY h.opportunity_id ORDER BY h.id) AS previous
            FROM {history} h JOIN {stage} s ON CAST(s.id AS TEXT) = h.new_value
            WHERE h.field = 'stage') x
        WHERE previous IS NOT NULL AND position <= previous""",
    ),
    Rule(
        "closed_on_close_date",
        "a closed deal closed on its close date, and its status changed then",
        """SELECT COUNT(*) FROM {opp} o
        WHERE o.status <> 'open' AND ({closed_day} <> CAST(o.close_date AS TEXT)
          OR o.closed_at <> (SELECT h.changed_at FROM {history} h
                             WHERE h.opportunity_id = o.id AND h.field = 'status'
                             ORDER BY h.id DESC LIMIT 1))""",
    ),
    Rule(
        "one_primary_contact",
        "every account has exactly one primary contact",
        """SELECT COUNT(*) FROM {account} a WHERE 1 <> (
            SELECT COUNT(*) FROM {contact} c WHERE c.account_id = a.id AND c.is_primary)""",
    ),
    Rule(
        "customer_since_is_first_win",
        "customer since is the first won deal's close date; prospects never won",
        """SELECT COUNT(*) FROM {account} a LEFT JOIN (
            SELECT account_id, MIN(close_date) AS first_win FROM {opp}
            WHERE status = 'won' GROUP BY account_id) w ON w.account_id = a.id
        WHERE CAST(a.customer_since AS TEXT) IS DISTINCT FROM CAST(w.first_win AS TEXT)
            OR (a.lifecycle = 'prospect' AND a.customer_since IS NOT NULL)
            OR (a.lifecycle IN ('customer', 'churned') AND a.customer_since IS NULL)""",
    ),
    Rule(
        "orders_after_customer_since",
        "no order is dated before its account became a customer",
        """SELECT COUNT(*) FROM {order} s JOIN {account} a ON a.id = s.account_id
        WHERE a.customer_since IS NULL OR s.order_date < a.customer_since""",
    ),
    Rule(
        "owner_after_handoff",
        "a handed-off account is owned by the person it was handed to",
        """SELECT COUNT(*) FROM {handoff} h JOIN {account} a ON a.id = h.account_id
        WHERE a.owner_id <> h.to_user_id OR h.handed_off_on < a.customer_since""",
    ),
    Rule(
        "last_touch_is_latest_activity",
        "a contact's last touch is their latest completed activity",
        """SELECT COUNT(*) FROM {contact} c LEFT JOIN (
            SELECT ac.contact_id, MAX(a.completed_at) AS last_done FROM {activity_contact} ac
            JOIN {activity} a ON a.id = ac.activity_id
            WHERE a.status = 'completed' GROUP BY ac.contact_id) t ON t.contact_id = c.id
        WHERE c.last_touched_at IS DISTINCT FROM t.last_done""",
    ),
    Rule(
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
    Rule(
        "csat_after_resolution",
        "CSAT answers a resolved or closed case, after its resolution",
        """SELECT COUNT(*) FROM {survey} v JOIN {case} c ON c.id = v.case_id
        WHERE v.kind <> 'csat' OR c.status NOT IN ('resolved', 'closed')
           OR v.responded_at < c.resolved_at""",
    ),
)

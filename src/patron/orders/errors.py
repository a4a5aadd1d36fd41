"""Stable codes of the order-to-cash rules.

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely). Codes of
generic checks (required, too long, amounts, currencies, owners) are
`core.errors.CommonErrorCode`'s; those of line pricing `catalog.errors.CatalogErrorCode`'s.
"""

from __future__ import annotations

from enum import StrEnum


class OrderErrorCode(StrEnum):
    """Why an order, invoice, payment or contract operation was refused."""

    INVALID_TRANSITION = "invalid_transition"
    ONE_SOURCE_ONLY = "one_source_only"
    ACCOUNT_MISMATCH = "account_mismatch"
    OPPORTUNITY_NOT_WON = "opportunity_not_won"
    CONTRACT_NOT_ACTIVE = "contract_not_active"
    OUTSIDE_CONTRACT = "outside_contract"
    NO_LINES = "no_lines"
    HAS_INVOICES = "has_invoices"
    NOTHING_TO_INVOICE = "nothing_to_invoice"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    EXCEEDS_UNINVOICED = "exceeds_uninvoiced"
    EXCEEDS_BALANCE = "exceeds_balance"
    BEFORE_ORDER_DATE = "before_order_date"
    BEFORE_ISSUE_DATE = "before_issue_date"
    NOT_INVOICEABLE = "not_invoiceable"
    NOT_PAYABLE = "not_payable"
    HAS_PAYMENTS = "has_payments"
    ENDS_BEFORE_START = "ends_before_start"
    CONTRACT_ENDED = "contract_ended"
    CONTRACT_NOT_ENDED = "contract_not_ended"

"""Stable codes of the order-to-cash errors.

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class OrderErrorCode(StrEnum):
    """Why an order, invoice, payment or contract operation was refused."""

    INVALID_TRANSITION = "invalid_transition"
    ONE_SOURCE_ONLY = "one_source_only"
    ACCOUNT_REQUIRED = "account_required"
    ACCOUNT_MISMATCH = "account_mismatch"
    CURRENCY_REQUIRED = "currency_required"
    UNKNOWN_CURRENCY = "unknown_currency"
    WRONG_CURRENCY = "wrong_currency"
    TOO_PRECISE = "too_precise"
    OPPORTUNITY_NOT_WON = "opportunity_not_won"
    CONTRACT_NOT_ACTIVE = "contract_not_active"
    OUTSIDE_CONTRACT = "outside_contract"
    NO_LINES = "no_lines"
    UNKNOWN_PRODUCT = "unknown_product"
    PRODUCT_INACTIVE = "product_inactive"
    PRICE_REQUIRED = "price_required"
    QUANTITY_OUT_OF_RANGE = "quantity_out_of_range"
    AMOUNT_TOO_LARGE = "amount_too_large"
    NEGATIVE_AMOUNT = "negative_amount"
    DISCOUNT_OUT_OF_RANGE = "discount_out_of_range"
    UNKNOWN_OWNER = "unknown_owner"
    REASON_REQUIRED = "reason_required"
    HAS_INVOICES = "has_invoices"
    NOTHING_TO_INVOICE = "nothing_to_invoice"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    EXCEEDS_UNINVOICED = "exceeds_uninvoiced"
    EXCEEDS_BALANCE = "exceeds_balance"
    BEFORE_ORDER_DATE = "before_order_date"
    BEFORE_ISSUE_DATE = "before_issue_date"
    TERMS_OUT_OF_RANGE = "terms_out_of_range"
    NOT_INVOICEABLE = "not_invoiceable"
    UNKNOWN_METHOD = "unknown_method"
    TOO_LONG = "too_long"
    NOT_PAYABLE = "not_payable"
    HAS_PAYMENTS = "has_payments"
    ENDS_BEFORE_START = "ends_before_start"
    VALUE_REQUIRED = "value_required"
    CONTRACT_ENDED = "contract_ended"

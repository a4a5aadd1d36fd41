"""Stable codes of the pipeline errors (leads, opportunities, line items).

The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class PipelineErrorCode(StrEnum):
    """Why a lead or opportunity operation was refused."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    UNKNOWN_CHOICE = "unknown_choice"
    UNKNOWN_OWNER = "unknown_owner"
    OWNER_CANNOT_SELL = "owner_cannot_sell"
    UNKNOWN_CURRENCY = "unknown_currency"
    WRONG_CURRENCY = "wrong_currency"
    TOO_PRECISE = "too_precise"
    NEGATIVE_AMOUNT = "negative_amount"
    AMOUNT_TOO_LARGE = "amount_too_large"
    NO_PIPELINE = "no_pipeline"
    UNKNOWN_PIPELINE = "unknown_pipeline"
    NO_OPEN_STAGE = "no_open_stage"
    NO_WON_STAGE = "no_won_stage"
    NO_LOST_STAGE = "no_lost_stage"
    STAGE_NOT_IN_PIPELINE = "stage_not_in_pipeline"
    STAGE_NOT_OPEN = "stage_not_open"
    CLOSES_BEFORE_OPENING = "closes_before_opening"
    IN_FUTURE = "in_future"
    ALREADY_CLOSED = "already_closed"
    NOT_CLOSED = "not_closed"
    CLOSED_CATEGORY = "closed_category"
    TERM_OUT_OF_RANGE = "term_out_of_range"
    AMOUNT_FROM_LINES = "amount_from_lines"
    DUPLICATE_EXTERNAL_ID = "duplicate_external_id"
    UNKNOWN_CAMPAIGN = "unknown_campaign"
    UNKNOWN_COMPETITOR = "unknown_competitor"
    UNKNOWN_PRODUCT = "unknown_product"
    PRODUCT_INACTIVE = "product_inactive"
    PRICE_REQUIRED = "price_required"
    QUANTITY_OUT_OF_RANGE = "quantity_out_of_range"
    DISCOUNT_OUT_OF_RANGE = "discount_out_of_range"
    INVALID_EMAIL = "invalid_email"
    UNKNOWN_COUNTRY = "unknown_country"
    LEAD_CLOSED = "lead_closed"
    LEAD_DISQUALIFIED = "lead_disqualified"
    INVALID_TRANSITION = "invalid_transition"
    AMBIGUOUS_ACCOUNT = "ambiguous_account"

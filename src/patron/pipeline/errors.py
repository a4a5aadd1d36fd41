"""Stable codes of the pipeline's own rules (leads, campaigns, pipelines and stages,
opportunities).

Codes of the generic checks (required, too long, unknown choice, money, owner) are
`core.errors.CommonErrorCode`; line pricing codes are `catalog.errors.CatalogErrorCode`.
The codes are part of the API and the import reports: clients match on them, so a code
never changes once released (messages are translated and may change freely).
"""

from __future__ import annotations

from enum import StrEnum


class PipelineErrorCode(StrEnum):
    """Why a lead, campaign, pipeline, stage or opportunity operation was refused."""

    NO_PIPELINE = "no_pipeline"
    UNKNOWN_PIPELINE = "unknown_pipeline"
    NO_OPEN_STAGE = "no_open_stage"
    NO_WON_STAGE = "no_won_stage"
    NO_LOST_STAGE = "no_lost_stage"
    STAGE_NOT_IN_PIPELINE = "stage_not_in_pipeline"
    STAGE_NOT_OPEN = "stage_not_open"
    CLOSES_BEFORE_OPENING = "closes_before_opening"
    ALREADY_CLOSED = "already_closed"
    NOT_CLOSED = "not_closed"
    CLOSED_CATEGORY = "closed_category"
    TERM_OUT_OF_RANGE = "term_out_of_range"
    AMOUNT_FROM_LINES = "amount_from_lines"
    DUPLICATE_EXTERNAL_ID = "duplicate_external_id"
    UNKNOWN_CAMPAIGN = "unknown_campaign"
    UNKNOWN_COMPETITOR = "unknown_competitor"
    LEAD_CLOSED = "lead_closed"
    LEAD_DISQUALIFIED = "lead_disqualified"
    INVALID_TRANSITION = "invalid_transition"
    AMBIGUOUS_ACCOUNT = "ambiguous_account"
    # Campaigns.
    ENDS_BEFORE_START = "ends_before_start"
    # Pipelines and stages.
    PROBABILITY_FOR_CATEGORY = "probability_for_category"
    CLOSING_STAGE_TAKEN = "closing_stage_taken"
    CLOSING_STAGE_NEEDED = "closing_stage_needed"
    LAST_OPEN_STAGE = "last_open_stage"
    STAGE_IN_USE = "stage_in_use"
    # People and competitors in a deal.
    CONTACT_NOT_ON_ACCOUNT = "contact_not_on_account"
    NOT_IN_DEAL = "not_in_deal"

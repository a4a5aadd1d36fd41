"""Line items of a deal: the products, quantities, prices and discounts it is made of.

Lines are priced by `catalog.pricing`, the one rule for deals, quotes and orders.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from patron.catalog.pricing import LineInput, price_lines
from patron.core.audit import record_bulk_created, record_changed, record_deleted, snapshot
from patron.core.currency import to_base_minor
from patron.core.errors import RuleViolation
from patron.core.models import update_versioned
from patron.core.operations import service
from patron.org.models import User
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.history import record_changes, tracked_values
from patron.pipeline.models import Opportunity, OpportunityLine
from patron.pipeline.services.checks import opportunity_for_change


@service
def set_opportunity_lines(
    *, actor: User, opportunity_id: int, version: int, lines: Sequence[LineInput]
) -> Opportunity:
    """Replace the deal's line items with `lines`.

    The deal's amount becomes the sum of its line totals (an amount history row when
    it changes; no lines sum to zero) and its base amount is converted again at the
    close-date rate; the deal is recurring exactly when one of its products is. A
    closed deal keeps its lines: they are what was booked. The trail records each
    removed line, each new one and the deal's own change.
    """
    deal = opportunity_for_change(actor, opportunity_id, version)
    if deal.status != OpportunityStatus.OPEN:
        raise RuleViolation(
            "lines",
            PipelineErrorCode.ALREADY_CLOSED,
            _("This opportunity is closed; reopen it to change its lines."),
        )
    priced = price_lines(lines, currency=deal.currency)
    amount_minor = sum(line.total_minor for line in priced)
    before = tracked_values(deal)
    audit_before = snapshot(deal)
    deal.amount_minor = amount_minor
    deal.amount_base_minor = to_base_minor(
        amount_minor, deal.currency, deal.close_date, field="close_date"
    )
    deal.is_recurring = any(line.product.is_recurring for line in priced)
    update_versioned(
        deal, expected_version=version, fields=["amount_minor", "amount_base_minor", "is_recurring"]
    )
    removed = list(OpportunityLine.objects.filter(opportunity=deal).order_by("pk"))
    for line in removed:
        record_deleted(line, actor=actor)
    OpportunityLine.objects.filter(pk__in=[line.pk for line in removed]).delete()
    created = OpportunityLine.objects.bulk_create(
        [OpportunityLine(opportunity=deal, created_by=actor, **line.as_fields()) for line in priced]
    )
    record_bulk_created(created, actor=actor)
    record_changes(deal, actor=actor, before=before)
    record_changed(
        deal,
        actor=actor,
        before=audit_before,
        action="set_lines",
        extra={"lines": [line.pk for line in created]},
    )
    return deal

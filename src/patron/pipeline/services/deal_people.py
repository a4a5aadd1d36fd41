"""Who is in a deal: the customer's contacts and the part each plays (decision maker,
champion…), and the competitors the deal is fought against.

Both are changed by whoever may change the deal (see `checks.deal_for_change`), open
or closed: win/loss analysis reads them after the close. Adding or removing one does
not change the deal itself, so it takes no deal version; the rows are created or
removed whole, each with its audit event.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import update_versioned
from patron.core.operations import service
from patron.org.models import User
from patron.pipeline.cleaning.deal_people import (
    OpportunityCompetitorInput,
    OpportunityContactRoleInput,
    clean_opportunity_competitor,
    clean_opportunity_contact_role,
    opportunity_competitor_context,
    opportunity_contact_role_context,
)
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import OpportunityCompetitor, OpportunityContactRole
from patron.pipeline.services.checks import deal_for_change

__all__ = [
    "add_opportunity_competitor",
    "add_opportunity_contact_role",
    "remove_opportunity_competitor",
    "remove_opportunity_contact_role",
]


@service
def add_opportunity_contact_role(
    *,
    actor: User,
    opportunity_id: int,
    contact_id: int,
    role: str = "",
    is_primary: bool = False,
) -> OpportunityContactRole:
    """Name a contact of the deal's own account in the deal, with their buying role.

    A contact of another company cannot sign this deal. A deal has one primary
    contact: naming a new one makes the previous primary an ordinary participant.
    """
    # The checks are `clean_opportunity_contact_role`'s, on a context built (and the
    # deal locked) for this one row; the first error found is raised.
    values = raise_first(
        clean_opportunity_contact_role(
            OpportunityContactRoleInput(
                opportunity_id=opportunity_id,
                contact_id=contact_id,
                role=role,
                is_primary=is_primary,
            ),
            opportunity_contact_role_context(
                actor, opportunity_ids=[opportunity_id], contact_ids=[contact_id], lock=True
            ),
        )
    )
    if values.is_primary:
        for previous in OpportunityContactRole.objects.filter(
            opportunity=values.opportunity, is_primary=True
        ):
            before = snapshot(previous)
            previous.is_primary = False
            update_versioned(previous, expected_version=previous.version, fields=["is_primary"])
            record_changed(previous, actor=actor, before=before)
    link = OpportunityContactRole.objects.create(**vars(values), created_by=actor)
    record_created(link, actor=actor)
    return link


@service
def remove_opportunity_contact_role(*, actor: User, opportunity_id: int, contact_id: int) -> None:
    """Take a contact out of the deal (the contact itself stays on the account)."""
    deal = deal_for_change(actor, opportunity_id)
    link = OpportunityContactRole.objects.filter(opportunity=deal, contact_id=contact_id).first()
    if link is None:
        raise RuleViolation(
            "contact", PipelineErrorCode.NOT_IN_DEAL, _("This contact is not in the deal.")
        )
    record_deleted(link, actor=actor, action="remove")
    link.delete()


@service
def add_opportunity_competitor(
    *, actor: User, opportunity_id: int, competitor_id: int, note: str = ""
) -> OpportunityCompetitor:
    """Record that a competitor is in the deal, with what we know of their offer."""
    # The checks are `clean_opportunity_competitor`'s, on a context built (and the deal
    # locked) for this one row; the first error found is raised.
    values = raise_first(
        clean_opportunity_competitor(
            OpportunityCompetitorInput(
                opportunity_id=opportunity_id, competitor_id=competitor_id, note=note
            ),
            opportunity_competitor_context(
                actor,
                opportunity_ids=[opportunity_id],
                competitor_ids=[competitor_id],
                lock=True,
            ),
        )
    )
    link = OpportunityCompetitor.objects.create(**vars(values), created_by=actor)
    record_created(link, actor=actor)
    return link


@service
def remove_opportunity_competitor(*, actor: User, opportunity_id: int, competitor_id: int) -> None:
    """Take a competitor out of the deal. The deal's main competitor (who won a lost
    deal) is a field of the deal and stays."""
    deal = deal_for_change(actor, opportunity_id)
    link = OpportunityCompetitor.objects.filter(
        opportunity=deal, competitor_id=competitor_id
    ).first()
    if link is None:
        raise RuleViolation(
            "competitor",
            PipelineErrorCode.NOT_IN_DEAL,
            _("This competitor is not in the deal."),
        )
    record_deleted(link, actor=actor, action="remove")
    link.delete()

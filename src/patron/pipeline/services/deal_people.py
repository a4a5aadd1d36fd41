"""Who is in a deal: the customer's contacts and the part each plays (decision maker,
champion…), and the competitors the deal is fought against.

Both are changed by whoever may change the deal (see `checks.deal_for_change`), open
or closed: win/loss analysis reads them after the close. Adding or removing one does
not change the deal itself, so it takes no deal version; the rows are created or
removed whole, each with its audit event.
"""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext as _

from patron.accounts.choices import BuyingRole
from patron.accounts.models import Competitor, Contact
from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import update_versioned
from patron.core.operations import service
from patron.core.validation import require_choice
from patron.org.models import User
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import OpportunityCompetitor, OpportunityContactRole
from patron.pipeline.services.checks import competitor_or_none, deal_for_change

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
    deal = deal_for_change(actor, opportunity_id)
    contact = Contact.objects.filter(pk=contact_id, account_id=deal.account_id).first()
    if contact is None:
        raise RuleViolation(
            "contact",
            PipelineErrorCode.CONTACT_NOT_ON_ACCOUNT,
            _("Choose a contact of the deal's account."),
        )
    role = require_choice(role, field="role", choices=BuyingRole.values, blank=True)
    if OpportunityContactRole.objects.filter(opportunity=deal, contact=contact).exists():
        raise RuleViolation(
            "contact", CommonErrorCode.DUPLICATE, _("This contact is already in the deal.")
        )
    if is_primary:
        for previous in OpportunityContactRole.objects.filter(opportunity=deal, is_primary=True):
            before = snapshot(previous)
            previous.is_primary = False
            update_versioned(previous, expected_version=previous.version, fields=["is_primary"])
            record_changed(previous, actor=actor, before=before)
    link = OpportunityContactRole.objects.create(
        opportunity=deal, contact=contact, role=role, is_primary=is_primary, created_by=actor
    )
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
    deal = deal_for_change(actor, opportunity_id)
    # An id is given, so an unknown one is refused: never None here.
    competitor = cast(Competitor, competitor_or_none(competitor_id, field="competitor"))
    if OpportunityCompetitor.objects.filter(opportunity=deal, competitor=competitor).exists():
        raise RuleViolation(
            "competitor",
            CommonErrorCode.DUPLICATE,
            _("This competitor is already in the deal."),
        )
    link = OpportunityCompetitor.objects.create(
        opportunity=deal, competitor=competitor, note=note.strip(), created_by=actor
    )
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

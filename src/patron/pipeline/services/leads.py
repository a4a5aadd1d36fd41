"""Leads: taking one in and working it — new → working → qualified or disqualified.

Conversion into account, contact and opportunity is in `services/conversion.py`.
Response and qualification times are the moment of the operation, never typed in, so
first-response time (K31) and lead quality by source (K32) measure what happened.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.services.accounts import COUNTRY_CODES
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.org.models import User
from patron.pipeline.choices import DisqualifyReason, LeadSource, LeadStatus
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Campaign, Lead
from patron.pipeline.services.checks import (
    lead_for_change,
    require_choice,
    require_text,
    resolve_seller,
)

# Statuses in which a lead is still being worked.
WORKABLE = frozenset({LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED})


@transaction.atomic
def create_lead(
    *,
    actor: User,
    first_name: str,
    company: str,
    source: str,
    last_name: str = "",
    title: str = "",
    email: str = "",
    phone: str = "",
    country: str = "",
    campaign_id: int | None = None,
    owner_id: int | None = None,
) -> Lead:
    """Record a new lead, owned by the actor unless they name someone whose records
    they may change. Its source is required: lead quality is judged by it (K32)."""
    owner = resolve_seller(actor, owner_id)
    email = require_text(email, field="email", limit=254)
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise RuleViolation(
                "email", PipelineErrorCode.INVALID_EMAIL, _("Enter a valid e-mail address.")
            ) from error
    country = country.strip().upper()
    if country and country not in COUNTRY_CODES:
        raise RuleViolation(
            "country", PipelineErrorCode.UNKNOWN_COUNTRY, _("Choose a country from the list.")
        )
    campaign = None
    if campaign_id is not None:
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            raise RuleViolation(
                "campaign", PipelineErrorCode.UNKNOWN_CAMPAIGN, _("There is no such campaign.")
            )
    return Lead.objects.create(
        first_name=require_text(first_name, field="first_name", limit=100, required=True),
        last_name=require_text(last_name, field="last_name", limit=100),
        company=require_text(company, field="company", limit=200, required=True),
        title=require_text(title, field="title", limit=150),
        email=email,
        phone=require_text(phone, field="phone", limit=40),
        country=country,
        source=require_choice(source, field="source", choices=LeadSource.values),
        campaign=campaign,
        owner=owner,
        status=LeadStatus.NEW,
        created_by=actor,
    )


@transaction.atomic
def record_lead_response(*, actor: User, lead_id: int, version: int) -> Lead:
    """The lead got its first answer: `first_responded_at` is set now, once — later
    responses never move it — and a new lead becomes working."""
    lead = _workable_lead(actor, lead_id, version)
    if lead.first_responded_at is not None and lead.status != LeadStatus.NEW:
        return lead
    if lead.first_responded_at is None:
        lead.first_responded_at = timezone.now()
    if lead.status == LeadStatus.NEW:
        lead.status = LeadStatus.WORKING
    update_versioned(lead, expected_version=version, fields=["first_responded_at", "status"])
    return lead


@transaction.atomic
def qualify_lead(*, actor: User, lead_id: int, version: int) -> Lead:
    """New or working → qualified: a real buyer with a need. A lead qualified before any
    response was recorded was answered then at the latest, so its first response is
    set to the same moment."""
    lead = _workable_lead(actor, lead_id, version)
    if lead.status == LeadStatus.QUALIFIED:
        raise RuleViolation(
            "status", PipelineErrorCode.INVALID_TRANSITION, _("This lead is already qualified.")
        )
    now = timezone.now()
    lead.status = LeadStatus.QUALIFIED
    lead.qualified_at = now
    if lead.first_responded_at is None:
        lead.first_responded_at = now
    update_versioned(
        lead, expected_version=version, fields=["status", "qualified_at", "first_responded_at"]
    )
    return lead


@transaction.atomic
def disqualify_lead(*, actor: User, lead_id: int, version: int, reason: str) -> Lead:
    """New, working or qualified → disqualified, with a reason (lead quality by source
    needs to know why leads fail). A disqualified lead is never converted."""
    lead = _workable_lead(actor, lead_id, version)
    if not reason:
        raise RuleViolation(
            "reason", PipelineErrorCode.REQUIRED, _("Say why the lead is disqualified.")
        )
    lead.disqualify_reason = require_choice(reason, field="reason", choices=DisqualifyReason.values)
    lead.status = LeadStatus.DISQUALIFIED
    update_versioned(lead, expected_version=version, fields=["status", "disqualify_reason"])
    return lead


def _workable_lead(actor: User, lead_id: int, version: int) -> Lead:
    lead = lead_for_change(actor, lead_id)
    require_version(lead, version)
    if lead.status not in WORKABLE:
        raise RuleViolation(
            "status",
            PipelineErrorCode.LEAD_CLOSED,
            _("This lead is %(status)s; it is no longer worked.")
            % {"status": LeadStatus(lead.status).label},
        )
    return lead

"""Leads: taking one in, correcting it, and working it — new → working → qualified or
disqualified.

Conversion into account, contact and opportunity is in `services/conversion.py`.
Response and qualification times are the moment of the operation, never typed in, so
first-response time (K31) and lead quality by source (K32) measure what happened.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_country, require_email
from patron.org.models import User
from patron.org.policy import resolve_owner
from patron.pipeline.choices import DisqualifyReason, LeadSource, LeadStatus
from patron.pipeline.cleaning.leads import LeadInput, clean_lead, lead_context, lead_text
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Lead
from patron.pipeline.services.checks import campaign_or_none, lead_for_change

# Statuses in which a lead is still being worked.
WORKABLE = frozenset({LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED})


@service
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
    they may change. Its source is required: lead quality is judged by it (K32).

    The checks are `clean_lead`'s, on a context built for this one row (an import
    builds one for a whole file); the first error found is raised."""
    raw = LeadInput(
        first_name=first_name,
        company=company,
        source=source,
        last_name=last_name,
        title=title,
        email=email,
        phone=phone,
        country=country,
        campaign_id=campaign_id,
        owner_id=owner_id,
    )
    context = lead_context(actor, owner_ids=[owner_id], campaign_ids=[campaign_id])
    values = raise_first(clean_lead(raw, context))
    lead = Lead.objects.create(**vars(values), status=LeadStatus.NEW, created_by=actor)
    record_created(lead, actor=actor)
    return lead


@service
def update_lead(
    *,
    actor: User,
    lead_id: int,
    version: int,
    first_name: str | Unset = UNSET,
    last_name: str | Unset = UNSET,
    company: str | Unset = UNSET,
    title: str | Unset = UNSET,
    email: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    country: str | Unset = UNSET,
    source: str | Unset = UNSET,
    campaign_id: int | Unset | None = UNSET,
    owner_id: int | Unset = UNSET,
) -> Lead:
    """Correct who the lead is and where it came from, or give it to another owner;
    arguments left out keep their value. Its status moves only through the working
    services.

    A converted lead is left as it was converted: its account, contact and deal were
    made from these values, and K32 judges the source it had then. A new owner must be
    someone whose records the actor may change.
    """
    lead = lead_for_change(actor, lead_id)
    require_version(lead, version)
    if lead.status == LeadStatus.CONVERTED:
        raise RuleViolation(
            "status",
            PipelineErrorCode.LEAD_CLOSED,
            _("This lead is %(status)s; it is no longer worked.")
            % {"status": LeadStatus(lead.status).label},
        )
    before = snapshot(lead)
    fields: list[str] = []
    texts = {
        "first_name": first_name,
        "last_name": last_name,
        "company": company,
        "title": title,
        "phone": phone,
    }
    for name, value in texts.items():
        if not isinstance(value, Unset):
            setattr(lead, name, lead_text(name, value))
            fields.append(name)
    if not isinstance(email, Unset):
        lead.email = require_email(email)
        fields.append("email")
    if not isinstance(country, Unset):
        lead.country = require_country(country)
        fields.append("country")
    if not isinstance(source, Unset):
        lead.source = require_choice(source, field="source", choices=LeadSource.values)
        fields.append("source")
    if not isinstance(campaign_id, Unset):
        lead.campaign = campaign_or_none(campaign_id)
        fields.append("campaign")
    if not isinstance(owner_id, Unset):
        lead.owner = resolve_owner(actor, owner_id)
        fields.append("owner")
    if snapshot(lead) == before:
        # Nothing to write: the version stays, as no one's view of the lead is stale.
        return lead
    update_versioned(lead, expected_version=version, fields=fields)
    record_changed(lead, actor=actor, before=before)
    return lead


@service
def record_lead_response(*, actor: User, lead_id: int, version: int) -> Lead:
    """The lead got its first answer: `first_responded_at` is set now, once — later
    responses never move it — and a new lead becomes working."""
    lead = _workable_lead(actor, lead_id, version)
    if lead.first_responded_at is not None and lead.status != LeadStatus.NEW:
        return lead
    before = snapshot(lead)
    if lead.first_responded_at is None:
        lead.first_responded_at = timezone.now()
    if lead.status == LeadStatus.NEW:
        lead.status = LeadStatus.WORKING
    update_versioned(lead, expected_version=version, fields=["first_responded_at", "status"])
    record_changed(lead, actor=actor, before=before, action="respond")
    return lead


@service
def qualify_lead(*, actor: User, lead_id: int, version: int) -> Lead:
    """New or working → qualified: a real buyer with a need. A lead qualified before any
    response was recorded was answered then at the latest, so its first response is
    set to the same moment."""
    lead = _workable_lead(actor, lead_id, version)
    if lead.status == LeadStatus.QUALIFIED:
        raise RuleViolation(
            "status", PipelineErrorCode.INVALID_TRANSITION, _("This lead is already qualified.")
        )
    before = snapshot(lead)
    now = timezone.now()
    lead.status = LeadStatus.QUALIFIED
    lead.qualified_at = now
    if lead.first_responded_at is None:
        lead.first_responded_at = now
    update_versioned(
        lead, expected_version=version, fields=["status", "qualified_at", "first_responded_at"]
    )
    record_changed(lead, actor=actor, before=before, action="qualify")
    return lead


@service
def disqualify_lead(*, actor: User, lead_id: int, version: int, reason: str) -> Lead:
    """New, working or qualified → disqualified, with a reason (lead quality by source
    needs to know why leads fail). A disqualified lead is never converted."""
    lead = _workable_lead(actor, lead_id, version)
    if not reason:
        raise RuleViolation(
            "reason", CommonErrorCode.REQUIRED, _("Say why the lead is disqualified.")
        )
    before = snapshot(lead)
    lead.disqualify_reason = require_choice(reason, field="reason", choices=DisqualifyReason.values)
    lead.status = LeadStatus.DISQUALIFIED
    update_versioned(lead, expected_version=version, fields=["status", "disqualify_reason"])
    record_changed(lead, actor=actor, before=before, action="disqualify")
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

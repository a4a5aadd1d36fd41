"""Converting a lead into an account, a contact and an opportunity in one step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.models import Account, Contact
from patron.accounts.selectors import visible_account
from patron.accounts.services.accounts import create_account
from patron.accounts.services.contacts import create_contact
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.core.validation import require_text
from patron.org.models import User
from patron.org.policy import resolve_owner
from patron.pipeline.choices import LeadStatus, OpportunityType
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Lead, Opportunity, OpportunityContactRole
from patron.pipeline.services.checks import lead_for_change
from patron.pipeline.services.opportunities import NAME_MAX_LENGTH, create_opportunity


@dataclass(frozen=True, slots=True)
class Conversion:
    """What a lead became. Contact and opportunity are None only if someone deleted
    them after the conversion (the lead's links are set null then)."""

    lead: Lead
    account: Account
    contact: Contact | None
    opportunity: Opportunity | None


@service
def convert_lead(
    *,
    actor: User,
    lead_id: int,
    version: int,
    close_date: date,
    account_id: int | None = None,
    opportunity_name: str = "",
    amount: Money | None = None,
    currency: str | None = None,
    type: str = OpportunityType.NEW_BUSINESS,
) -> Conversion:
    """Turn a lead into an account, a contact and an opportunity, and link them to it.

    Idempotent: converting a converted lead returns the records of its conversion and
    creates nothing, whatever version the retry carries. A disqualified lead is never
    converted. Duplicates are avoided: the account is the one given, else the visible
    account whose name is the lead's company (case-insensitively; two such accounts
    must be told apart by giving one), else a new prospect; the contact is the account's
    contact with the lead's e-mail, else a new one. The opportunity takes the lead's
    source and campaign (K32 follows leads into bookings) and the contact as its
    primary contact. New records belong to the lead's owner (the actor for an
    unassigned lead); `create_opportunity` checks the deal's own rules. The trail shows
    one operation: the records it created and the lead's conversion.
    """
    lead = lead_for_change(actor, lead_id)
    if lead.status == LeadStatus.CONVERTED:
        # The database requires a converted lead to keep its account.
        account = cast(Account, lead.converted_account)
        return Conversion(lead, account, lead.converted_contact, lead.converted_opportunity)
    require_version(lead, version)
    if lead.status == LeadStatus.DISQUALIFIED:
        raise RuleViolation(
            "status",
            PipelineErrorCode.LEAD_DISQUALIFIED,
            _("A disqualified lead cannot be converted."),
        )
    owner = resolve_owner(actor, lead.owner_id)
    opportunity_name = require_text(
        opportunity_name or lead.company, field="opportunity_name", limit=NAME_MAX_LENGTH
    )
    account = _account_for(actor, lead, account_id=account_id, owner=owner)
    contact = _contact_for(actor, lead, account=account, owner=owner)
    opportunity = create_opportunity(
        actor=actor,
        account_id=account.pk,
        name=opportunity_name,
        close_date=close_date,
        amount=amount,
        currency=currency,
        owner_id=owner.pk,
        type=type,
        lead_source=lead.source,
        campaign_id=lead.campaign_id,
    )
    role = OpportunityContactRole.objects.create(
        opportunity=opportunity, contact=contact, is_primary=True, created_by=actor
    )
    record_created(role, actor=actor)
    before = snapshot(lead)
    now = timezone.now()
    lead.status = LeadStatus.CONVERTED
    lead.converted_at = now
    lead.first_responded_at = lead.first_responded_at or now
    lead.converted_account = account
    lead.converted_contact = contact
    lead.converted_opportunity = opportunity
    update_versioned(
        lead,
        expected_version=version,
        fields=[
            "status",
            "converted_at",
            "first_responded_at",
            "converted_account",
            "converted_contact",
            "converted_opportunity",
        ],
    )
    record_changed(lead, actor=actor, before=before, action="convert")
    return Conversion(lead, account, contact, opportunity)


def _account_for(actor: User, lead: Lead, *, account_id: int | None, owner: User) -> Account:
    if account_id is not None:
        return visible_account(actor, account_id)
    company = lead.company.strip()
    # Only visible accounts are matched: matching an invisible one would reveal it.
    matches = list(
        Account.objects.visible_to(actor).filter(name__iexact=company).order_by("pk")[:2]
    )
    if len(matches) > 1:
        raise RuleViolation(
            "account",
            PipelineErrorCode.AMBIGUOUS_ACCOUNT,
            _("Several accounts are called %(name)s; choose one.") % {"name": company},
        )
    if matches:
        return matches[0]
    return create_account(actor=actor, name=company, owner_id=owner.pk, country=lead.country)


def _contact_for(actor: User, lead: Lead, *, account: Account, owner: User) -> Contact:
    if lead.email:
        contact = (
            Contact.objects.filter(account=account, email__iexact=lead.email).order_by("pk").first()
        )
        if contact is not None:
            return contact
    return create_contact(
        actor=actor,
        account_id=account.pk,
        owner_id=owner.pk,
        first_name=lead.first_name,
        last_name=lead.last_name,
        title=lead.title,
        email=lead.email,
        phone=lead.phone,
    )

"""The clean step of creating a lead (see `patron.pipeline.cleaning`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from patron.core.cleaning import Cleaned, ErrorCollector, check_named
from patron.core.validation import require_choice, require_country, require_email, require_text
from patron.org.models import User
from patron.org.policy import active_users_by_id
from patron.org.visibility import with_reporting_tree
from patron.pipeline.choices import LeadSource
from patron.pipeline.cleaning.common import existing_ids, no_campaign, owner_of, require_known
from patron.pipeline.models import Campaign

# The lead columns' lengths.
LEAD_TEXT_LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "company": 200,
    "title": 150,
    "phone": 40,
}
LEAD_REQUIRED = frozenset({"first_name", "company"})


@dataclass(frozen=True)
class LeadInput:
    """A lead as typed or imported."""

    first_name: str
    company: str
    source: str
    last_name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    country: str = ""
    campaign_id: int | None = None
    owner_id: int | None = None


@dataclass(frozen=True)
class LeadContext:
    """What cleaning leads needs from the database: the actor (with their reporting
    tree walked), the active users the rows name as owners, the campaigns that exist."""

    actor: User
    owners: Mapping[int, User]
    campaign_ids: frozenset[int]


@dataclass(frozen=True)
class LeadValues:
    """A lead ready to be written."""

    first_name: str
    last_name: str
    company: str
    title: str
    phone: str
    email: str
    country: str
    source: str
    campaign_id: int | None
    owner: User


def lead_context(
    actor: User, *, owner_ids: Iterable[int | None], campaign_ids: Iterable[int | None]
) -> LeadContext:
    """The context for cleaning leads that name these owners and campaigns."""
    return LeadContext(
        actor=with_reporting_tree(actor),
        owners=active_users_by_id(owner_ids),
        campaign_ids=existing_ids(Campaign, campaign_ids),
    )


def clean_lead(raw: LeadInput, context: LeadContext) -> Cleaned[LeadValues]:
    """Every check of a new lead, each wrong field reported (in the order the service
    checks them, so the first error is the one the service raises)."""
    errors = ErrorCollector()
    owner = check_named(
        errors, "owner", lambda: owner_of(context.actor, raw.owner_id, context.owners)
    )
    texts: dict[str, str] = {}
    for name in LEAD_TEXT_LIMITS:
        with errors.field():
            texts[name] = lead_text(name, getattr(raw, name))
    email = errors.check(lambda: require_email(raw.email), "")
    country = errors.check(lambda: require_country(raw.country), "")
    source = errors.check(
        lambda: require_choice(raw.source, field="source", choices=LeadSource.values), ""
    )
    errors.check(lambda: require_known(raw.campaign_id, context.campaign_ids, no_campaign), None)
    if errors.errors or owner is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        LeadValues(
            first_name=texts["first_name"],
            last_name=texts["last_name"],
            company=texts["company"],
            title=texts["title"],
            phone=texts["phone"],
            email=email,
            country=country,
            source=source,
            campaign_id=raw.campaign_id,
            owner=owner,
        )
    )


def lead_text(name: str, value: str) -> str:
    return require_text(
        value, field=name, limit=LEAD_TEXT_LIMITS[name], required=name in LEAD_REQUIRED
    )

"""Campaigns: what marketing spends to bring leads in.

Cost per lead and lead quality by source (K32) divide a campaign's cost over its
leads, so the cost is money in minor units of its currency, with its base-currency
value converted at the start date's rate (the day the money was committed).

Who may run campaigns: configurers (sales ops, admins) for every campaign, and those
who manage sellers (their role sells and develops people) for the campaigns they or
the people below them own — they buy the events and lists their team works. Reps,
service agents and executives do not change campaigns.
"""

from __future__ import annotations

from datetime import date

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.currency import to_base_minor
from patron.core.errors import NotVisible
from patron.core.models import require_version, update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_text
from patron.org.models import User
from patron.org.policy import active_user
from patron.pipeline.choices import CampaignChannel
from patron.pipeline.cleaning.campaigns import (
    NAME_MAX_LENGTH,
    CampaignInput,
    campaign_context,
    campaign_cost,
    clean_campaign,
    require_ends_after_start,
    require_may_change_campaign,
)
from patron.pipeline.models import Campaign

__all__ = ["create_campaign", "update_campaign"]


@service
def create_campaign(
    *,
    actor: User,
    name: str,
    channel: str,
    starts_on: date,
    ends_on: date | None = None,
    cost: Money | None = None,
    currency: str | None = None,
    owner_id: int | None = None,
) -> Campaign:
    """Start a campaign, owned by the actor unless they name someone whose records they
    may change. Without a cost it costs nothing yet, in the given currency or the base
    currency; the cost must have an exchange rate on the start date."""
    # The checks are `clean_campaign`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_campaign(
            CampaignInput(
                name=name,
                channel=channel,
                starts_on=starts_on,
                ends_on=ends_on,
                cost=cost,
                currency=currency,
                owner_id=owner_id,
            ),
            campaign_context(
                actor,
                owner_ids=[owner_id],
                currencies=[cost.currency if cost is not None else currency],
            ),
        )
    )
    campaign = Campaign.objects.create(**vars(values), created_by=actor)
    record_created(campaign, actor=actor)
    return campaign


@service
def update_campaign(
    *,
    actor: User,
    campaign_id: int,
    version: int,
    name: str | Unset = UNSET,
    channel: str | Unset = UNSET,
    starts_on: date | Unset = UNSET,
    ends_on: date | Unset | None = UNSET,
    cost: Money | Unset = UNSET,
    owner_id: int | Unset = UNSET,
) -> Campaign:
    """Change a campaign; arguments left out keep their value. A new cost may be in
    another currency (the invoice came in it); the base-currency cost is converted
    again whenever the cost or the start date changes. A new owner must be someone
    whose records the actor may change."""
    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None:
        raise NotVisible(str(Campaign._meta.verbose_name))
    require_may_change_campaign(actor, campaign.owner_id)
    require_version(campaign, version)
    before = snapshot(campaign)
    fields: list[str] = []
    if not isinstance(name, Unset):
        campaign.name = require_text(name, field="name", limit=NAME_MAX_LENGTH, required=True)
        fields.append("name")
    if not isinstance(channel, Unset):
        campaign.channel = require_choice(channel, field="channel", choices=CampaignChannel.values)
        fields.append("channel")
    if not isinstance(starts_on, Unset):
        campaign.starts_on = starts_on
        fields.append("starts_on")
    if not isinstance(ends_on, Unset):
        campaign.ends_on = ends_on
        fields.append("ends_on")
    require_ends_after_start(campaign.starts_on, campaign.ends_on)
    if not isinstance(cost, Unset):
        campaign.currency, campaign.cost_minor = campaign_cost(cost)
        fields += ["currency", "cost_minor"]
    if "cost_minor" in fields or "starts_on" in fields:
        campaign.cost_base_minor = to_base_minor(
            campaign.cost_minor, campaign.currency, campaign.starts_on, field="cost"
        )
        fields.append("cost_base_minor")
    if not isinstance(owner_id, Unset):
        owner = active_user(owner_id, field="owner")
        require_may_change_campaign(actor, owner.pk)
        campaign.owner = owner
        fields.append("owner")
    if snapshot(campaign) == before:
        return campaign
    update_versioned(campaign, expected_version=version, fields=fields)
    record_changed(campaign, actor=actor, before=before)
    return campaign

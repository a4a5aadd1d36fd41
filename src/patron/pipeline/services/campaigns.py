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

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.currency import to_base_minor
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.core.models import CompanySettings, require_version, update_versioned
from patron.core.money import Money
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import minor_units, require_choice, require_currency, require_text
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import active_user, can, may_change_owned_by
from patron.pipeline.choices import CampaignChannel
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Campaign

__all__ = ["create_campaign", "update_campaign"]

NAME_MAX_LENGTH = 200


def _may_run_campaigns(user: User) -> bool:
    """Configurers, and sellers' managers (a role that sells and develops people)."""
    return can(user, Capability.CONFIGURE) or (
        can(user, Capability.SELL) and can(user, Capability.DEVELOP_PEOPLE)
    )


def _require_may_change(actor: User, owner_id: int | None) -> None:
    if not _may_run_campaigns(actor) or not may_change_owned_by(actor, owner_id):
        raise Forbidden()


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
    owner = actor if owner_id is None else active_user(owner_id, field="owner")
    _require_may_change(actor, owner.pk)
    if cost is None:
        currency = require_currency(currency or CompanySettings.current().base_currency)
        cost_minor = 0
    else:
        currency = require_currency(cost.currency, field="cost")
        cost_minor = minor_units(cost, currency=currency, field="cost")
    _require_ends_after_start(starts_on, ends_on)
    campaign = Campaign.objects.create(
        name=require_text(name, field="name", limit=NAME_MAX_LENGTH, required=True),
        channel=require_choice(channel, field="channel", choices=CampaignChannel.values),
        starts_on=starts_on,
        ends_on=ends_on,
        currency=currency,
        cost_minor=cost_minor,
        cost_base_minor=to_base_minor(cost_minor, currency, starts_on, field="cost"),
        owner=owner,
        created_by=actor,
    )
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
    _require_may_change(actor, campaign.owner_id)
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
    _require_ends_after_start(campaign.starts_on, campaign.ends_on)
    if not isinstance(cost, Unset):
        campaign.currency = require_currency(cost.currency, field="cost")
        campaign.cost_minor = minor_units(cost, currency=campaign.currency, field="cost")
        fields += ["currency", "cost_minor"]
    if "cost_minor" in fields or "starts_on" in fields:
        campaign.cost_base_minor = to_base_minor(
            campaign.cost_minor, campaign.currency, campaign.starts_on, field="cost"
        )
        fields.append("cost_base_minor")
    if not isinstance(owner_id, Unset):
        owner = active_user(owner_id, field="owner")
        _require_may_change(actor, owner.pk)
        campaign.owner = owner
        fields.append("owner")
    if snapshot(campaign) == before:
        return campaign
    update_versioned(campaign, expected_version=version, fields=fields)
    record_changed(campaign, actor=actor, before=before)
    return campaign


def _require_ends_after_start(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise RuleViolation(
            "ends_on",
            PipelineErrorCode.ENDS_BEFORE_START,
            _("A campaign cannot end before it starts (%(day)s).") % {"day": starts_on.isoformat()},
        )

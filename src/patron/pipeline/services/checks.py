"""The checks pipeline services share: loading a lead or a deal for a change (locked,
so two operations on the same record queue instead of racing) and the references a
lead or deal names (account, campaign, competitor), plus the deal's own date rule.

Generic checks of typed values are `core.validation`; who may change or own a record
is `org.policy`.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.models import Competitor
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import require_version
from patron.org.models import User
from patron.org.policy import require_may_change_sales_record
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Campaign, Lead, Opportunity


def deal_for_change(actor: User, opportunity_id: int) -> Opportunity:
    """The deal, locked until the end of the transaction, if the actor may change it.

    Invisible → NotVisible (it does not exist for them); visible but not theirs to
    change → Forbidden (service agents never see the pipeline, executives change
    nothing, sellers change what they or the people below them own).
    """
    deal = (
        Opportunity.objects.visible_to(actor).select_for_update().filter(pk=opportunity_id).first()
    )
    if deal is None:
        raise NotVisible(str(Opportunity._meta.verbose_name))
    require_may_change_sales_record(actor, deal.owner_id)
    return deal


def opportunity_for_change(actor: User, opportunity_id: int, version: int) -> Opportunity:
    """`deal_for_change`, for a caller who last saw the deal at `version`: changed
    since → StaleVersion. Nothing is written before these checks."""
    deal = deal_for_change(actor, opportunity_id)
    require_version(deal, version)
    return deal


def lead_for_change(actor: User, lead_id: int) -> Lead:
    """The lead, locked, if the actor may change it. An unassigned lead belongs to
    whoever routes leads: anyone who sees it (sales managers, sales ops) may work it."""
    lead = Lead.objects.visible_to(actor).select_for_update().filter(pk=lead_id).first()
    if lead is None:
        raise NotVisible(str(Lead._meta.verbose_name))
    require_may_change_sales_record(actor, lead.owner_id if lead.owner_id else actor.pk)
    return lead


def require_close_after_opening(close_date: date, opened_on: date, *, field: str) -> None:
    if close_date < opened_on:
        raise RuleViolation(
            field,
            PipelineErrorCode.CLOSES_BEFORE_OPENING,
            _("A deal cannot close before it was opened (%(day)s).")
            % {"day": opened_on.isoformat()},
        )


def competitor_or_none(competitor_id: int | None, *, field: str) -> Competitor | None:
    """The competitor named by id (None when none is named); an unknown id is refused."""
    if competitor_id is None:
        return None
    competitor = Competitor.objects.filter(pk=competitor_id).first()
    if competitor is None:
        raise RuleViolation(
            field, PipelineErrorCode.UNKNOWN_COMPETITOR, _("There is no such competitor.")
        )
    return competitor


def campaign_or_none(campaign_id: int | None, *, field: str = "campaign") -> Campaign | None:
    """The campaign named by id (None when none is named); an unknown id is refused."""
    if campaign_id is None:
        return None
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise RuleViolation(
            field, PipelineErrorCode.UNKNOWN_CAMPAIGN, _("There is no such campaign.")
        )
    return campaign

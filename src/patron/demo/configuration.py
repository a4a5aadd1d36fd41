"""What sales operations configure: products, pipelines and stages, SLA policies,
competitors, training courses — and the marketing campaigns leads come from."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from patron.bulk import tables as t
from patron.demo.clock import at, quarter_starts
from patron.demo.context import Context
from patron.demo.markets import COUNTRIES
from patron.demo.offering import (
    COMPETITORS,
    COURSES,
    FAMILIES,
    PIPELINES,
    PRODUCTS,
    SLA_POLICIES,
    ProductSpec,
)
from patron.pipeline.choices import CampaignChannel, ForecastCategory, LeadSource, StageCategory

# Typical days a deal spends in each open stage of a pipeline (mid-market; scaled by
# segment and drawn from a log-normal around it).
STAGE_DAYS = {
    "New business": (10, 14, 18, 14),
    "Renewals": (30, 28, 18),
    "Channel partners": (12, 18, 20),
}
CHANNEL_SOURCE = {
    CampaignChannel.EMAIL: LeadSource.CAMPAIGN,
    CampaignChannel.EVENT: LeadSource.EVENT,
    CampaignChannel.WEBINAR: LeadSource.CAMPAIGN,
    CampaignChannel.PAID_SEARCH: LeadSource.WEB,
    CampaignChannel.SOCIAL: LeadSource.CAMPAIGN,
    CampaignChannel.CONTENT: LeadSource.WEB,
    CampaignChannel.PARTNER: LeadSource.PARTNER,
    CampaignChannel.OUTBOUND: LeadSource.OUTBOUND,
}
# (weight, cost range in USD) per channel.
CHANNELS = {
    CampaignChannel.EMAIL: (14, 500, 3_000),
    CampaignChannel.EVENT: (14, 15_000, 80_000),
    CampaignChannel.WEBINAR: (16, 1_000, 5_000),
    CampaignChannel.PAID_SEARCH: (16, 5_000, 30_000),
    CampaignChannel.SOCIAL: (10, 2_000, 15_000),
    CampaignChannel.CONTENT: (10, 3_000, 12_000),
    CampaignChannel.PARTNER: (10, 5_000, 25_000),
    CampaignChannel.OUTBOUND: (10, 2_000, 10_000),
}
THEMES = (
    "Warehouse Automation",
    "Retail Operations",
    "Cold Chain",
    "Field Service",
    "Analytics for Operations",
    "Smart Factory",
    "Last-mile Delivery",
)


@dataclass(frozen=True, slots=True)
class StageRef:
    id: int
    order: int
    name: str
    probability: int
    category: str
    forecast: str


@dataclass(frozen=True, slots=True)
class PipelineRef:
    id: int
    name: str
    open_stages: tuple[StageRef, ...]
    won: StageRef
    lost: StageRef
    stage_days: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProductRef:
    id: int
    spec: ProductSpec


@dataclass(frozen=True, slots=True)
class CampaignRef:
    id: int
    country: str
    source: str
    starts: int
    ends: int


@dataclass(slots=True)
class Config:
    products: dict[str, ProductRef]
    pipelines: dict[str, PipelineRef]
    sla: dict[str, tuple[int, int]]
    competitors: list[int]
    courses: list[tuple[int, str]]
    campaigns: dict[tuple[str, str], list[CampaignRef]]
    campaign_starts: dict[tuple[str, str], list[int]]
    all_campaigns: list[CampaignRef] = field(default_factory=list)

    def campaign_before(self, country: str, source: str, day: int) -> CampaignRef | None:
        """The latest campaign of the source in the country that started within the 90
        days before `day` (a lead answers a campaign that is running or just ended)."""
        starts = self.campaign_starts.get((country, source))
        if not starts:
            return None
        index = bisect.bisect_right(starts, day) - 1
        if index < 0:
            return None
        campaign = self.campaigns[(country, source)][index]
        return campaign if day - campaign.starts <= 90 else None


def _forecast_for(probability: int) -> str:
    if probability >= 75:
        return ForecastCategory.COMMIT
    if probability >= 30:
        return ForecastCategory.BEST_CASE
    return ForecastCategory.PIPELINE


def write_configuration(ctx: Context) -> Config:
    created = at(ctx.clock.start_ord - 60, 180)
    stamp = ctx.stamp(created)
    families = {}
    for code, name in FAMILIES:
        families[code] = ctx.new_id(t.PRODUCT_FAMILY)
        ctx.rows(t.PRODUCT_FAMILY).append((families[code], name, code, *stamp))
    products = {}
    for spec in PRODUCTS:
        product_id = ctx.new_id(t.PRODUCT)
        products[spec.sku] = ProductRef(product_id, spec)
        ctx.rows(t.PRODUCT).append(
            (
                product_id,
                spec.name,
                spec.sku,
                families[spec.family],
                "",
                "USD",
                spec.list_price_usd_cents,
                spec.cost_usd_cents,
                spec.billing,
                spec.active,
                *stamp,
            )
        )
    competitors = []
    for name, strengths, weaknesses in COMPETITORS:
        competitor_id = ctx.new_id(t.COMPETITOR)
        competitors.append(competitor_id)
        website = "https://www." + "".join(c for c in name.lower() if c.isalnum()) + ".example"
        ctx.rows(t.COMPETITOR).append((competitor_id, name, website, strengths, weaknesses, *stamp))
    sla = {}
    for priority, name, response, resolution in SLA_POLICIES:
        sla[priority] = (response, resolution)
        ctx.rows(t.SLA_POLICY).append(
            (ctx.new_id(t.SLA_POLICY), name, priority, response, resolution, *stamp)
        )
    courses = []
    for name, skill, hours in COURSES:
        course_id = ctx.new_id(t.COURSE)
        courses.append((course_id, skill))
        description = f"{hours}-hour course" + (
            f" developing {skill.replace('_', ' ')}" if skill else ""
        )
        ctx.rows(t.COURSE).append((course_id, name, description, skill, hours, *stamp))
    return Config(
        products=products,
        pipelines=_pipelines(ctx, stamp),
        sla=sla,
        competitors=competitors,
        courses=courses,
        campaigns={},
        campaign_starts={},
    )


def _pipelines(ctx: Context, stamp: tuple) -> dict[str, PipelineRef]:
    pipelines = {}
    sales_teams = [squad.team_id for squad in ctx.squads]
    for name, is_default, default_type, specs in PIPELINES:
        pipeline_id = ctx.new_id(t.PIPELINE)
        ctx.rows(t.PIPELINE).append((pipeline_id, name, is_default, default_type, *stamp))
        if is_default:
            for team_id in sales_teams:
                ctx.rows(t.PIPELINE_TEAMS).append(
                    (ctx.new_id(t.PIPELINE_TEAMS), pipeline_id, team_id)
                )
        stages = []
        for order, spec in enumerate(specs, 1):
            stage = StageRef(
                ctx.new_id(t.STAGE),
                order,
                spec.name,
                spec.probability,
                spec.category,
                _forecast_for(spec.probability),
            )
            stages.append(stage)
            ctx.rows(t.STAGE).append(
                (
                    stage.id,
                    pipeline_id,
                    spec.name,
                    order,
                    spec.probability,
                    spec.category,
                    spec.qualified,
                    *stamp,
                )
            )
        pipelines[name] = PipelineRef(
            pipeline_id,
            name,
            tuple(stage for stage in stages if stage.category == StageCategory.OPEN),
            next(stage for stage in stages if stage.category == StageCategory.WON),
            next(stage for stage in stages if stage.category == StageCategory.LOST),
            STAGE_DAYS[name],
        )
    return pipelines


def write_campaigns(ctx: Context, config: Config) -> None:
    """Campaigns every quarter in every market, with channel, dates and cost."""
    rng = ctx.rng("campaigns")
    clock = ctx.clock
    owners = [person.id for person in ctx.ops]
    countries = list(COUNTRIES)
    weights = [country.weight for country in countries]
    channels = list(CHANNELS)
    channel_weights = [CHANNELS[channel][0] for channel in channels]
    found: list[CampaignRef] = []
    for quarter in quarter_starts(clock.start_ord - 45, clock.today_ord - 1):
        for _index in range(ctx.scale.campaigns_per_quarter):
            country = rng.choices(countries, weights)[0]
            channel = rng.choices(channels, channel_weights)[0]
            starts = quarter + rng.randint(0, 75)
            if starts >= clock.today_ord or starts < clock.start_ord - 45:
                continue
            length = rng.randint(1, 3) if channel == CampaignChannel.EVENT else rng.randint(14, 60)
            ends = starts + length
            _weight, low, high = CHANNELS[channel]
            cost_usd = rng.randint(low, high) * 100
            cost = ctx.rates.to_currency(cost_usd, country.currency, starts)
            campaign_id = ctx.new_id(t.CAMPAIGN)
            theme = rng.choice(THEMES)
            label = CampaignChannel(channel).label
            name = f"{theme} {label} — {country.name} {clock.day(starts)[:7]}"
            ctx.rows(t.CAMPAIGN).append(
                (
                    campaign_id,
                    name,
                    channel,
                    clock.day(starts),
                    clock.day(ends),
                    country.currency,
                    cost,
                    ctx.rates.base(cost, country.currency, starts),
                    rng.choice(owners),
                    *ctx.stamp(at(starts - 20, 180)),
                )
            )
            found.append(
                CampaignRef(campaign_id, country.code, CHANNEL_SOURCE[channel], starts, ends)
            )
    found.sort(key=lambda campaign: (campaign.starts, campaign.id))
    for campaign in found:
        config.campaigns.setdefault((campaign.country, campaign.source), []).append(campaign)
    for key, campaigns in config.campaigns.items():
        config.campaign_starts[key] = [campaign.starts for campaign in campaigns]
    config.all_campaigns = found

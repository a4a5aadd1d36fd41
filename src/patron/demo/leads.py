"""Leads: the ones that became customers' first deals, and the many that did not.

Converted leads are written inside their account's story (the lead links the account,
contact and opportunity it became). The others are written afterwards, so that each
source converts at its believable rate: for every converted lead of a source and
campaign, (1 - r) / r unconverted ones, where r is about 10 % for campaigns and outbound
and up to 25 % for referrals. Recent leads are still new or being worked; older ones
were disqualified with a reason, and a few qualified ones wait for conversion.
"""

from __future__ import annotations

from random import Random

from patron.bulk import tables as t
from patron.demo.accounts import AccountState, ContactState
from patron.demo.clock import MINUTES_PER_DAY, at, day_of, work_minute
from patron.demo.context import Context
from patron.demo.deals import Deal
from patron.demo.markets import COUNTRY_BY_CODE, INDUSTRY_WEIGHTS
from patron.demo.names import company_name, person_name
from patron.pipeline.choices import DisqualifyReason, LeadSource, LeadStatus

LEAD_SOURCES = (
    (LeadSource.WEB, 25),
    (LeadSource.CAMPAIGN, 25),
    (LeadSource.EVENT, 15),
    (LeadSource.REFERRAL, 12),
    (LeadSource.PARTNER, 8),
    (LeadSource.INBOUND_CALL, 10),
    (LeadSource.OUTBOUND, 5),
)
CONVERSION = {
    LeadSource.REFERRAL: 0.25,
    LeadSource.INBOUND_CALL: 0.22,
    LeadSource.PARTNER: 0.20,
    LeadSource.EVENT: 0.15,
    LeadSource.WEB: 0.12,
    LeadSource.CAMPAIGN: 0.10,
    LeadSource.OUTBOUND: 0.10,
}
DISQUALIFY = (
    (DisqualifyReason.NO_BUDGET, 30),
    (DisqualifyReason.NO_NEED, 25),
    (DisqualifyReason.NOT_REACHABLE, 25),
    (DisqualifyReason.WRONG_FIT, 10),
    (DisqualifyReason.DUPLICATE, 5),
    (DisqualifyReason.COMPETITOR, 5),
)


def lead_origin(ctx: Context, rng: Random, account: AccountState) -> tuple[str, int | None, int]:
    """(source, campaign id, creation minute) of the lead an account came from."""
    source = rng.choices(LEAD_SOURCES, [w for _s, w in LEAD_SOURCES])[0][0]
    created_day = day_of(account.created)
    lead_day = max(ctx.clock.start_ord, created_day - rng.randint(3, 60))
    campaign = ctx.config.campaign_before(account.country.code, source, lead_day)
    created = min(at(lead_day, work_minute(rng, account.work_hour)), account.created - 180)
    return source, campaign.id if campaign else None, created


def write_converted_lead(
    ctx: Context,
    rng: Random,
    account: AccountState,
    contact: ContactState,
    deal: Deal,
    origin: tuple[str, int | None, int],
) -> None:
    source, campaign_id, created = origin
    converted = account.created
    responded = min(converted - 60, created + rng.randint(10, 2 * MINUTES_PER_DAY))
    qualified = rng.randint(responded, converted - 30)
    instant = ctx.clock.instant
    ctx.rows(t.LEAD).append(
        (
            ctx.new_id(t.LEAD),
            contact.first_name,
            contact.last_name,
            account.name,
            contact.title,
            contact.email,
            contact.phone,
            account.country.code,
            source,
            campaign_id,
            account.ae.id,
            LeadStatus.CONVERTED,
            "",
            instant(responded),
            instant(qualified),
            instant(converted),
            account.id,
            contact.id,
            deal.id,
            *ctx.stamp(created, converted, account.ae.id),
        )
    )
    ctx.stats.converted_leads[(source, campaign_id, account.country.code)] += 1


def write_unconverted_leads(ctx: Context) -> None:
    rng = ctx.rng("leads")
    clock = ctx.clock
    campaigns = {campaign.id: campaign for campaign in ctx.config.all_campaigns}
    reps: dict[str, list[int]] = {}
    for squad in ctx.squads:
        reps.setdefault(squad.country_team, []).extend(rep.id for rep in squad.reps)
    for (source, campaign_id, country), converted in sorted(
        ctx.stats.converted_leads.items(),
        key=lambda item: (item[0][0], item[0][1] or 0, item[0][2]),
    ):
        rate = CONVERSION[source] * rng.uniform(0.7, 1.3)
        campaign = campaigns.get(campaign_id) if campaign_id else None
        if campaign is not None:
            first, last = campaign.starts, min(campaign.ends + 30, clock.today_ord - 1)
        else:
            first, last = clock.start_ord, clock.today_ord - 1
        owners = reps[COUNTRY_BY_CODE[country].team]
        for _index in range(round(converted * (1 - rate) / rate)):
            _write_lead(ctx, rng, source, campaign_id, country, rng.randint(first, last), owners)


def _write_lead(
    ctx: Context,
    rng: Random,
    source: str,
    campaign_id: int | None,
    country: str,
    day: int,
    owners: list[int],
) -> None:
    clock = ctx.clock
    now = clock.now
    home = COUNTRY_BY_CODE[country]
    created = at(day, work_minute(rng, home.work_start_utc))
    age = clock.today_ord - day
    first, last, slug = person_name(rng, country, native=country == "TH" and rng.random() < 0.4)
    industry = rng.choices(INDUSTRY_WEIGHTS, [w for _i, w in INDUSTRY_WEIGHTS])[0][0]
    company, short = company_name(rng, country, industry, rng.choice(home.cities)[0])
    domain = "".join(char for char in short.lower() if char.isascii() and char.isalnum())
    responded = created + rng.randint(15, 3 * MINUTES_PER_DAY)
    roll = rng.random()
    qualified = None
    reason = ""
    if (age <= 14 and roll < 0.5) or responded >= now:
        status, responded = LeadStatus.NEW, None
    elif age <= 45 and roll < 0.75:
        status = LeadStatus.WORKING
    elif age <= 60 and roll < 0.85:
        status = LeadStatus.QUALIFIED
        qualified = min(now - 1, responded + rng.randint(1, 10) * MINUTES_PER_DAY)
    else:
        status = LeadStatus.DISQUALIFIED
        reason = rng.choices(DISQUALIFY, [w for _r, w in DISQUALIFY])[0][0]
    updated = min(
        now - 1, (qualified or responded or created) + rng.randint(0, 20) * MINUTES_PER_DAY
    )
    instant = clock.instant
    ctx.rows(t.LEAD).append(
        (
            ctx.new_id(t.LEAD),
            first,
            last,
            company,
            "",
            f"{slug}@{domain}.{home.domain}",
            f"{home.phone_prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            country,
            source,
            campaign_id,
            rng.choice(owners),
            status,
            reason,
            instant(responded) if responded else None,
            instant(qualified) if qualified else None,
            None,
            None,
            None,
            None,
            *ctx.stamp(created, max(created, updated)),
        )
    )

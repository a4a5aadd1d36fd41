"""Accounts, their buying committees and competitors, account teams and handoffs.

An account's row is written last in its story, once the story has decided its
lifecycle: `customer_since` is the close date of its first won deal, a churned account
has its churn date and reason, key-account tiers go to the customers with the most
business, and the owner is the account manager after the handoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from patron.accounts.choices import AccountTeamRole, BuyingRole, Industry, Lifecycle, Segment
from patron.bulk import tables as t
from patron.demo.clock import at, work_minute
from patron.demo.configuration import Config
from patron.demo.context import Context, Person, Squad
from patron.demo.markets import COUNTRIES, INDUSTRY_WEIGHTS, SEGMENTS, Country
from patron.demo.names import TITLES, ascii_slug, company_name, person_name
from patron.demo.offers import Offers
from patron.demo.org import Rule

PACE = {
    Segment.SMB: 0.6,
    Segment.MID_MARKET: 1.0,
    Segment.ENTERPRISE: 1.9,
    Segment.PUBLIC_SECTOR: 2.4,
}
CONTACTS = {
    Segment.SMB: (2, 4),
    Segment.MID_MARKET: (3, 6),
    Segment.ENTERPRISE: (5, 10),
    Segment.PUBLIC_SECTOR: (4, 8),
}
INFLUENCE = {
    BuyingRole.ECONOMIC_BUYER: (4, 5),
    BuyingRole.TECHNICAL_DECISION_MAKER: (3, 5),
    BuyingRole.PURCHASING: (2, 4),
    BuyingRole.CHAMPION: (3, 4),
    BuyingRole.INFLUENCER: (2, 3),
    BuyingRole.USER: (1, 2),
    BuyingRole.BLOCKER: (3, 4),
}
PUBLIC_INDUSTRIES = (Industry.GOVERNMENT, Industry.EDUCATION, Industry.HEALTHCARE)


@dataclass(slots=True)
class ContactState:
    id: int
    first_name: str
    last_name: str
    title: str
    email: str
    phone: str
    role: str
    influence: int
    strength: int
    primary: bool
    cadence: int | None
    email_opt_in: bool
    phone_opt_in: bool
    active: bool
    created: int
    last_touched: int | None = None


@dataclass(slots=True)
class AccountState:
    id: int
    name: str
    short: str
    domain: str
    country: Country
    city: str
    region: str
    industry: str
    segment: str
    employees: int
    territory_id: int | None
    squad: Squad
    ae: Person
    am: Person
    created: int
    parent_id: int | None
    offers: Offers
    owner: int = 0
    lifecycle: str = Lifecycle.PROSPECT
    tier: str = ""
    customer_since: int | None = None
    churned_on: int | None = None
    churn_reason: str = ""
    handoff: tuple[int, str] | None = None
    updated: int = 0
    won_base: int = 0
    cloud_sku: str | None = None
    contacts: list[ContactState] = field(default_factory=list)
    competitors: list[int] = field(default_factory=list)

    @property
    def pace(self) -> float:
        return PACE[self.segment]

    @property
    def work_hour(self) -> int:
        return self.country.work_start_utc

    @property
    def currency(self) -> str:
        return self.country.currency

    def active_contacts(self, before: int) -> list[ContactState]:
        return [c for c in self.contacts if c.active and c.created <= before]


def new_account(
    ctx: Context, config: Config, rules: list[Rule], rng: Random, parent: AccountState | None
) -> AccountState:
    """An account's profile: where it is, what it does, who sells to it."""
    clock = ctx.clock
    if parent is not None and rng.random() < 0.8:
        country = parent.country
    else:
        country = rng.choices(COUNTRIES, [c.weight for c in COUNTRIES])[0]
    city, region = rng.choice(country.cities)
    segment, _weight, low, high = rng.choices(SEGMENTS, [s[1] for s in SEGMENTS])[0]
    employees = round(low * (high / low) ** rng.random())
    if parent is not None:
        industry = parent.industry
    elif segment == Segment.PUBLIC_SECTOR:
        industry = rng.choice(PUBLIC_INDUSTRIES)
    else:
        industry = rng.choices(INDUSTRY_WEIGHTS, [w for _i, w in INDUSTRY_WEIGHTS])[0][0]
        if industry == Industry.GOVERNMENT:
            segment = Segment.PUBLIC_SECTOR
    if parent is None:
        name, short = company_name(rng, country.code, industry, city)
        early = rng.random() < 0.35
        last = clock.start_ord + 120 if early else clock.today_ord - 20
        created_day = rng.randint(clock.start_ord, last)
    else:
        short = f"{parent.short} {city}"
        name = f"{parent.short} ({city}) {parent.name.removeprefix(parent.short).strip()}".strip()
        created_day = min(clock.today_ord - 20, parent.created // 1440 + rng.randint(0, 400))
    squad = rng.choice(ctx.squads_by_team[country.team])
    hired = [rep for rep in squad.reps if rep.hired_on <= created_day] or squad.reps
    territory = next(
        (
            r.territory_id
            for r in rules
            if r.matches(country.code, region, industry, segment, employees)
        ),
        None,
    )
    ae = rng.choice(hired)
    account = AccountState(
        id=ctx.new_id(t.ACCOUNT),
        name=name,
        short=short,
        domain=f"{ascii_slug(short)}.{country.domain}",
        country=country,
        city=city,
        region=region,
        industry=industry,
        segment=segment,
        employees=employees,
        territory_id=territory,
        squad=squad,
        ae=ae,
        am=rng.choice(squad.account_managers),
        created=at(created_day, work_minute(rng, country.work_start_utc)),
        parent_id=parent.id if parent else None,
        offers=Offers(config.products, ctx.rates, country.currency, segment),
    )
    account.owner = ae.id
    account.updated = account.created
    pool = list(config.competitors)
    for competitor in rng.sample(pool, rng.choice((0, 1, 1, 2, 2, 3))):
        account.competitors.append(competitor)
    return account


def add_contacts(ctx: Context, rng: Random, account: AccountState, count: int = 0) -> None:
    """The buying committee: an economic buyer, usually a champion, then others. Some
    roles stay uncovered, as in real accounts."""
    low, high = CONTACTS[account.segment]
    count = count or rng.randint(low, high)
    roles = [BuyingRole.ECONOMIC_BUYER]
    if rng.random() < 0.8:
        roles.append(BuyingRole.CHAMPION)
    for role in (BuyingRole.TECHNICAL_DECISION_MAKER, BuyingRole.PURCHASING):
        if len(roles) < count and rng.random() < 0.7:
            roles.append(role)
    extra = (BuyingRole.INFLUENCER, BuyingRole.USER, BuyingRole.USER, BuyingRole.BLOCKER)
    while len(roles) < count:
        roles.append(rng.choice(extra))
    primary_role = BuyingRole.CHAMPION if BuyingRole.CHAMPION in roles else roles[0]
    for role in roles:
        add_contact(
            ctx,
            rng,
            account,
            role,
            primary=role == primary_role
            and not any(contact.primary for contact in account.contacts),
        )


def add_contact(
    ctx: Context, rng: Random, account: AccountState, role: str, *, primary: bool
) -> ContactState:
    country = account.country.code
    first, last, slug = person_name(rng, country, native=country == "TH" and rng.random() < 0.5)
    low, high = INFLUENCE[role]
    key_role = role in (
        BuyingRole.ECONOMIC_BUYER,
        BuyingRole.CHAMPION,
        BuyingRole.TECHNICAL_DECISION_MAKER,
    )
    email_opt_in = rng.random() < 0.65
    contact = ContactState(
        id=ctx.new_id(t.CONTACT),
        first_name=first,
        last_name=last,
        title=rng.choice(TITLES[role]),
        email=f"{slug}@{account.domain}",
        phone=f"{account.country.phone_prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        role=role,
        influence=rng.randint(low, high),
        strength=rng.choices((1, 2, 3, 4, 5), (8, 20, 34, 26, 12))[0],
        primary=primary,
        cadence=rng.choice((30, 45, 60, 90)) if key_role and rng.random() < 0.7 else None,
        email_opt_in=email_opt_in,
        phone_opt_in=rng.random() < 0.45,
        active=primary or rng.random() < 0.92,
        created=account.created + rng.randint(0, 5),
    )
    account.contacts.append(contact)
    return contact


def write_account(ctx: Context, account: AccountState) -> None:
    """The account row and everything hanging off it that the story decided."""
    clock = ctx.clock
    day = clock.day
    created = account.created
    ctx.rows(t.ACCOUNT).append(
        (
            account.id,
            account.name,
            None,
            account.parent_id,
            account.industry,
            account.segment,
            account.employees,
            f"https://www.{account.domain}",
            f"{account.country.phone_prefix} {account.id % 900 + 100} {account.id % 9000 + 1000}",
            account.country.code,
            account.region,
            account.city,
            account.territory_id,
            account.owner,
            account.lifecycle,
            account.tier,
            day(account.customer_since) if account.customer_since else None,
            day(account.churned_on) if account.churned_on else None,
            account.churn_reason,
            *ctx.stamp(created, account.updated, account.ae.id),
        )
    )
    contacts = ctx.rows(t.CONTACT)
    instant = clock.instant
    for c in account.contacts:
        consent = instant(c.created) if c.email_opt_in or c.phone_opt_in else None
        contacts.append(
            (
                c.id,
                account.id,
                account.ae.id,
                c.first_name,
                c.last_name,
                c.title,
                c.email,
                c.phone,
                c.role,
                c.influence,
                c.strength,
                c.primary,
                c.cadence,
                instant(c.last_touched) if c.last_touched is not None else None,
                c.email_opt_in,
                c.phone_opt_in,
                consent,
                c.active,
                *ctx.stamp(c.created, max(c.created, c.last_touched or 0), account.ae.id),
            )
        )
    for index, competitor in enumerate(account.competitors):
        ctx.rows(t.ACCOUNT_COMPETITOR).append(
            (
                ctx.new_id(t.ACCOUNT_COMPETITOR),
                account.id,
                competitor,
                index == 0,
                "Incumbent on the current contract" if index == 0 else "",
                *ctx.stamp(created, by=account.ae.id),
            )
        )
    team = [(account.ae.id, AccountTeamRole.ACCOUNT_EXECUTIVE, created)]
    if account.handoff is not None:
        handed_off, note = account.handoff
        team.append((account.am.id, AccountTeamRole.ACCOUNT_MANAGER, handed_off))
        ctx.rows(t.HANDOFF).append(
            (
                ctx.new_id(t.HANDOFF),
                account.id,
                account.ae.id,
                account.am.id,
                day(handed_off // 1440),
                note,
                *ctx.stamp(handed_off, by=account.ae.id),
            )
        )
    if account.tier in ("A", "B"):
        team.append((account.squad.manager.id, AccountTeamRole.EXECUTIVE_SPONSOR, account.updated))
    if account.tier == "A" and ctx.agents:
        agent = ctx.agents[account.id % len(ctx.agents)]
        team.append((agent.id, AccountTeamRole.CUSTOMER_SUCCESS, account.updated))
    for user_id, role, since in team:
        ctx.rows(t.ACCOUNT_TEAM).append(
            (
                ctx.new_id(t.ACCOUNT_TEAM),
                account.id,
                user_id,
                role,
                *ctx.stamp(since, by=account.ae.id),
            )
        )

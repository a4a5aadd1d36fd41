"""The company: settings, exchange rates, teams and people of every role, territories.

Sales is a tree — Sales → region (APAC, Americas, Europe) → country team (Thailand,
Philippines, North America, DACH, Western Europe) → squads of at most SQUAD_SIZE
sellers once a country team outgrows one — each team with a sales manager. Customer
service and sales operations are teams of their own; the executives sit above all.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from django.contrib.auth.models import Group

from patron.bulk import tables as t
from patron.core.models import CompanySettings
from patron.demo.clock import at
from patron.demo.context import Context, Person, Squad
from patron.demo.markets import (
    BASE_CURRENCY,
    COMPANY_NAME,
    COMPANY_TIME_ZONE,
    LANGUAGES,
    REGION_TEAMS,
    SQUAD_SIZE,
    TEAM_HOME,
    TERRITORIES,
    TIME_ZONES,
)
from patron.demo.names import person_name
from patron.org.capabilities import Capability, capabilities_of
from patron.org.choices import Role
from patron.org.roles import ensure_role_groups


@dataclass(frozen=True, slots=True)
class Rule:
    territory_id: int
    priority: int
    country: str
    region: str
    industry: str
    segment: str
    min_employees: int | None
    max_employees: int | None

    def matches(self, country: str, region: str, industry: str, segment: str, size: int) -> bool:
        return (
            (not self.country or self.country == country)
            and (not self.region or self.region == region)
            and (not self.industry or self.industry == industry)
            and (not self.segment or self.segment == segment)
            and (self.min_employees is None or size >= self.min_employees)
            and (self.max_employees is None or size <= self.max_employees)
        )


def write_company(ctx: Context) -> None:
    """Company settings (one row, kept) and the dated exchange rates."""
    CompanySettings.objects.update_or_create(
        pk=1,
        defaults={
            "name": COMPANY_NAME,
            "base_currency": BASE_CURRENCY,
            "fiscal_year_start_month": 1,
            "time_zone": COMPANY_TIME_ZONE,
            "address": "88 Sathorn Road, Bangkok 10120, Thailand",
            "tax_id": "0105560000000",
        },
    )
    rows = ctx.rows(t.EXCHANGE_RATE)
    for currency, valid_from, rate in ctx.rates.rows():
        rows.append((ctx.new_id(t.EXCHANGE_RATE), currency, valid_from.isoformat(), rate))


class _People:
    """Creates users and teams, keeping user names unique."""

    def __init__(self, ctx: Context, rng: Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.usernames: set[str] = set()
        ensure_role_groups()
        self.groups = {role: Group.objects.get(name=Role(role).label).pk for role in Role.values}
        self.hire_floor = ctx.clock.start_ord - 2_500

    def team(self, name: str, parent: int | None, manager: Person | None) -> int:
        ctx = self.ctx
        team_id = ctx.new_id(t.TEAM)
        created = at(self.hire_floor, 120)
        manager_id = manager.id if manager else None
        ctx.team_parent[team_id] = parent
        if manager is not None:
            ctx.team_managers[name] = manager
        ctx.rows(t.TEAM).append((team_id, name, parent, manager_id, *ctx.stamp(created)))
        return team_id

    def person(
        self,
        role: str,
        country: str,
        title: str,
        *,
        team_id: int | None = None,
        manager: Person | None = None,
        recent: bool = False,
    ) -> Person:
        ctx, rng = self.ctx, self.rng
        first, last, slug = person_name(rng, country, native=False)
        username = slug
        suffix = 1
        while username in self.usernames:
            suffix += 1
            username = f"{slug}{suffix}"
        self.usernames.add(username)
        if recent:
            hired = ctx.clock.start_ord + rng.randint(30, 700)
        else:
            hired = ctx.clock.start_ord - rng.randint(30, 2_400)
        person = Person(
            ctx.new_id(t.USER),
            role,
            username,
            country,
            team_id,
            manager.id if manager else None,
            hired,
        )
        # An unusable password ("!" prefix) until `patron demo` gives the login one.
        password = "!" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(40))
        ctx.rows(t.USER).append(
            (
                person.id,
                password,
                None,
                Capability.ADMINISTER in capabilities_of(role),
                username,
                first,
                last,
                f"{username}@patron-demo.example",
                Capability.CONFIGURE in capabilities_of(role),
                True,
                ctx.clock.instant(at(hired, 120)),
                role,
                team_id,
                person.manager_id,
                title,
                LANGUAGES.get(country, "en"),
                TIME_ZONES.get(country, "UTC"),
                ctx.clock.day(hired),
                1,
            )
        )
        ctx.rows(t.USER_GROUPS).append((ctx.new_id(t.USER_GROUPS), person.id, self.groups[role]))
        ctx.people.append(person)
        return person


def _shares(total: int, weights: list[float]) -> list[int]:
    """`total` split by `weights` (largest remainder), at least one each."""
    raw = [total * weight / sum(weights) for weight in weights]
    counts = [max(1, int(value)) for value in raw]
    order = sorted(range(len(raw)), key=lambda index: raw[index] - int(raw[index]), reverse=True)
    for index in order[: max(0, total - sum(counts))]:
        counts[index] += 1
    return counts


def write_organisation(ctx: Context) -> None:
    """Teams, users of every role, reporting lines and role groups."""
    rng = ctx.rng("org")
    scale = ctx.scale
    people = _People(ctx, rng)
    ceo = people.person(Role.EXECUTIVE, "TH", "Chief Executive Officer")
    people.person(Role.EXECUTIVE, "US", "Chief Financial Officer", manager=ceo)
    vp = people.person(Role.SALES_MANAGER, "TH", "VP Sales", manager=ceo)
    sales = people.team("Sales", None, vp)

    leaf_names = [name for _region, leaves in REGION_TEAMS for name, _share in leaves]
    weights = [share for _region, leaves in REGION_TEAMS for _name, share in leaves]
    reps_per_team = dict(zip(leaf_names, _shares(scale.reps, weights), strict=True))
    ams_per_team = dict(zip(leaf_names, _shares(scale.account_managers, weights), strict=True))
    for region, leaves in REGION_TEAMS:
        home = TEAM_HOME[leaves[0][0]]
        region_manager = people.person(
            Role.SALES_MANAGER, home, f"Head of Sales {region}", team_id=sales, manager=vp
        )
        region_team = people.team(region, sales, region_manager)
        for name, _share in leaves:
            _country_team(
                ctx,
                people,
                name,
                region_team,
                region_manager,
                reps_per_team[name],
                ams_per_team[name],
            )

    service_lead = people.person(Role.SERVICE_AGENT, "TH", "Head of Customer Service", manager=ceo)
    service = people.team("Customer Service", None, service_lead)
    ctx.agents.append(service_lead)
    for index in range(scale.service_agents):
        country = ("TH", "PH", "PH", "US")[index % 4]
        ctx.agents.append(
            people.person(
                Role.SERVICE_AGENT,
                country,
                "Customer Service Agent",
                team_id=service,
                manager=service_lead,
            )
        )
    ops_lead = people.person(Role.SALES_OPS, "TH", "Head of Sales Operations", manager=ceo)
    operations = people.team("Sales Operations", None, ops_lead)
    ctx.ops.append(ops_lead)
    for index in range(max(2, scale.reps // 150)):
        ctx.ops.append(
            people.person(
                Role.SALES_OPS,
                ("TH", "PH", "US")[index % 3],
                "Sales Operations Analyst",
                team_id=operations,
                manager=ops_lead,
            )
        )
    for index in range(max(1, scale.reps // 400)):
        people.person(
            Role.ADMIN,
            ("TH", "US")[index % 2],
            "Systems Administrator",
            team_id=operations,
            manager=ops_lead,
        )


def _country_team(
    ctx: Context,
    people: _People,
    name: str,
    region_team: int,
    region_manager: Person,
    reps: int,
    account_managers: int,
) -> None:
    """A country team; split into numbered squads under a country manager when large."""
    home = TEAM_HOME[name]
    squads = max(1, -(-(reps + account_managers) // SQUAD_SIZE))
    manager = people.person(
        Role.SALES_MANAGER,
        home,
        f"Sales Manager {name}",
        team_id=region_team,
        manager=region_manager,
    )
    country_team = people.team(name, region_team, manager)
    leaves: list[tuple[int, str, Person]] = []
    if squads == 1:
        leaves.append((country_team, name, manager))
    else:
        for number in range(1, squads + 1):
            squad_manager = people.person(
                Role.SALES_MANAGER,
                home,
                f"Sales Manager {name} {number}",
                team_id=country_team,
                manager=manager,
            )
            squad_name = f"{name} {number}"
            leaves.append(
                (people.team(squad_name, country_team, squad_manager), squad_name, squad_manager)
            )
    for squad_team, squad_name, squad_manager in leaves:
        squad = Squad(squad_team, squad_name, name, squad_manager)
        ctx.squads.append(squad)
        ctx.squads_by_team[name].append(squad)
    for index in range(reps):
        squad = ctx.squads_by_team[name][index % squads]
        squad.reps.append(
            people.person(
                Role.REP,
                home,
                "Account Executive",
                team_id=squad.team_id,
                manager=squad.manager,
                recent=index % 9 == 8,
            )
        )
    for index in range(account_managers):
        squad = ctx.squads_by_team[name][index % squads]
        squad.account_managers.append(
            people.person(
                Role.ACCOUNT_MANAGER,
                home,
                "Key Account Manager",
                team_id=squad.team_id,
                manager=squad.manager,
            )
        )


def write_territories(ctx: Context) -> list[Rule]:
    """Territories (region → country → split) with members and assignment rules."""
    managers = ctx.team_managers
    sellers: dict[str, list[Person]] = {}
    for squad in ctx.squads:
        sellers.setdefault(squad.country_team, []).extend(squad.reps + squad.account_managers)
    ids: dict[str, int] = {}
    rules: list[Rule] = []
    created = at(ctx.clock.start_ord - 30, 120)
    for spec in TERRITORIES:
        territory_id = ctx.new_id(t.TERRITORY)
        ids[spec.code] = territory_id
        owner = managers.get(spec.team) if spec.team else None
        ctx.rows(t.TERRITORY).append(
            (
                territory_id,
                spec.name,
                spec.code,
                ids[spec.parent] if spec.parent else None,
                owner.id if owner else None,
                *ctx.stamp(created),
            )
        )
        if spec.rules:
            for member in sellers.get(spec.team or "", []):
                ctx.rows(t.TERRITORY_MEMBERS).append(
                    (ctx.new_id(t.TERRITORY_MEMBERS), territory_id, member.id)
                )
        for rule in spec.rules:
            ctx.rows(t.TERRITORY_RULE).append(
                (
                    ctx.new_id(t.TERRITORY_RULE),
                    territory_id,
                    rule.priority,
                    rule.country,
                    rule.region,
                    rule.industry,
                    rule.segment,
                    rule.min_employees,
                    rule.max_employees,
                    *ctx.stamp(created),
                )
            )
            rules.append(
                Rule(
                    territory_id,
                    rule.priority,
                    rule.country,
                    rule.region,
                    rule.industry,
                    rule.segment,
                    rule.min_employees,
                    rule.max_employees,
                )
            )
    rules.sort(key=lambda rule: rule.priority)
    ctx.territory_ids = ids
    return rules

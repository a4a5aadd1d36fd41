"""Account plans for key accounts, and quotas for sellers, teams and territories.

Quotas are set from what each seller really booked: a quarter's bookings quota is the
quarter's bookings divided by an attainment drawn around 95 %, so attainment (K20) is
spread the way a real team's is; the current and next quarters carry the trailing
average plus growth. A team's quota is the sum of its members' quotas.
"""

from __future__ import annotations

from datetime import date
from random import Random

from patron.bulk import tables as t
from patron.demo.accounts import AccountState
from patron.demo.amounts import rounded
from patron.demo.clock import add_months, at, quarter_end, quarter_starts, work_minute
from patron.demo.context import Context
from patron.planning.choices import ActionStatus, PlanStatus, QuotaMetric

PLAN_ACTIONS = (
    "Map the new procurement team",
    "Run an executive business review",
    "Propose the analytics pilot",
    "Agree on the renewal roadmap",
    "Introduce our CTO to their CIO",
    "Train the warehouse supervisors",
    "Present the cross-sell business case",
)


def write_account_plans(ctx: Context, rng: Random, account: AccountState) -> None:
    """One plan per fiscal year (calendar years) since the account became key."""
    clock = ctx.clock
    since = account.customer_since or clock.today_ord
    owner = account.owner
    manager = account.squad.manager.id
    yearly_usd = account.won_base * 365 // max(365, clock.today_ord - since)
    products = _plan_products(account)
    for year in range(date.fromordinal(since).year, clock.today.year + 1):
        start = max(date(year, 1, 1).toordinal(), since)
        end = date(year, 12, 31).toordinal()
        if start >= clock.today_ord:
            continue
        current = end >= clock.today_ord
        plan_id = ctx.new_id(t.PLAN)
        created = at(
            min(start + rng.randint(5, 25), clock.today_ord - 1),
            work_minute(rng, account.work_hour),
        )
        next_review = None
        if current:
            next_review = clock.day(quarter_end(clock.today_ord))
        ctx.rows(t.PLAN).append(
            (
                plan_id,
                account.id,
                year,
                owner,
                PlanStatus.ACTIVE if current else PlanStatus.ARCHIVED,
                "Real-time stock visibility across all sites",
                "Grow to every warehouse by year end",
                "Long procurement cycles; IT security review",
                "Land analytics, expand seats",
                "Monthly contact with the economic buyer",
                "Incumbent offering a discount",
                account.currency,
                next_review,
                *ctx.stamp(created, by=owner),
            )
        )
        growth = rng.randint(105, 130)
        for sku, share in products:
            target_usd = yearly_usd * share * growth // 10_000
            target = ctx.rates.to_currency(max(100_000, target_usd), account.currency, start)
            ctx.rows(t.PLAN_TARGET).append(
                (
                    ctx.new_id(t.PLAN_TARGET),
                    plan_id,
                    ctx.config.products[sku].id,
                    target,
                    *ctx.stamp(created, by=owner),
                )
            )
        for action in rng.sample(PLAN_ACTIONS, rng.randint(3, 5)):
            due = rng.randint(start + 14, max(start + 14, end))
            done = due < clock.today_ord and rng.random() < 0.85
            status = ActionStatus.DONE if done else ActionStatus.OPEN
            if not done and due < clock.today_ord and rng.random() < 0.4:
                status = ActionStatus.CANCELLED
            completed = min(due + rng.randint(-10, 5), clock.today_ord - 1) if done else None
            ctx.rows(t.PLAN_ACTION).append(
                (
                    ctx.new_id(t.PLAN_ACTION),
                    plan_id,
                    action,
                    owner,
                    clock.day(due),
                    status,
                    clock.day(max(start, completed)) if completed else None,
                    *ctx.stamp(created, by=owner),
                )
            )
        for quarter in quarter_starts(start, min(end, clock.today_ord - 1)):
            reviewed = quarter_end(quarter) - rng.randint(0, 10)
            if reviewed < start or reviewed >= clock.today_ord:
                continue
            ctx.rows(t.PLAN_REVIEW).append(
                (
                    ctx.new_id(t.PLAN_REVIEW),
                    plan_id,
                    clock.day(reviewed),
                    manager,
                    rng.choice(
                        (
                            "On track",
                            "Behind on analytics; push the pilot",
                            "Renewal risk discussed",
                            "Expansion ahead of plan",
                        )
                    ),
                    *ctx.stamp(at(reviewed, work_minute(rng, account.work_hour)), by=manager),
                )
            )


def _plan_products(account: AccountState) -> list[tuple[str, int]]:
    cloud = account.cloud_sku or "CLD-PRO"
    return [(cloud, 50), ("ANL-INS", 15), ("SUP-PRM", 10), ("DEV-H200", 15), ("CON-LBL", 10)]


def write_quotas(ctx: Context) -> None:
    """Bookings and activity quotas per seller and quarter; team and territory quotas."""
    rng = ctx.rng("quotas")
    clock = ctx.clock
    quarters = quarter_starts(clock.start_ord, add_months(clock.today_ord, 3))
    stamp_day = clock.start_ord - 20
    stats = ctx.stats
    team_totals: dict[tuple[int, int], int] = {}
    parents = _team_parents(ctx)
    for squad in ctx.squads:
        for seller in squad.reps + squad.account_managers:
            history = [stats.bookings.get((seller.id, q), 0) for q in quarters]
            for index, quarter in enumerate(quarters):
                quarter_closes = quarter_end(quarter) + 1
                if quarter_closes <= clock.today_ord:
                    target = history[index] * 100 // rng.randint(70, 125)
                else:
                    past = [value for value in history[max(0, index - 4) : index] if value]
                    target = sum(past) * 105 // (100 * max(1, len(past)))
                target = max(1_000_000, rounded(target, 100_000))
                _quota(ctx, stamp_day, quarter, QuotaMetric.BOOKINGS, target, user=seller.id)
                for team in parents.get(squad.team_id, [squad.team_id]):
                    key = (team, quarter)
                    team_totals[key] = team_totals.get(key, 0) + target
                done = stats.activities.get((seller.id, quarter), 0)
                activities = max(20, round(done / rng.uniform(0.8, 1.2)))
                _quota(ctx, stamp_day, quarter, QuotaMetric.ACTIVITIES, activities, user=seller.id)
    for (team, quarter), target in sorted(team_totals.items()):
        _quota(ctx, stamp_day, quarter, QuotaMetric.BOOKINGS, target, team=team)
    for _code, territory in sorted(ctx.territory_ids.items()):
        for quarter in quarters:
            booked = stats.territory_bookings.get((territory, quarter), 0)
            if not booked and quarter_end(quarter) < clock.today_ord:
                continue
            target = max(1_000_000, rounded(booked * 100 // rng.randint(75, 120), 100_000))
            _quota(ctx, stamp_day, quarter, QuotaMetric.BOOKINGS, target, territory=territory)


def _team_parents(ctx: Context) -> dict[int, list[int]]:
    """Each squad's team and every team above it (their quotas roll up)."""
    parent = ctx.team_parent
    chains = {}
    for squad in ctx.squads:
        chain, team = [], squad.team_id
        while team is not None:
            chain.append(team)
            team = parent.get(team)
        chains[squad.team_id] = chain
    return chains


def _quota(
    ctx: Context,
    day: int,
    quarter: int,
    metric: str,
    target: int,
    *,
    user: int | None = None,
    team: int | None = None,
    territory: int | None = None,
) -> None:
    clock = ctx.clock
    created = at(min(quarter - 10, clock.today_ord - 1), 120)
    ctx.rows(t.QUOTA).append(
        (
            ctx.new_id(t.QUOTA),
            user,
            team,
            territory,
            metric,
            clock.day(quarter),
            clock.day(quarter_end(quarter) + 1),
            target,
            *ctx.stamp(max(created, at(day, 120))),
        )
    )

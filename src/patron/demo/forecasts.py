"""Forecast submissions: each seller calls their quarter three times (weeks 2, 6 and
10), getting closer to what they really book; managers submit their team's number and
sometimes override a rep, saying why. Amounts are base-currency minor units."""

from __future__ import annotations

from patron.bulk import tables as t
from patron.demo.amounts import rounded, scaled
from patron.demo.clock import at, quarter_end, quarter_starts, work_minute
from patron.demo.context import Context
from patron.demo.markets import COUNTRY_BY_CODE
from patron.forecasting.choices import SubmissionKind

# How far (in percent) a call may be from the truth at each submission: it narrows.
SPREADS = (35, 20, 10)
OVERRIDE_NOTES = (
    "Two deals slipped to next quarter; lowered commit.",
    "Signed order forms are in; raised commit.",
    "Removed a deal without an economic buyer.",
)


def write_forecasts(ctx: Context) -> None:
    rng = ctx.rng("forecasts")
    clock = ctx.clock
    for squad in ctx.squads:
        manager = squad.manager
        sellers = squad.reps + squad.account_managers
        hour = COUNTRY_BY_CODE[manager.country].work_start_utc
        for quarter in quarter_starts(clock.start_ord, clock.today_ord - 1):
            length = quarter_end(quarter) + 1 - quarter
            elapsed = min(length, clock.today_ord - quarter)
            team_commit = team_best = 0
            for seller in sellers:
                booked = ctx.stats.bookings.get((seller.id, quarter), 0)
                expected = booked * length // max(1, elapsed)
                latest = (0, 0)
                for spread, week in zip(SPREADS, (2, 6, 10), strict=True):
                    day = quarter + week * 7 + rng.randint(0, 2)
                    if day >= clock.today_ord or day < max(clock.start_ord, seller.hired_on):
                        continue
                    commit = rounded(
                        scaled(rng, expected, 100 - spread * 6 // 5, 100 + spread // 2), 10_000
                    )
                    best = commit + rounded(scaled(rng, expected, 10, 50), 10_000)
                    submitted = at(day, work_minute(rng, hour))
                    _submission(ctx, submitted, commit, best, quarter, seller.id, None, seller.id)
                    latest = (commit, best)
                    if rng.random() < 0.12:
                        commit = rounded(scaled(rng, commit, 80, 110), 10_000)
                        best = max(best, commit)
                        _submission(
                            ctx,
                            submitted + 240,
                            commit,
                            best,
                            quarter,
                            seller.id,
                            None,
                            manager.id,
                            note=rng.choice(OVERRIDE_NOTES),
                        )
                        latest = (commit, best)
                team_commit += latest[0]
                team_best += latest[1]
            day = quarter + 75
            if day < clock.today_ord:
                _submission(
                    ctx,
                    at(day, work_minute(rng, hour)),
                    team_commit,
                    team_best,
                    quarter,
                    None,
                    squad.team_id,
                    manager.id,
                )


def _submission(
    ctx: Context,
    submitted: int,
    commit: int,
    best: int,
    quarter: int,
    user: int | None,
    team: int | None,
    by: int,
    *,
    note: str = "",
) -> None:
    clock = ctx.clock
    kind = SubmissionKind.OVERRIDE if note else SubmissionKind.SUBMISSION
    ctx.rows(t.FORECAST).append(
        (
            ctx.new_id(t.FORECAST),
            user,
            team,
            by,
            kind,
            clock.day(quarter),
            clock.day(quarter_end(quarter) + 1),
            commit,
            best,
            clock.instant(submitted),
            note,
            *ctx.stamp(submitted, by=by),
        )
    )

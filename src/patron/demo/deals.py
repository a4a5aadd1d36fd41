"""Opportunities with a history the pipeline services would have written.

A deal is simulated as a timeline: it opens in its pipeline's first (or, for a
qualified lead, second) open stage, moves forward stage by stage after log-normal
durations scaled by the account's pace, and closes won — after the last open stage —
or lost after any of them. Reps start optimistic, so the expected close date slips as
the deal takes longer; lines are re-sized and discounted on the way, so the amount
changes; a few deals change hands. Quarter ends pull closes forward (seasonality).
Whatever would happen after the end of history does not: the deal is still open in
the stage it reached.

The history follows the services' rule exactly: at creation one row per tracked field
with an empty old value, then one row per changed field per change, in the order
stage, status, amount, close date, forecast category, owner. Replaying the latest row
per field gives the deal as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from patron.demo.clock import at, day_of, next_workday, quarter_end, weekday, work_minute
from patron.demo.configuration import PipelineRef, StageRef
from patron.demo.context import Context
from patron.demo.offers import Line, amount_of
from patron.pipeline.choices import ForecastCategory, OpportunityStatus

TRACKED = ("stage", "status", "amount", "close_date", "forecast_category", "owner")


@dataclass(slots=True)
class DealPlan:
    """What is decided before a deal opens."""

    kind: str
    pipeline: PipelineRef
    opened: int
    owner: int
    versions: list[list[Line]]
    recurring: bool
    term: int | None
    win_chance: float
    pace: float
    work_hour: int
    entry: int = 0
    forced_loss: bool = False
    expected_close: int | None = None
    reassign_to: int | None = None
    reassigned_by: int | None = None


@dataclass(slots=True)
class Deal:
    """A simulated deal: its state at the end of history and how it got there."""

    id: int
    plan: DealPlan
    stage: StageRef
    status: str
    owner: int
    lines: list[Line]
    amount: int
    close_day: int
    closed_at: int | None
    forecast: str
    history: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    # (stage, minute entered) for every stage the deal was in, in order.
    entries: list[tuple[StageRef, int]] = field(default_factory=list)

    @property
    def opened(self) -> int:
        return self.plan.opened

    @property
    def updated(self) -> int:
        return self.history[-1][3]

    @property
    def won(self) -> bool:
        return self.status == OpportunityStatus.WON


class _Recorder:
    """Keeps the current value of every tracked field and a row per change."""

    def __init__(self, ctx: Context, deal: Deal, values: dict[str, object], minute: int) -> None:
        self.day = ctx.clock.day
        self.deal = deal
        self.values = values
        by = deal.owner
        for name in TRACKED:
            deal.history.append((name, "", self.text(name, values[name]), minute, by))

    def text(self, name: str, value: object) -> str:
        return self.day(value) if name == "close_date" else str(value)  # type: ignore[arg-type]

    def change(self, changes: dict[str, object], minute: int, by: int) -> None:
        for name in TRACKED:
            if name not in changes or changes[name] == self.values[name]:
                continue
            old, new = self.values[name], changes[name]
            self.deal.history.append((name, self.text(name, old), self.text(name, new), minute, by))
            self.values[name] = new


def _previous_workday(ordinal: int) -> int:
    day = weekday(ordinal)
    return ordinal - (day - 4 if day >= 5 else 0)


def simulate(ctx: Context, rng: Random, deal_id: int, plan: DealPlan) -> Deal:
    """Run the deal's timeline up to the end of history."""
    now = ctx.clock.now
    stages = plan.pipeline.open_stages
    entry = min(plan.entry, len(stages) - 1)
    won = not plan.forced_loss and rng.random() < plan.win_chance
    if won:
        last = len(stages) - 1
    else:
        reachable = range(entry, len(stages))
        last = rng.choices(reachable, [len(stages) - index for index in reachable])[0]
    days = [
        max(1, round(plan.pipeline.stage_days[index] * plan.pace * rng.lognormvariate(0, 0.45)))
        for index in range(entry, last + 1)
    ]
    opened_day = day_of(plan.opened)
    timeline = [(stages[entry], plan.opened)]
    day = opened_day
    for offset, index in enumerate(range(entry + 1, last + 1)):
        day = next_workday(day + days[offset])
        timeline.append((stages[index], at(day, work_minute(rng, plan.work_hour))))
    close_day = next_workday(day + days[-1])
    until_quarter_end = quarter_end(close_day) - close_day
    if 12 < until_quarter_end < 45 and rng.random() < (0.45 if won else 0.3):
        # Pushed to close inside the quarter: more closes in a quarter's last days.
        pushed = _previous_workday(quarter_end(close_day) - rng.randint(0, 8))
        close_day = max(day + 1, pushed)
    expected = plan.expected_close or next_workday(
        opened_day + max(7, round((close_day - opened_day) * rng.uniform(0.5, 1.05)))
    )

    deal = Deal(
        deal_id,
        plan,
        stages[entry],
        OpportunityStatus.OPEN,
        plan.owner,
        plan.versions[0],
        0,
        expected,
        None,
        stages[entry].forecast,
    )
    version = 0
    values: dict[str, object] = {
        "stage": stages[entry].id,
        "status": OpportunityStatus.OPEN.value,
        "amount": amount_of(plan.versions[0]),
        "close_date": expected,
        "forecast_category": stages[entry].forecast,
        "owner": plan.owner,
    }
    record = _Recorder(ctx, deal, values, plan.opened)
    deal.entries.append(timeline[0])
    reassign_at = (
        rng.randint(1, len(timeline) - 1)
        if plan.reassign_to and len(timeline) > 1 and rng.random() < 0.05
        else 0
    )
    finished = True
    for step, (stage, minute) in enumerate(timeline[1:], 1):
        if minute >= now:
            finished = False
            break
        changes: dict[str, object] = {"stage": stage.id, "forecast_category": stage.forecast}
        if version + 1 < len(plan.versions):
            version += 1
            changes["amount"] = amount_of(plan.versions[version])
        remaining = day_of(minute) + round(sum(days[step:]) * 0.7)
        current_close = values["close_date"]
        if remaining > current_close or rng.random() < 0.08:  # type: ignore[operator]
            changes["close_date"] = next_workday(
                max(current_close + rng.randint(7, 30), remaining)  # type: ignore[operator]
            )
        by = values["owner"]
        if step == reassign_at:
            changes["owner"] = plan.reassign_to
            by = plan.reassigned_by or plan.reassign_to
        record.change(changes, minute, by)  # type: ignore[arg-type]
        deal.entries.append((stage, minute))
    close_minute = at(close_day, work_minute(rng, plan.work_hour))
    close_minute = max(close_minute, deal.history[-1][3] + 1)
    if finished and close_minute < now:
        pipeline = plan.pipeline
        final_stage = pipeline.won if won else pipeline.lost
        changes = {
            "stage": final_stage.id,
            "status": (OpportunityStatus.WON if won else OpportunityStatus.LOST).value,
            "close_date": close_day,
            "forecast_category": ForecastCategory.CLOSED if won else ForecastCategory.OMITTED,
        }
        if won and version < len(plan.versions) - 1:
            version = len(plan.versions) - 1
            changes["amount"] = amount_of(plan.versions[version])
        record.change(changes, close_minute, values["owner"])  # type: ignore[arg-type]
        deal.entries.append((final_stage, close_minute))
        deal.closed_at = close_minute
        deal.stage = final_stage
    else:
        deal.stage = deal.entries[-1][0]
        _refresh_stale_close(ctx, rng, record, values, plan)
    deal.status = values["status"]  # type: ignore[assignment]
    deal.owner = values["owner"]  # type: ignore[assignment]
    deal.lines = plan.versions[version]
    deal.amount = values["amount"]  # type: ignore[assignment]
    deal.close_day = values["close_date"]  # type: ignore[assignment]
    deal.forecast = values["forecast_category"]  # type: ignore[assignment]
    return deal


def _refresh_stale_close(
    ctx: Context, rng: Random, record: _Recorder, values: dict[str, object], plan: DealPlan
) -> None:
    """Most reps move an open deal's close date once it has passed; some never do."""
    today = ctx.clock.today_ord
    current = values["close_date"]
    last_change = day_of(record.deal.history[-1][3])
    first = max(last_change + 1, current)  # type: ignore[call-overload]
    if current >= today or first > today - 1 or rng.random() >= 0.75:  # type: ignore[operator]
        return
    slip_day = rng.randint(first, today - 1)
    new_close = next_workday(today + rng.randint(5, 75))
    record.change(
        {"close_date": new_close}, at(slip_day, work_minute(rng, plan.work_hour)), values["owner"]
    )  # type: ignore[arg-type]

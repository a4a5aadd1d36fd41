"""People development: coaching notes from managers, training assignments and skill
assessments every six months."""

from __future__ import annotations

from random import Random

from patron.bulk import tables as t
from patron.demo.clock import at, work_minute
from patron.demo.context import Context, Person
from patron.demo.markets import COUNTRY_BY_CODE
from patron.people.choices import CoachingKind, Skill

COACHING = (
    (CoachingKind.FEEDBACK, 35),
    (CoachingKind.PRAISE, 20),
    (CoachingKind.DEVELOPMENT, 15),
    (CoachingKind.DEAL_REVIEW, 20),
    (CoachingKind.CALL_REVIEW, 10),
)
NOTES = {
    CoachingKind.FEEDBACK: "Qualify budget earlier; two deals stalled at proposal this month.",
    CoachingKind.PRAISE: "Great discovery with the operations director — keep using that flow.",
    CoachingKind.DEVELOPMENT: "Goal: run one executive presentation per month this quarter.",
    CoachingKind.DEAL_REVIEW: "Reviewed the deal: map the economic buyer before the proposal.",
    CoachingKind.CALL_REVIEW: "Listened to the call: let the customer talk more, ask why twice.",
}


def write_people(ctx: Context) -> None:
    rng = ctx.rng("people")
    for squad in ctx.squads:
        for seller in squad.reps + squad.account_managers:
            hour = COUNTRY_BY_CODE[seller.country].work_start_utc
            _coaching(ctx, rng, seller, squad.manager, hour)
            _training(ctx, rng, seller, squad.manager, hour)
            _skills(ctx, rng, seller, squad.manager, hour)


def _coaching(ctx: Context, rng: Random, seller: Person, manager: Person, hour: int) -> None:
    clock = ctx.clock
    deals = ctx.sampled("deals", seller.id)
    calls = ctx.sampled("calls", seller.id)
    day = max(clock.start_ord, seller.hired_on) + rng.randint(7, 30)
    while day < clock.today_ord:
        kind = rng.choices(COACHING, [w for _k, w in COACHING])[0][0]
        opportunity = activity = None
        if kind == CoachingKind.DEAL_REVIEW:
            earlier = [deal_id for owned, deal_id in deals if owned <= day]
            opportunity = earlier[-1] if earlier else None
        elif kind == CoachingKind.CALL_REVIEW:
            earlier = [call_id for called, call_id in calls if called <= day]
            activity = earlier[-1] if earlier else None
        given = at(day, work_minute(rng, hour))
        ctx.rows(t.COACHING).append(
            (
                ctx.new_id(t.COACHING),
                seller.id,
                manager.id,
                kind,
                clock.day(day),
                NOTES[kind],
                opportunity,
                activity,
                *ctx.stamp(given, by=manager.id),
            )
        )
        day += rng.randint(21, 45)


def _training(ctx: Context, rng: Random, seller: Person, manager: Person, hour: int) -> None:
    clock = ctx.clock
    since = max(clock.start_ord - 60, seller.hired_on)
    for course_id, _skill in rng.sample(ctx.config.courses, rng.randint(3, 6)):
        assigned = rng.randint(since, clock.today_ord - 1)
        due = assigned + rng.choice((14, 30, 45))
        completed = score = None
        finish = assigned + rng.randint(1, due - assigned + 10)
        chance = 0.85 if due < clock.today_ord else 0.4
        if finish < clock.today_ord and rng.random() < chance:
            completed, score = finish, rng.randint(55, 100)
        ctx.rows(t.ASSIGNMENT).append(
            (
                ctx.new_id(t.ASSIGNMENT),
                course_id,
                seller.id,
                manager.id,
                clock.day(assigned),
                clock.day(due),
                clock.day(completed) if completed else None,
                score,
                *ctx.stamp(
                    at(assigned, work_minute(rng, hour)),
                    at(completed, work_minute(rng, hour)) if completed else None,
                    manager.id,
                ),
            )
        )


def _skills(ctx: Context, rng: Random, seller: Person, manager: Person, hour: int) -> None:
    """Every skill rated every six months; most people improve slowly."""
    clock = ctx.clock
    scores = {skill: rng.randint(2, 4) for skill in Skill.values}
    day = max(clock.start_ord, seller.hired_on) + rng.randint(20, 60)
    while day < clock.today_ord:
        assessed = at(day, work_minute(rng, hour))
        for skill in Skill.values:
            step = rng.choices((-1, 0, 1), (10, 60, 30))[0]
            scores[skill] = min(5, max(1, scores[skill] + step))
            ctx.rows(t.SKILL).append(
                (
                    ctx.new_id(t.SKILL),
                    seller.id,
                    manager.id,
                    skill,
                    scores[skill],
                    clock.day(day),
                    "",
                    *ctx.stamp(assessed, by=manager.id),
                )
            )
        day += rng.randint(170, 195)

"""Activities: the calls, e-mails, meetings, demos and tasks around deals, accounts and
cases — done in the past, planned for the coming weeks, and some tasks overdue.

Only selling activities (calls, e-mails, meetings, visits, demos, trials, proofs of
concept, presentations) involve contacts, so a contact's `last_touched_at` is simply
the latest completed activity they took part in — what the activity service keeps.
"""

from __future__ import annotations

from random import Random

from patron.activities.choices import ActivityKind, ActivityOutcome, ActivityStatus
from patron.bulk import tables as t
from patron.demo.accounts import AccountState
from patron.demo.clock import (
    MINUTES_PER_DAY,
    at,
    day_of,
    quarter_start,
    quarter_starts,
    work_minute,
)
from patron.demo.context import Context
from patron.demo.deals import Deal
from patron.demo.service import CaseRef
from patron.pipeline.choices import OpportunityStatus

K = ActivityKind
# Kinds by the position of the stage the deal is in.
STAGE_KINDS = (
    (K.CALL, K.EMAIL, K.CALL, K.EMAIL),
    (K.MEETING, K.CALL, K.EMAIL, K.VISIT),
    (K.DEMO, K.PRESENTATION, K.TRIAL, K.PROOF_OF_CONCEPT, K.MEETING),
    (K.MEETING, K.CALL, K.EMAIL, K.PRESENTATION),
)
DURATIONS = {
    K.CALL: (10, 45),
    K.EMAIL: (5, 10),
    K.MEETING: (30, 90),
    K.VISIT: (60, 240),
    K.DEMO: (45, 90),
    K.TRIAL: (0, 0),
    K.PROOF_OF_CONCEPT: (0, 0),
    K.PRESENTATION: (45, 90),
    K.TASK: (15, 60),
    K.NOTE: (0, 0),
}
SUBJECTS = {
    K.CALL: ("Discovery call", "Follow-up call", "Pricing call", "Check-in call"),
    K.EMAIL: ("Sent the proposal", "Follow-up e-mail", "Shared the case study"),
    K.MEETING: ("Kick-off meeting", "Steering committee", "Requirements workshop"),
    K.VISIT: ("Site visit", "Warehouse walk-through"),
    K.DEMO: ("Product demo: Cloud Platform", "Analytics demo"),
    K.TRIAL: ("30-day trial",),
    K.PROOF_OF_CONCEPT: ("Proof of concept at the main warehouse",),
    K.PRESENTATION: ("Executive presentation", "Business case presentation"),
    K.TASK: (
        "Send revised quote",
        "Chase the signed order form",
        "Prepare QBR deck",
        "Update the account plan",
        "Book the next meeting",
    ),
    K.NOTE: ("Notes from the conversation",),
}
OUTCOMES = (
    (ActivityOutcome.POSITIVE, 45),
    (ActivityOutcome.NEUTRAL, 35),
    (ActivityOutcome.NEGATIVE, 10),
    (ActivityOutcome.NO_ANSWER, 10),
)
SELLING = frozenset(
    (K.CALL, K.EMAIL, K.MEETING, K.VISIT, K.DEMO, K.TRIAL, K.PROOF_OF_CONCEPT, K.PRESENTATION)
)
DEAL_ACTIVITIES = {
    OpportunityStatus.WON: (1, 3),
    OpportunityStatus.LOST: (1, 1),
    OpportunityStatus.OPEN: (1, 2),
}


class _Activities:
    def __init__(self, ctx: Context, rng: Random, account: AccountState) -> None:
        self.ctx = ctx
        self.rng = rng
        self.account = account

    def add(
        self,
        kind: str,
        owner: int,
        starts: int,
        *,
        opportunity: int | None = None,
        case: int | None = None,
        due_days: int = 0,
        cancelled: bool = False,
        planned: bool = False,
        subject: str | None = None,
    ) -> None:
        ctx, rng = self.ctx, self.rng
        now = ctx.clock.now
        low, high = DURATIONS[kind]
        duration = rng.randint(low, high)
        due = starts + due_days * MINUTES_PER_DAY if kind == K.TASK else None
        if kind == K.TASK:
            finish = starts + rng.randint(1, max(1, due_days + 2)) * MINUTES_PER_DAY // 2
        else:
            finish = starts + duration
        if cancelled:
            status, completed = ActivityStatus.CANCELLED, None
        elif finish < now and not planned:
            status, completed = ActivityStatus.COMPLETED, finish
        else:
            status, completed = ActivityStatus.PLANNED, None
        outcome = ""
        if completed is not None and kind in (K.CALL, K.MEETING, K.DEMO, K.PRESENTATION):
            outcome = rng.choices(OUTCOMES, [w for _o, w in OUTCOMES])[0][0]
            if kind != K.CALL and outcome == ActivityOutcome.NO_ANSWER:
                outcome = ActivityOutcome.NEUTRAL
        # A note is logged done when it is written (`log_activity` completes it at once);
        # anything else is logged as planned an hour before it starts.
        logged = starts if kind == K.NOTE else min(starts, now) - 60
        activity_id = ctx.new_id(t.ACTIVITY)
        instant = ctx.clock.instant
        ctx.rows(t.ACTIVITY).append(
            (
                activity_id,
                kind,
                subject or rng.choice(SUBJECTS[kind]),
                "",
                self.account.id,
                opportunity,
                case,
                owner,
                status,
                instant(starts),
                duration,
                instant(due) if due is not None else None,
                instant(completed) if completed is not None else None,
                outcome,
                *ctx.stamp(logged, completed, owner),
            )
        )
        if kind in SELLING:
            contacts = self.account.active_contacts(before=starts)
            links = ctx.rows(t.ACTIVITY_CONTACTS)
            for contact in rng.sample(contacts, min(len(contacts), rng.choice((1, 1, 2)))):
                links.append((ctx.new_id(t.ACTIVITY_CONTACTS), activity_id, contact.id))
                if completed is not None and (contact.last_touched or 0) < completed:
                    contact.last_touched = completed
            if completed is not None:
                ctx.stats.activities[(owner, quarter_start(day_of(completed)))] += 1
                if kind == K.CALL:
                    ctx.sample("calls", owner, (day_of(completed), activity_id))


def write_activities(
    ctx: Context, rng: Random, account: AccountState, deals: list[Deal], cases: list[CaseRef]
) -> None:
    now = ctx.clock.now
    hour = account.work_hour
    log = _Activities(ctx, rng, account)
    for deal in deals:
        low, high = DEAL_ACTIVITIES[deal.status]
        windows = [*deal.entries, (None, deal.closed_at or now)]
        for _index in range(rng.randint(low, high)):
            slot = rng.randrange(len(windows) - 1)
            stage, begin = windows[slot]
            end = windows[slot + 1][1]
            day = rng.randint(day_of(begin), max(day_of(begin), day_of(end) - 1))
            starts = max(begin + 30, at(day, work_minute(rng, hour)))
            position = min(stage.order - 1, len(STAGE_KINDS) - 1)  # type: ignore[union-attr]
            log.add(rng.choice(STAGE_KINDS[position]), deal.owner, starts, opportunity=deal.id)
        if deal.status == OpportunityStatus.OPEN and rng.random() < 0.8:
            _next_step(ctx, rng, log, deal)
        if deal.status != OpportunityStatus.OPEN and rng.random() < 0.1:
            log.add(K.NOTE, deal.owner, deal.closed_at or now - 1, opportunity=deal.id)
    _account_activities(ctx, rng, account, log)
    for case in cases:
        if rng.random() < 0.12 and case.opened + 240 < now:
            log.add(
                K.CALL,
                case.owner,
                case.opened + rng.randint(60, 240),
                case=case.id,
                subject="Call about the case",
            )


def _next_step(ctx: Context, rng: Random, log: _Activities, deal: Deal) -> None:
    """An open deal's next step: a task (a quarter of them overdue) or a meeting booked."""
    today = ctx.clock.today_ord
    hour = log.account.work_hour
    roll = rng.random()
    if roll < 0.15:
        created = today - rng.randint(8, 30)
        log.add(
            K.TASK,
            deal.owner,
            at(created, work_minute(rng, hour)),
            opportunity=deal.id,
            due_days=rng.randint(2, 7),
            planned=True,
        )
    elif roll < 0.6:
        created = today - rng.randint(1, 3)
        log.add(
            K.TASK,
            deal.owner,
            at(created, work_minute(rng, hour)),
            opportunity=deal.id,
            due_days=rng.randint(3, 14),
            planned=True,
        )
    else:
        starts = at(today + rng.randint(0, 14), work_minute(rng, hour))
        log.add(rng.choice((K.MEETING, K.CALL, K.DEMO)), deal.owner, starts, opportunity=deal.id)


def _account_activities(ctx: Context, rng: Random, account: AccountState, log: _Activities) -> None:
    """Quarterly business reviews with customers, visits, and a note now and then."""
    clock = ctx.clock
    hour = account.work_hour
    if account.customer_since is not None:
        end = account.churned_on or clock.today_ord + 60
        owner = account.am.id if account.handoff else account.ae.id
        for quarter in quarter_starts(account.customer_since + 90, end):
            if rng.random() < 0.42:
                continue
            day = quarter + rng.randint(20, 70)
            if day >= end:
                continue
            starts = at(day, work_minute(rng, hour))
            cancelled = starts < clock.now and rng.random() < 0.05
            log.add(
                K.MEETING, owner, starts, cancelled=cancelled, subject="Quarterly business review"
            )
            if rng.random() < 0.3:
                log.add(
                    K.TASK,
                    owner,
                    starts - 5 * MINUTES_PER_DAY,
                    due_days=3,
                    subject="Prepare QBR deck",
                )
            if rng.random() < 0.15:
                log.add(K.VISIT, owner, starts + 2 * MINUTES_PER_DAY)
    elif rng.random() < 0.5:
        day = rng.randint(day_of(account.created), clock.today_ord - 1)
        log.add(rng.choice((K.CALL, K.EMAIL)), account.owner, at(day, work_minute(rng, hour)))
    if rng.random() < 0.3:
        day = rng.randint(day_of(account.created), clock.today_ord - 1)
        log.add(K.NOTE, account.owner, at(day, work_minute(rng, hour)))

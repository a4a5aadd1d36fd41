"""Customer cases with SLA targets, and satisfaction: CSAT after a resolution, NPS
surveys twice a year.

A case's due times come from its priority's policy at opening, as the service fixes
them. Response and resolution times are drawn log-normally around the targets, so
most cases meet their SLA and some breach it; a few are reopened (the reopen clears
the resolution, as `reopen_case` does, until the case is resolved again). CSAT is
answered by some resolved cases — better when the SLA was met — and NPS by some
contacts of customers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random

from patron.bulk import tables as t
from patron.demo.accounts import AccountState
from patron.demo.clock import MINUTES_PER_DAY, at, work_minute
from patron.demo.context import Context
from patron.demo.names import CASE_SUBJECTS
from patron.service.choices import CaseCategory, CasePriority, CaseStatus, SurveyKind

CASE_RATE = {"smb": 4.0, "mid_market": 8.0, "enterprise": 15.0, "public_sector": 6.0}
PRIORITIES = (
    (CasePriority.LOW, 20),
    (CasePriority.NORMAL, 50),
    (CasePriority.HIGH, 22),
    (CasePriority.URGENT, 8),
)
CATEGORIES = (
    (CaseCategory.QUESTION, 30),
    (CaseCategory.PROBLEM, 32),
    (CaseCategory.BILLING, 12),
    (CaseCategory.DELIVERY, 10),
    (CaseCategory.FEATURE_REQUEST, 8),
    (CaseCategory.COMPLAINT, 8),
)
DEPARTMENTS = {
    CaseCategory.BILLING: "Billing",
    CaseCategory.PROBLEM: "Technical Support",
    CaseCategory.COMPLAINT: "Technical Support",
    CaseCategory.DELIVERY: "Logistics",
}
RESOLUTIONS = (
    "Replaced the device under warranty",
    "Explained the steps; customer confirmed",
    "Fixed the synchronisation setting",
    "Credited the difference on the next invoice",
    "Shipped the missing items",
    "Logged the request with product management",
)
CSAT_MET = (5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 1)
CSAT_BREACHED = (5, 4, 4, 3, 3, 3, 2, 2, 1, 1)


@dataclass(frozen=True, slots=True)
class CaseRef:
    id: int
    opened: int
    owner: int
    contact_id: int | None


def write_cases(
    ctx: Context, rng: Random, account: AccountState, first: int, last: int
) -> list[CaseRef]:
    """The cases a customer opened between days `first` and `last`."""
    cases = []
    rate = CASE_RATE[account.segment] / 365
    day = first
    while True:
        day += int(rng.expovariate(rate)) + 1
        if day >= min(last, ctx.clock.today_ord):
            return cases
        cases.append(_write_case(ctx, rng, account, day))


def _write_case(ctx: Context, rng: Random, account: AccountState, day: int) -> CaseRef:
    clock = ctx.clock
    now = clock.now
    opened = at(day, rng.randint(0, MINUTES_PER_DAY - 1))
    priority = rng.choices(PRIORITIES, [w for _p, w in PRIORITIES])[0][0]
    category = rng.choices(CATEGORIES, [w for _c, w in CATEGORIES])[0][0]
    respond_within, resolve_within = ctx.config.sla[priority]
    contacts = account.active_contacts(before=opened)
    contact = rng.choice(contacts).id if contacts and rng.random() < 0.9 else None
    owner = rng.choice(ctx.agents).id
    responded = opened + max(1, round(respond_within * rng.lognormvariate(-0.9, 0.8)))
    resolved = max(responded + 5, opened + round(resolve_within * rng.lognormvariate(-0.6, 0.6)))
    if rng.random() < 0.1:
        # Waiting for the customer: parts, a log file, a decision.
        resolved += rng.randint(1, 20) * MINUTES_PER_DAY
    first_response = resolved_at = closed_at = None
    reopened = 0
    resolution = ""
    updated = opened
    if responded >= now:
        status = CaseStatus.NEW
    elif resolved >= now:
        status = CaseStatus.PENDING_CUSTOMER if rng.random() < 0.3 else CaseStatus.OPEN
        first_response = updated = responded
    else:
        first_response, resolved_at, resolution = responded, resolved, rng.choice(RESOLUTIONS)
        status = CaseStatus.RESOLVED
        updated = resolved
        if rng.random() < 0.07:
            reopen = resolved + rng.randint(1, 5) * MINUTES_PER_DAY
            if reopen < now:
                reopened = 1
                again = reopen + round(resolve_within * rng.lognormvariate(-0.6, 0.7))
                resolved_at = again if again < now else None
                status = CaseStatus.RESOLVED if again < now else CaseStatus.OPEN
                updated = again if again < now else reopen
        if resolved_at is not None:
            closing = resolved_at + rng.randint(3, 7) * MINUTES_PER_DAY
            if closing < now and rng.random() < 0.85:
                status, closed_at, updated = CaseStatus.CLOSED, closing, closing
    case_id = ctx.new_id(t.CASE)
    instant = clock.instant
    ctx.rows(t.CASE).append(
        (
            case_id,
            ctx.number("CS", clock.year(day)),
            account.id,
            contact,
            owner,
            DEPARTMENTS.get(category, "Customer Service"),
            rng.choice(CASE_SUBJECTS[category]),
            "",
            priority,
            category,
            status,
            instant(opened),
            instant(opened + respond_within),
            instant(opened + resolve_within),
            instant(first_response) if first_response else None,
            instant(resolved_at) if resolved_at else None,
            instant(closed_at) if closed_at else None,
            reopened,
            resolution,
            *ctx.stamp(opened, updated, owner),
        )
    )
    if resolved_at is not None and rng.random() < 0.45:
        answered = resolved_at + rng.randint(10, 2 * MINUTES_PER_DAY)
        if answered < now:
            met = resolved_at - opened <= resolve_within
            score = rng.choice(CSAT_MET if met else CSAT_BREACHED)
            ctx.rows(t.SURVEY).append(
                (
                    ctx.new_id(t.SURVEY),
                    SurveyKind.CSAT,
                    score,
                    account.id,
                    contact,
                    case_id,
                    instant(answered),
                    "",
                    *ctx.stamp(answered, by=owner),
                )
            )
    return CaseRef(case_id, opened, owner, contact)


def write_nps(ctx: Context, rng: Random, account: AccountState, first: int, last: int) -> None:
    """Answers to the NPS surveys sent every March and September to customers."""
    clock = ctx.clock
    mood = 5.0 if account.churned_on else rng.uniform(6.5, 9.0)
    for year in range(clock.start.year, clock.today.year + 1):
        for month in (3, 9):
            sent = date(year, month, 15).toordinal()
            if not first <= sent < min(last, clock.today_ord):
                continue
            for contact in account.active_contacts(before=at(sent, 0)):
                if rng.random() >= 0.25:
                    continue
                answered_day = sent + rng.randint(0, 20)
                if answered_day >= clock.today_ord:
                    continue
                answered = at(answered_day, work_minute(rng, account.work_hour))
                score = max(0, min(10, round(rng.gauss(mood, 1.8))))
                ctx.rows(t.SURVEY).append(
                    (
                        ctx.new_id(t.SURVEY),
                        SurveyKind.NPS,
                        score,
                        account.id,
                        contact.id,
                        None,
                        clock.instant(answered),
                        "",
                        *ctx.stamp(answered),
                    )
                )

"""The rows of a simulated deal: the opportunity, its lines, history, contacts in the
deal, competitors and quotes."""

from __future__ import annotations

from decimal import Decimal
from random import Random

from patron.bulk import tables as t
from patron.core.money import round_minor
from patron.demo.accounts import AccountState
from patron.demo.clock import day_of, quarter_start
from patron.demo.context import Context
from patron.demo.deals import Deal
from patron.demo.names import LOSS_NOTES, NEXT_STEPS, WIN_REASONS
from patron.demo.offers import Line
from patron.pipeline.choices import LossReason, OpportunityStatus, OpportunityType, QuoteStatus

LOSS_REASONS = (
    (LossReason.PRICE, 20),
    (LossReason.COMPETITOR, 25),
    (LossReason.NO_DECISION, 20),
    (LossReason.TIMING, 12),
    (LossReason.PRODUCT_FIT, 8),
    (LossReason.BUDGET, 10),
    (LossReason.RELATIONSHIP, 3),
    (LossReason.OTHER, 2),
)
CHURN_LOSS_REASONS = (
    LossReason.PRICE,
    LossReason.COMPETITOR,
    LossReason.BUDGET,
    LossReason.RELATIONSHIP,
)
TAX_PERCENT = {"TH": "7.00", "PH": "12.00", "DE": "19.00", "FR": "20.00", "NL": "21.00"}
# The open stage (by position) at which a quote goes out, per pipeline.
QUOTE_STAGE = {"New business": 2, "Renewals": 1, "Channel partners": 2}
DISCOUNT_APPROVAL_ABOVE = Decimal(15)
TYPE_WORDS = {
    OpportunityType.NEW_BUSINESS: "new business",
    OpportunityType.UPSELL: "more users",
    OpportunityType.CROSS_SELL: "cross-sell",
    OpportunityType.EXPANSION: "expansion",
    OpportunityType.RENEWAL: "renewal",
}


def deal_name(account: AccountState, deal: Deal) -> str:
    product = deal.plan.versions[-1][0].product.spec.name.split(" (")[0]
    return f"{account.short} — {product} ({TYPE_WORDS[deal.plan.kind]})"


def write_deal(
    ctx: Context,
    rng: Random,
    account: AccountState,
    deal: Deal,
    *,
    lead_source: str = "",
    campaign_id: int | None = None,
) -> None:
    clock = ctx.clock
    plan = deal.plan
    won, lost = deal.status == OpportunityStatus.WON, deal.status == OpportunityStatus.LOST
    competitors = rng.sample(account.competitors, min(len(account.competitors), rng.randint(0, 2)))
    loss_reason, loss_note, win_reason = "", "", ""
    if lost:
        if plan.forced_loss:
            loss_reason = rng.choice(CHURN_LOSS_REASONS)
        else:
            loss_reason = rng.choices(LOSS_REASONS, [w for _r, w in LOSS_REASONS])[0][0]
        loss_note = rng.choice(LOSS_NOTES) if rng.random() < 0.6 else ""
        if loss_reason == LossReason.COMPETITOR and not competitors:
            competitors = [rng.choice(account.competitors or ctx.config.competitors)]
    elif won and rng.random() < 0.5:
        win_reason = rng.choice(WIN_REASONS)
    base = ctx.rates.base(deal.amount, account.currency, deal.close_day)
    ctx.rows(t.OPPORTUNITY).append(
        (
            deal.id,
            deal_name(account, deal),
            None,
            account.id,
            deal.owner,
            plan.kind,
            plan.pipeline.id,
            deal.stage.id,
            deal.status,
            account.currency,
            deal.amount,
            base,
            plan.recurring,
            plan.term,
            clock.day(day_of(plan.opened)),
            clock.day(deal.close_day),
            clock.instant(deal.closed_at) if deal.closed_at is not None else None,
            deal.forecast,
            "" if deal.closed_at is not None else rng.choice(NEXT_STEPS),
            "",
            lead_source,
            campaign_id,
            competitors[0] if competitors else None,
            loss_reason,
            loss_note,
            win_reason,
            *ctx.stamp(plan.opened, deal.updated, plan.owner),
        )
    )
    line_stamp = ctx.stamp(plan.opened, deal.updated, plan.owner)
    line_rows = ctx.rows(t.OPPORTUNITY_LINE)
    for line in deal.lines:
        line_rows.append(
            (
                ctx.new_id(t.OPPORTUNITY_LINE),
                deal.id,
                line.product.id,
                line.quantity,
                line.unit_minor,
                line.discount,
                line.total,
                *line_stamp,
            )
        )
    history = ctx.rows(t.HISTORY)
    instant = clock.instant
    for name, old, new, minute, by in deal.history:
        history.append((ctx.new_id(t.HISTORY), deal.id, name, old, new, instant(minute), by))
    for competitor in competitors:
        ctx.rows(t.OPPORTUNITY_COMPETITOR).append(
            (
                ctx.new_id(t.OPPORTUNITY_COMPETITOR),
                deal.id,
                competitor,
                "",
                *ctx.stamp(plan.opened, by=plan.owner),
            )
        )
    _write_contact_roles(ctx, rng, account, deal)
    _write_quotes(ctx, rng, account, deal)
    if won:
        quarter = quarter_start(deal.close_day)
        ctx.stats.bookings[(deal.owner, quarter)] += base
        if account.territory_id is not None:
            ctx.stats.territory_bookings[(account.territory_id, quarter)] += base
        account.won_base += base
    # A deal review is about a deal the rep owns: from the day after it became theirs.
    taken = max(minute for name, _old, _new, minute, _by in deal.history if name == "owner")
    ctx.sample("deals", deal.owner, (day_of(taken) + 1, deal.id))


def _write_contact_roles(ctx: Context, rng: Random, account: AccountState, deal: Deal) -> None:
    contacts = account.active_contacts(before=deal.opened)
    if not contacts:
        return
    chosen = rng.sample(contacts, min(len(contacts), rng.randint(1, 3)))
    primary = next((c for c in chosen if c.primary), chosen[0])
    for contact in chosen:
        ctx.rows(t.CONTACT_ROLE).append(
            (
                ctx.new_id(t.CONTACT_ROLE),
                deal.id,
                contact.id,
                contact.role,
                contact is primary,
                *ctx.stamp(deal.opened, by=deal.plan.owner),
            )
        )


def _write_quotes(ctx: Context, rng: Random, account: AccountState, deal: Deal) -> None:
    """A quote when the deal reached its pipeline's proposal stage (most deals), and a
    second revision with the negotiated lines when it went further."""
    position = QUOTE_STAGE[deal.plan.pipeline.name]
    entered = [minute for stage, minute in deal.entries if stage.order == position + 1]
    if not entered or rng.random() < 0.35:
        return
    later = [minute for stage, minute in deal.entries if stage.order > position + 1]
    versions = deal.plan.versions
    revisions = [(entered[0], versions[-2] if len(versions) > 1 else versions[-1])]
    if later and rng.random() < 0.4:
        revisions.append((later[0], deal.lines))
    today = ctx.clock.today_ord
    issue_days = [min(today - 1, day_of(minute) + rng.randint(0, 2)) for minute, _l in revisions]
    number = ctx.number("Q", ctx.clock.year(issue_days[0]))
    for revision, ((minute, lines), issued) in enumerate(
        zip(revisions, issue_days, strict=True), 1
    ):
        issued = max(issued, day_of(minute))
        if revision < len(revisions):
            status, changed = QuoteStatus.REJECTED, revisions[revision][0]
        elif deal.status == OpportunityStatus.WON:
            status, changed = QuoteStatus.ACCEPTED, deal.closed_at or minute
        elif deal.status == OpportunityStatus.LOST:
            status, changed = QuoteStatus.REJECTED, deal.closed_at or minute
        elif issued + 30 < today:
            status, changed = QuoteStatus.EXPIRED, minute
        else:
            status, changed = QuoteStatus.SENT, minute
        _write_quote(ctx, account, deal, number, revision, status, lines, minute, issued, changed)


def _write_quote(
    ctx: Context,
    account: AccountState,
    deal: Deal,
    number: str,
    revision: int,
    status: str,
    lines: list[Line],
    minute: int,
    issued: int,
    changed: int,
) -> None:
    clock = ctx.clock
    subtotal = sum(line.total for line in lines)
    tax_percent = Decimal(TAX_PERCENT.get(account.country.code, "0.00"))
    tax = round_minor(Decimal(subtotal) * tax_percent / 100)
    needs_approval = max(line.discount for line in lines) > DISCOUNT_APPROVAL_ABOVE
    manager = account.squad.manager.id
    quote_id = ctx.new_id(t.QUOTE)
    ctx.rows(t.QUOTE).append(
        (
            quote_id,
            deal.id,
            number,
            revision,
            status,
            account.currency,
            clock.day(issued),
            clock.day(issued + 30),
            Decimal("0.00"),
            subtotal,
            tax_percent,
            tax,
            subtotal + tax,
            f"Prices in {account.currency}. Payment within 30 days of invoice.",
            clock.instant(minute - 60) if needs_approval else None,
            manager if needs_approval else None,
            clock.instant(minute - 30) if needs_approval else None,
            *ctx.stamp(minute - 90, max(changed, minute), deal.plan.owner),
        )
    )
    rows = ctx.rows(t.QUOTE_LINE)
    stamp = ctx.stamp(minute - 90, by=deal.plan.owner)
    for line in lines:
        rows.append(
            (
                ctx.new_id(t.QUOTE_LINE),
                quote_id,
                line.product.id,
                line.product.spec.name,
                line.quantity,
                line.unit_minor,
                line.discount,
                line.total,
                *stamp,
            )
        )

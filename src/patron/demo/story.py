"""One account's three years, told in order.

A prospect is worked by its account executive: new-business deals until one is won
(or the attempts run out). The first win makes it a customer on that deal's close
date, and soon after the account is handed off to an account manager. A customer
then grows — upsell, cross-sell and expansion deals, replenishment orders — renews its
contracts, opens cases and answers surveys, until, for some, it churns: its renewals
are lost and it stops ordering. Parents and subsidiaries are told one after the other,
so an account's whole group is written in the same batch.

The rates below are per year of customer life, tuned so that an account averages
about ten opportunities, fifty order lines and twenty activities (see `scales`).
"""

from __future__ import annotations

from random import Random

from patron.accounts.choices import ChurnReason, Lifecycle, Tier
from patron.bulk import tables as t
from patron.demo.accounts import AccountState, add_contacts, new_account, write_account
from patron.demo.activities import write_activities
from patron.demo.clock import add_months, at, day_of, work_minute
from patron.demo.context import Context
from patron.demo.deal_rows import write_deal
from patron.demo.deals import Deal, DealPlan, simulate
from patron.demo.leads import lead_origin, write_converted_lead
from patron.demo.orders import (
    ContractState,
    choose_payer,
    new_contract,
    write_contract,
    write_order,
)
from patron.demo.org import Rule
from patron.demo.planning import write_account_plans
from patron.demo.service import write_cases, write_nps
from patron.orders.choices import ContractStatus
from patron.pipeline.choices import LeadSource, OpportunityStatus, OpportunityType

GROWTH_DEALS = {"smb": 5.4, "mid_market": 9.2, "enterprise": 14.6, "public_sector": 6.5}
REPLENISHMENT_ORDERS = {"smb": 9.9, "mid_market": 14.6, "enterprise": 20.8, "public_sector": 9.9}
DIRECT_SOURCES = (
    (LeadSource.OUTBOUND, 50),
    (LeadSource.REFERRAL, 25),
    (LeadSource.PARTNER, 15),
    (LeadSource.INBOUND_CALL, 10),
)
FIRST_WIN_CHANCE = {
    LeadSource.REFERRAL: 0.42,
    LeadSource.INBOUND_CALL: 0.38,
    LeadSource.PARTNER: 0.35,
    LeadSource.EVENT: 0.30,
    LeadSource.WEB: 0.28,
    LeadSource.CAMPAIGN: 0.27,
    LeadSource.OUTBOUND: 0.22,
}
GROWTH_KINDS = (
    (OpportunityType.UPSELL, 35),
    (OpportunityType.CROSS_SELL, 35),
    (OpportunityType.EXPANSION, 30),
)
CHURN_REASONS = (
    (ChurnReason.PRICE, 25),
    (ChurnReason.COMPETITOR, 25),
    (ChurnReason.NO_VALUE, 15),
    (ChurnReason.SERVICE, 10),
    (ChurnReason.BUDGET, 15),
    (ChurnReason.ACQUIRED, 5),
    (ChurnReason.OTHER, 5),
)
# New-business attempts on a prospect before the account executive gives up.
PROSPECT_ATTEMPTS = 6
# Lifetime bookings (USD cents) that make a customer a key account.
TIERS = ((Tier.A, 500_000_000), (Tier.B, 200_000_000), (Tier.C, 80_000_000))


def write_account_group(ctx: Context, rules: list[Rule], index: int, room: int) -> int:
    """A parent account and, for some, subsidiaries; returns how many accounts."""
    rng = ctx.rng("group", index)
    parent = new_account(ctx, ctx.config, rules, rng, None)
    Story(ctx, rng, parent).tell()
    subsidiaries = rng.randint(1, 4) if rng.random() < 0.08 else 0
    for _index in range(min(subsidiaries, room - 1)):
        Story(ctx, rng, new_account(ctx, ctx.config, rules, rng, parent)).tell()
    return 1 + min(subsidiaries, max(0, room - 1))


class Story:
    def __init__(self, ctx: Context, rng: Random, account: AccountState) -> None:
        self.ctx = ctx
        self.rng = rng
        self.account = account
        self.today = ctx.clock.today_ord
        self.deals: list[Deal] = []
        self.contracts: list[ContractState] = []
        self.payer = choose_payer(rng)
        self.handed_off: int | None = None
        self.churn_after: int | None = None

    def tell(self) -> None:
        ctx, rng, account = self.ctx, self.rng, self.account
        add_contacts(ctx, rng, account)
        if account.parent_id is None and rng.random() < 0.02:
            account.lifecycle = Lifecycle.PARTNER
        else:
            self._prospect()
        if account.customer_since is not None:
            self._customer()
        last = account.churned_on or self.today
        cases = []
        if account.customer_since is not None:
            cases = write_cases(ctx, rng, account, account.customer_since, last)
            write_nps(ctx, rng, account, account.customer_since, last)
        write_activities(ctx, rng, account, self.deals, cases)
        if account.tier:
            write_account_plans(ctx, rng, account)
        for contract in self.contracts:
            write_contract(ctx, account, contract)
        write_account(ctx, account)

    def _plan(self, kind: str, opened: int, owner: int, **extra: object) -> DealPlan:
        account = self.account
        items, recurring = account.offers.deal_products(
            self.rng, kind, day_of(opened), account.cloud_sku
        )
        peers = [rep.id for rep in account.squad.reps if rep.id != owner]
        term = self.rng.choices((12, 24, 36), (50, 30, 20))[0] if recurring else None
        if kind != OpportunityType.NEW_BUSINESS:
            term = 12 if recurring else None
        values: dict = {
            "kind": kind,
            "pipeline": self.ctx.config.pipelines["New business"],
            "opened": opened,
            "owner": owner,
            "versions": account.offers.versions(self.rng, items, day_of(opened)),
            "recurring": recurring,
            "term": term,
            "win_chance": 0.42,
            "pace": account.pace,
            "work_hour": account.work_hour,
            "reassign_to": self.rng.choice(peers) if peers else None,
            "reassigned_by": account.squad.manager.id,
        }
        values.update(extra)
        return DealPlan(**values)

    def _deal(self, plan: DealPlan, **links: object) -> Deal:
        deal = simulate(self.ctx, self.rng, self.ctx.new_id(t.OPPORTUNITY), plan)
        write_deal(self.ctx, self.rng, self.account, deal, **links)  # type: ignore[arg-type]
        self.deals.append(deal)
        if deal.won:
            self._won(deal)
        return deal

    def _prospect(self) -> None:
        """New-business attempts until a win, a deal still open, or PROSPECT_ATTEMPTS tries."""
        ctx, rng, account = self.ctx, self.rng, self.account
        from_lead = rng.random() < 0.38
        if from_lead:
            origin = lead_origin(ctx, rng, account)
            source, campaign = origin[0], origin[1]
        else:
            source = rng.choices(DIRECT_SOURCES, [w for _s, w in DIRECT_SOURCES])[0][0]
            campaign = None
        pipeline = "Channel partners" if source == LeadSource.PARTNER else "New business"
        opened = account.created + rng.randint(30, 600)
        for attempt in range(PROSPECT_ATTEMPTS):
            if day_of(opened) >= self.today:
                return
            plan = self._plan(
                OpportunityType.NEW_BUSINESS,
                opened,
                account.ae.id,
                pipeline=ctx.config.pipelines[pipeline],
                win_chance=FIRST_WIN_CHANCE[source] if attempt == 0 else 0.25,
                entry=1 if from_lead and rng.random() < 0.4 else 0,
            )
            links = {"lead_source": source, "campaign_id": campaign} if attempt == 0 else {}
            deal = self._deal(plan, **links)
            if attempt == 0 and from_lead:
                contact = next(c for c in account.contacts if c.primary)
                write_converted_lead(ctx, rng, account, contact, deal, origin)
            if deal.status != OpportunityStatus.LOST:
                return
            pipeline = "New business"
            opened = at(deal.close_day + rng.randint(45, 200), work_minute(rng, account.work_hour))

    def _won(self, deal: Deal) -> None:
        """A won deal is ordered within days; a recurring one also signs a contract."""
        ctx, rng, account = self.ctx, self.rng, self.account
        if account.customer_since is None:
            account.customer_since = deal.close_day
            account.lifecycle = Lifecycle.CUSTOMER
        if deal.plan.recurring:
            contract = new_contract(ctx, rng, deal)
            self.contracts.append(contract)
            account.cloud_sku = account.cloud_sku or next(
                (
                    line.product.spec.sku
                    for line in deal.lines
                    if line.product.spec.family == "CLOUD"
                ),
                None,
            )
        order_day = min(self.today - 1, deal.close_day + rng.randint(0, 7))
        write_order(
            ctx,
            rng,
            account,
            day=order_day,
            lines=deal.lines,
            owner=deal.owner,
            payer=self.payer,
            opportunity_id=deal.id,
        )

    def _customer(self) -> None:
        rng, account = self.rng, self.account
        since = account.customer_since if account.customer_since is not None else self.today
        handoff_day = since + rng.randint(3, 21)
        if handoff_day < self.today:
            self.handed_off = at(handoff_day, work_minute(rng, account.work_hour))
            first = self.deals[-1]
            account.handoff = (
                self.handed_off,
                f"Signed {first.plan.kind.replace('_', ' ')} "
                f"deal #{first.id}. Champion and economic buyer met; see the plan.",
            )
            account.owner = account.am.id
            account.updated = self.handed_off
        if rng.random() < 0.3:
            self.churn_after = since + rng.randint(200, 1_000)
        stop = min(self.churn_after or self.today, self.today)
        # A customer on the way out stops buying more a few months before it leaves.
        self._growth(since, stop - (120 if self.churn_after else 0))
        self._renewals()
        self._contract_billing()
        self._replenishment(since, stop)
        self._churn()
        self._tier()

    def _seller(self, day: int) -> int:
        account = self.account
        handed = self.handed_off is not None and day_of(self.handed_off) <= day
        return account.am.id if handed and self.rng.random() < 0.75 else account.ae.id

    def _growth(self, since: int, stop: int) -> None:
        rng, account = self.rng, self.account
        rate = GROWTH_DEALS[account.segment] / 365
        day = since + 20
        while True:
            day += int(rng.expovariate(rate)) + 1
            if day >= stop:
                return
            kind = rng.choices(GROWTH_KINDS, [w for _k, w in GROWTH_KINDS])[0][0]
            opened = at(day, work_minute(rng, account.work_hour))
            self._deal(self._plan(kind, opened, self._seller(day), entry=rng.choice((0, 1))))

    def _renewals(self) -> None:
        """Each contract is renewed (or not) by a deal opened 90 days before it ends."""
        ctx, rng, account = self.ctx, self.rng, self.account
        index = 0
        while index < len(self.contracts):
            contract = self.contracts[index]
            index += 1
            opens = contract.end - 90
            if opens >= self.today:
                continue
            churning = self.churn_after is not None and contract.end >= self.churn_after
            plan = DealPlan(
                kind=OpportunityType.RENEWAL,
                pipeline=ctx.config.pipelines["Renewals"],
                opened=at(opens, work_minute(rng, account.work_hour)),
                owner=self._seller(opens),
                versions=account.offers.renewal_versions(rng, contract.lines, opens),
                recurring=True,
                term=contract.term,
                win_chance=0.88,
                pace=1.0,
                work_hour=account.work_hour,
                forced_loss=churning,
                expected_close=contract.end,
            )
            deal = simulate(ctx, rng, ctx.new_id(t.OPPORTUNITY), plan)
            write_deal(ctx, rng, account, deal)
            self.deals.append(deal)
            contract.renewal_id = deal.id
            contract.updated = max(contract.updated, deal.history[0][3])
            if deal.won:
                renewal = new_contract(ctx, rng, deal, start=contract.end + 1)
                self.contracts.append(renewal)
                order_day = min(self.today - 1, max(deal.close_day, renewal.start - 10))
                write_order(
                    ctx,
                    rng,
                    account,
                    day=order_day,
                    lines=deal.lines,
                    owner=deal.owner,
                    payer=self.payer,
                    opportunity_id=deal.id,
                )
            if contract.end < self.today:
                contract.status = ContractStatus.RENEWED if deal.won else ContractStatus.EXPIRED
                contract.updated = max(contract.updated, at(contract.end + 1, 60))

    def _contract_billing(self) -> None:
        """Multi-year contracts bill each further year on its anniversary."""
        for contract in self.contracts:
            for year in range(1, contract.term // 12):
                day = add_months(contract.start, 12 * year)
                if day >= self.today or (self.churn_after and day >= self.churn_after):
                    break
                write_order(
                    self.ctx,
                    self.rng,
                    self.account,
                    day=day,
                    lines=contract.lines,
                    owner=contract.deal.owner,
                    payer=self.payer,
                    contract_id=contract.id,
                )

    def _replenishment(self, since: int, stop: int) -> None:
        rng, account = self.rng, self.account
        rate = REPLENISHMENT_ORDERS[account.segment] / 365
        day = since + 15
        while True:
            day += int(rng.expovariate(rate)) + 1
            if day >= stop:
                return
            write_order(
                self.ctx,
                rng,
                account,
                day=day,
                lines=account.offers.order_lines(rng, day),
                owner=account.owner,
                payer=self.payer,
            )

    def _churn(self) -> None:
        account = self.account
        if self.churn_after is None or self.churn_after >= self.today:
            return
        running = [c.end for c in self.contracts if c.start <= self.churn_after <= c.end]
        churned_on = max([self.churn_after, *running])
        if churned_on >= self.today:
            return
        account.lifecycle = Lifecycle.CHURNED
        account.churned_on = churned_on
        account.churn_reason = self.rng.choices(CHURN_REASONS, [w for _r, w in CHURN_REASONS])[0][0]
        account.updated = max(account.updated, at(churned_on, 120))

    def _tier(self) -> None:
        account = self.account
        if account.lifecycle != Lifecycle.CUSTOMER:
            return
        for tier, threshold in TIERS:
            if account.won_base >= threshold:
                account.tier = tier
                return

"""Reads of opportunities, their lines and their history, always from `visible_to(viewer)`.

A deal the viewer may not see does not exist for them (`get_opportunity` raises
NotVisible). History values are stored as text (ids, minor units, ISO dates, codes);
`opportunity_history` turns them back into what a person reads: stage and owner
names, money in the deal's currency, dates, labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from patron.accounts.querysets import visible_account_ids
from patron.core.errors import NotVisible
from patron.core.models import CompanySettings, company_today
from patron.core.money import Money
from patron.core.ordering import order_by_key
from patron.core.periods import Period, month_of
from patron.org.access import reach_is_large, reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import can
from patron.pipeline.choices import ForecastCategory, OpportunityStatus, TrackedField
from patron.pipeline.models import (
    Opportunity,
    OpportunityAccess,
    OpportunityHistory,
    OpportunityLine,
    Stage,
)
from patron.pipeline.querysets import visible_opportunity_ids

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

OPPORTUNITY_SORTS: dict[str, tuple[str, ...]] = {
    "close_date": ("close_date", "pk"),
    # Deals come in many currencies: compare them in the base currency.
    "amount": ("amount_base_minor", "pk"),
    "name": ("name", "pk"),
}


def sees_any_opportunities(viewer: User) -> bool:
    """Service agents work cases and see no deals (the rule of
    `pipeline.querysets.opportunity_condition`); everyone else sees some."""
    return can(viewer, Capability.SEE_EVERYTHING) or can(viewer, Capability.SELL)


def _account_is_visible(viewer: User) -> Exists | Value:
    """Whether each deal's account is visible to the viewer: a deal can be visible
    (the viewer owns it) on an account that is not, and then the page must not link to
    the account. One probe of the account access table per row shown."""
    account_ids = visible_account_ids(viewer)
    if account_ids is None:
        return Value(True, output_field=BooleanField())
    return Exists(account_ids.filter(account_id=OuterRef("account_id")))


def opportunity_list(
    *,
    viewer: User,
    search: str = "",
    status: str = "",
    stage: Stage | None = None,
    owner: User | None = None,
    sort: str = "close_date",
) -> QuerySet[Opportunity]:
    """The deals the viewer may see, filtered and sorted for the opportunities list.

    Search matches any part of the deal's or its account's name, case-insensitively.
    Accounts, owners and stages are fetched for the page's rows afterwards (prefetch),
    not joined: with joins SQLite's planner starts from the small tables and sorts a
    million deals for one page, where the page alone is read in order from the sort's
    index.
    """
    deals = (
        Opportunity.objects.visible_to(viewer)
        .prefetch_related("account", "owner", "stage")
        .annotate(account_is_visible=_account_is_visible(viewer))
    )
    if search:
        deals = deals.filter(Q(name__icontains=search) | Q(account__name__icontains=search))
    if status:
        deals = deals.filter(status=status)
    if stage is not None:
        deals = deals.filter(stage=stage)
    if owner is not None:
        deals = deals.filter(owner=owner)
    return deals.order_by(*order_by_key(OPPORTUNITY_SORTS, sort))


def opportunity_list_rows_to_count(
    *,
    viewer: User,
    search: str = "",
    status: str = "",
    stage: Stage | None = None,
    owner: User | None = None,
) -> QuerySet | None:
    """Rows as many as `opportunity_list` gives, cheaper to count, or None to count the
    list itself: with no filter, the viewer's rows of the deal access table (one per
    deal they see) — an index range instead of a check per deal."""
    if search or status or stage is not None or owner is not None:
        return None
    return visible_opportunity_ids(viewer)


def owner_choices(*, viewer: User) -> QuerySet[User]:
    """People who own at least one deal the viewer may see (the owner filter's options).

    Three plans, chosen for speed at a million deals. Someone who sees every deal gets
    one index probe per person (EXISTS). Someone who sees a few thousand deals gets the
    owners of exactly those deals, which their access rows narrow first. Someone who
    sees more (`org.access.LARGE_REACH`, a director over half the company) is offered
    their own people who own a deal — one probe per person — since finding the odd
    outsider who owns a deal on one of their accounts would read every deal they see;
    those deals stay in the list and in search, only not in this menu (decision 0021).
    """
    order = ("first_name", "last_name", "username")
    owns_a_deal = Exists(Opportunity.objects.filter(owner=OuterRef("pk")))
    # A menu shows names only: loading the rest of a thousand people costs more.
    names = ("first_name", "last_name", "username")
    if viewer.sees_everything:
        return User.objects.filter(owns_a_deal).only(*names).order_by(*order)
    if reach_is_large(viewer, OpportunityAccess):
        people = reached_owner_ids(viewer)
        return User.objects.filter(owns_a_deal, pk__in=people).only(*names).order_by(*order)
    owners = Opportunity.objects.visible_to(viewer).values("owner_id")
    return User.objects.filter(pk__in=owners).only(*names).order_by(*order)


def stage_choices() -> QuerySet[Stage]:
    """Every stage of every pipeline, in pipeline order (stages are reference data)."""
    return Stage.objects.select_related("pipeline").order_by("pipeline__name", "order")


def get_opportunity(*, viewer: User, opportunity_id: int) -> Opportunity:
    """One deal the viewer may see, with everything its page shows in one query."""
    deal = (
        Opportunity.objects.visible_to(viewer)
        .select_related("account", "owner", "pipeline", "stage", "campaign", "primary_competitor")
        .annotate(account_is_visible=_account_is_visible(viewer))
        .filter(pk=opportunity_id)
        .first()
    )
    if deal is None:
        raise NotVisible("opportunity")
    return deal


def account_opportunities(*, viewer: User, account_id: int) -> QuerySet[Opportunity]:
    """The visible deals on one account, open ones first, then by close date."""
    return (
        Opportunity.objects.visible_to(viewer)
        .filter(account_id=account_id)
        .select_related("owner", "stage")
        .order_by(
            Case(When(status=OpportunityStatus.OPEN, then=0), default=1),
            "close_date",
            "pk",
        )
    )


@dataclass(frozen=True)
class LineItem:
    """A product on a deal, with its money in the deal's currency."""

    line: OpportunityLine
    unit_price: Money
    total: Money


def opportunity_lines(*, viewer: User, opportunity: Opportunity) -> list[LineItem]:
    lines = (
        OpportunityLine.objects.visible_to(viewer)
        .filter(opportunity_id=opportunity.pk)
        .select_related("product")
        .order_by("pk")
    )
    currency = opportunity.currency
    return [
        LineItem(
            line,
            Money.from_minor(line.unit_price_minor, currency),
            Money.from_minor(line.total_minor, currency),
        )
        for line in lines
    ]


HistoryValue = str | date | Money | None


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a tracked field, with both values ready to show."""

    field: str
    field_label: str
    old: HistoryValue
    new: HistoryValue
    changed_at: datetime
    changed_by: User | None


_LABELS: dict[str, dict[str, StrOrPromise]] = {
    TrackedField.STATUS: dict(OpportunityStatus.choices),
    TrackedField.FORECAST_CATEGORY: dict(ForecastCategory.choices),
}


def opportunity_history(*, viewer: User, opportunity: Opportunity) -> list[HistoryEntry]:
    """The deal's tracked changes, newest first, with ids and codes made readable.

    Stage and owner ids are resolved in one query each for the whole history; an id
    whose row is gone is shown as it was stored.
    """
    rows = list(
        OpportunityHistory.objects.visible_to(viewer)
        .filter(opportunity_id=opportunity.pk)
        .select_related("changed_by")
        .order_by("-id")
    )
    ids: dict[str, set[int]] = {TrackedField.STAGE: set(), TrackedField.OWNER: set()}
    for row in rows:
        if row.field in ids:
            ids[row.field].update(int(v) for v in (row.old_value, row.new_value) if v.isdigit())
    stages = {s.pk: s.name for s in Stage.objects.filter(pk__in=ids[TrackedField.STAGE])}
    owners = {u.pk: str(u) for u in User.objects.filter(pk__in=ids[TrackedField.OWNER])}
    names: dict[str, dict[int, str]] = {TrackedField.STAGE: stages, TrackedField.OWNER: owners}

    def readable(field: str, value: str) -> HistoryValue:
        if value == "":
            return None
        if field in names:
            return names[field].get(int(value), value) if value.isdigit() else value
        if field == TrackedField.AMOUNT:
            return Money.from_minor(int(value), opportunity.currency)
        if field == TrackedField.CLOSE_DATE:
            return date.fromisoformat(value)
        return str(_LABELS.get(field, {}).get(value, value))

    labels = dict(TrackedField.choices)
    return [
        HistoryEntry(
            field=row.field,
            field_label=labels.get(row.field, row.field),
            old=readable(row.field, row.old_value),
            new=readable(row.field, row.new_value),
            changed_at=row.changed_at,
            changed_by=row.changed_by,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class PipelineSummary:
    """The viewer's own open pipeline, what of it closes this month, and — for people
    with others below them or who see everything — the open pipeline of their people
    (everyone's, for those who see everything)."""

    open_count: int
    open_amount: Money
    month: Period
    closing_count: int
    closing_amount: Money
    has_wider_view: bool
    visible_open_count: int
    visible_open_amount: Money
    next_deals: list[Opportunity]


def pipeline_summary(*, viewer: User, today: date | None = None) -> PipelineSummary:
    """Counts and sums of open deals in the base currency (amounts at the close-date
    rate, as every KPI converts them), computed by the database in one query each.

    The wider figure is the open pipeline *owned* by the viewer's people — the deals a
    manager's team is accountable for — not every deal they may see (which also holds
    the odd deal of an outsider on one of their accounts). Owned deals are visible by
    the rule itself, so the sum reads the owner index alone: exact and cheap for a
    director with hundreds of people (decision 0021)."""
    base = CompanySettings.current().base_currency
    month = month_of(today or company_today())
    open_deals = Opportunity.objects.visible_to(viewer).open()
    in_month = Q(close_date__gte=month.start, close_date__lt=month.end)
    own = open_deals.filter(owner_id=viewer.pk).aggregate(
        count=Count("pk"),
        amount=Sum("amount_base_minor"),
        closing_count=Count("pk", filter=in_month),
        closing_amount=Sum("amount_base_minor", filter=in_month),
    )
    # Anyone below the viewer means more than their own deals (they reach themselves).
    people = reached_owner_ids(viewer)
    has_wider_view = viewer.sees_everything or people.exclude(owner_id=viewer.pk).exists()
    wider = {"count": own["count"], "amount": own["amount"]}
    if has_wider_view:
        team_deals = Opportunity.objects.open()
        if not viewer.sees_everything:
            team_deals = team_deals.filter(owner_id__in=people)
        wider = team_deals.aggregate(count=Count("pk"), amount=Sum("amount_base_minor"))
    next_deals = list(
        open_deals.filter(owner_id=viewer.pk)
        .select_related("account", "stage")
        .order_by("close_date", "pk")[:5]
    )
    return PipelineSummary(
        open_count=own["count"],
        open_amount=Money.from_minor(own["amount"] or 0, base),
        month=month,
        closing_count=own["closing_count"],
        closing_amount=Money.from_minor(own["closing_amount"] or 0, base),
        has_wider_view=has_wider_view,
        visible_open_count=wider["count"],
        visible_open_amount=Money.from_minor(wider["amount"] or 0, base),
        next_deals=next_deals,
    )

"""The deal access table: who may see which opportunity, kept current (decision 0021).

A viewer sees a deal when its owner is the viewer or below them, or when its account
is visible to them — its owner or a member of its team is the viewer or below them.
The rows are built from `org.Reach`, the deals' and accounts' owners and the account
teams (not from the account access table, so the keepers run in any order). The rows
of the deals a change touches are rebuilt in the change's transaction by
`keep_opportunity_access`, registered with `org.access`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from patron.accounts.access import (
    account_access_differences,
    accounts_touched,
    lock_accounts,
    rebuild_account_access,
)
from patron.accounts.models import Account, AccountTeamMember
from patron.core.derived import differences, insert_rows, sql_of, table
from patron.org.access import AccessChange, reach_differences, rebuild_reach
from patron.org.models import Reach
from patron.pipeline.models import Opportunity, OpportunityAccess

COLUMNS = ("viewer_id", "opportunity_id")


def opportunities_touched(change: AccessChange) -> QuerySet[Opportunity]:
    """The deals whose viewers a change may alter: those it names, those owned by the
    people whose reach changed, and every deal of an account the change touches."""
    condition = Q()
    if change.opportunities:
        condition |= Q(pk__in=sorted(change.opportunities))
    if change.owners:
        condition |= Q(owner_id__in=sorted(change.owners))
    if change.owners or change.accounts:
        condition |= Q(account_id__in=accounts_touched(change).values("pk"))
    return Opportunity.objects.filter(condition) if condition else Opportunity.objects.none()


def _rule_sql(scope: QuerySet[Opportunity] | None) -> tuple[str, tuple[Any, ...]]:
    """The rows the rule gives for the deals of `scope` (every deal when None)."""
    where, params = "", ()
    if scope is not None:
        scope_sql, scope_params = sql_of(scope.values("pk"))
        where = f" WHERE o.id IN ({scope_sql})"
        params = scope_params * 3
    deals, reach = table(Opportunity), table(Reach)
    # Quoted table names; the scope is a parameterised subquery.
    sql = (
        f"SELECT r.viewer_id, o.id FROM {deals} o"  # noqa: S608
        f" JOIN {reach} r ON r.owner_id = o.owner_id{where}"
        f" UNION SELECT r.viewer_id, o.id FROM {deals} o"
        f" JOIN {table(Account)} a ON a.id = o.account_id"
        f" JOIN {reach} r ON r.owner_id = a.owner_id{where}"
        f" UNION SELECT r.viewer_id, o.id FROM {deals} o"
        f" JOIN {table(AccountTeamMember)} m ON m.account_id = o.account_id"
        f" JOIN {reach} r ON r.owner_id = m.user_id{where}"
    )
    return sql, params


def keep_opportunity_access(change: AccessChange) -> None:
    """Rebuild the access rows of the deals `change` touches.

    The accounts of the deals named are locked first (`accounts.access.lock_accounts`):
    a deal's viewers depend on its account's owner and team, so a reassignment and a
    handoff of its account must not rebuild it from each other's stale halves."""
    if change.opportunities:
        deal_accounts = Opportunity.objects.filter(pk__in=sorted(change.opportunities))
        lock_accounts(deal_accounts.values_list("account_id", flat=True))
    scope = opportunities_touched(change)
    OpportunityAccess.objects.filter(opportunity_id__in=scope.values("pk")).delete()
    insert_rows(OpportunityAccess, COLUMNS, *_rule_sql(scope))


def rebuild_opportunity_access() -> int:
    """Rebuild the whole table from the rule (after a bulk load); the rows written."""
    OpportunityAccess.objects.all().delete()
    return insert_rows(OpportunityAccess, COLUMNS, *_rule_sql(None))


def opportunity_access_differences() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The (viewer, deal) rows the rule gives and the table lacks, and those the table
    holds and the rule does not."""
    return differences(OpportunityAccess, COLUMNS, *_rule_sql(None))


@dataclass(frozen=True, slots=True)
class AccessRows:
    """How many rows each access table holds after a rebuild."""

    reach: int
    accounts: int
    opportunities: int


def rebuild_access() -> AccessRows:
    """Rebuild every access table from the rule: the reporting lines, then the accounts
    and the deals. After a bulk load or a restore, and as the repair `patron
    access --rebuild` offers when the check finds a difference."""
    return AccessRows(
        reach=rebuild_reach(),
        accounts=rebuild_account_access(),
        opportunities=rebuild_opportunity_access(),
    )


@dataclass(frozen=True, slots=True)
class AccessDifference:
    """One access table compared with the rule: rows missing from it, rows too many."""

    table: str
    missing: int
    extra: int
    examples: tuple[tuple[Any, ...], ...]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra)


def access_differences(*, examples: int = 5) -> list[AccessDifference]:
    """Every access table compared with the rule it is derived from, the reporting
    lines first (the others are built from them)."""
    found = []
    for name, (missing, extra) in (
        ("reporting lines", reach_differences()),
        ("account access", account_access_differences()),
        ("opportunity access", opportunity_access_differences()),
    ):
        shown = tuple(sorted(missing))[:examples] + tuple(sorted(extra))[:examples]
        found.append(AccessDifference(name, len(missing), len(extra), shown))
    return found

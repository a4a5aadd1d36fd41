"""The account access table: who may see which account, kept current (decision 0021).

A viewer sees an account when its owner or a member of its team is the viewer or
below them — `org.Reach` joined to the owners and the account teams. The rows of the
accounts a change touches are rebuilt in the change's transaction by `keep_account_
access`, registered with `org.access`; `rebuild_account_access` rebuilds the table
after a bulk load, and `account_access_differences` is the check that it holds
exactly what the rule gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from patron.accounts.models import Account, AccountAccess, AccountTeamMember
from patron.core.derived import differences, insert_rows, sql_of, table
from patron.org.access import AccessChange
from patron.org.models import Reach

COLUMNS = ("viewer_id", "account_id")


def accounts_touched(change: AccessChange) -> QuerySet[Account]:
    """The accounts whose viewers a change may alter: those it names, those owned by
    the people whose reach changed, and those on whose team they sit."""
    condition = Q()
    if change.accounts:
        condition |= Q(pk__in=sorted(change.accounts))
    if change.owners:
        owners = sorted(change.owners)
        condition |= Q(owner_id__in=owners) | Q(
            pk__in=AccountTeamMember.objects.filter(user_id__in=owners).values("account_id")
        )
    return Account.objects.filter(condition) if condition else Account.objects.none()


def lock_accounts(account_ids: Iterable[int]) -> None:
    """Lock the named accounts' rows until the transaction ends, in id order, so two
    operations rebuilding the access of the same account (a handoff and a new team
    member) run one after the other and the second reads what the first wrote. A
    change of the tree rebuilds under the exclusive tree lock instead
    (`org.access.lock_tree`)."""
    ids = sorted(account_ids)
    if ids:
        list(Account.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def _rule_sql(scope: QuerySet[Account] | None) -> tuple[str, tuple[Any, ...]]:
    """The rows the rule gives for the accounts of `scope` (all accounts when None)."""
    where_account, where_member, params = "", "", ()
    if scope is not None:
        scope_sql, scope_params = sql_of(scope.values("pk"))
        where_account = f" WHERE a.id IN ({scope_sql})"
        where_member = f" WHERE m.account_id IN ({scope_sql})"
        params = scope_params + scope_params
    # Quoted table names; the scope is a parameterised subquery.
    sql = (
        f"SELECT r.viewer_id, a.id FROM {table(Account)} a"  # noqa: S608
        f" JOIN {table(Reach)} r ON r.owner_id = a.owner_id{where_account}"
        f" UNION SELECT r.viewer_id, m.account_id FROM {table(AccountTeamMember)} m"
        f" JOIN {table(Reach)} r ON r.owner_id = m.user_id{where_member}"
    )
    return sql, params


def keep_account_access(change: AccessChange) -> None:
    """Rebuild the access rows of the accounts `change` touches."""
    if not (change.accounts or change.owners):
        return
    lock_accounts(change.accounts)
    scope = accounts_touched(change)
    AccountAccess.objects.filter(account_id__in=scope.values("pk")).delete()
    insert_rows(AccountAccess, COLUMNS, *_rule_sql(scope))


def rebuild_account_access() -> int:
    """Rebuild the whole table from the rule (after a bulk load); the rows written."""
    AccountAccess.objects.all().delete()
    return insert_rows(AccountAccess, COLUMNS, *_rule_sql(None))


def account_access_differences() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The (viewer, account) rows the rule gives and the table lacks, and those the
    table holds and the rule does not."""
    return differences(AccountAccess, COLUMNS, *_rule_sql(None))

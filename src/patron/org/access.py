"""Who may see which record, kept as tables (decision 0021).

The rule stays the one of `org.visibility`: a seller sees their own records and those
of everyone below them, and the accounts whose team they or anyone below them sit on,
with everything under those accounts. Computed at every request, that rule makes a
director's page read half a million deals through an `OR` the databases plan badly;
kept as tables it is one indexed lookup per page:

- `Reach` (here): the reporting tree flattened — viewer → every owner below them;
- `AccountAccess` (accounts) and `OpportunityAccess` (pipeline): viewer → account,
  viewer → deal, built from `Reach`, the owners and the account teams.

An operation that changes what the tables are built from says so in its own
transaction: `refresh_reach()` after a team or manager change, `refresh_access(
owners=…, accounts=…, opportunities=…)` after an owner or account-team change. The
domains that keep a table register a keeper here (this package cannot import them);
each keeper rebuilds the rows of the records the change touches, set-based, in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache as shared_cache
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, Model, OuterRef, Q, QuerySet

from patron.org.models import Reach
from patron.org.visibility import OrgTree, reach_by_rule

# The access tables: derived from the records, read only by `visible_to`, never shown
# or edited (no admin, no service of their own, no rows of their own in the audit
# trail — the change that moves them has its event).
ACCESS_TABLES = ("org.Reach", "accounts.AccountAccess", "pipeline.OpportunityAccess")


@dataclass(frozen=True, slots=True)
class AccessChange:
    """What changed: people whose reach changed (every record they own or sit on the
    team of is affected), accounts whose owner or team changed (and so their deals),
    deals whose owner or account changed."""

    owners: frozenset[int] = frozenset()
    accounts: frozenset[int] = frozenset()
    opportunities: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.owners or self.accounts or self.opportunities)


Keeper = Callable[[AccessChange], None]

# The keepers of the access tables, in the order they are registered (the domains'
# AppConfig.ready; each keeper reads only `Reach` and the records, never another
# keeper's table, so the order does not matter).
KEEPERS: list[Keeper] = []


def keep_access(keeper: Keeper) -> Keeper:
    """Register a keeper (once, however often the app is readied)."""
    if keeper not in KEEPERS:
        KEEPERS.append(keeper)
    return keeper


# The key of the PostgreSQL advisory lock that orders changes of the tree against
# changes of records (any fixed 64-bit number; this one spells "access").
TREE_LOCK = 0x616363657373


def lock_tree(*, exclusive: bool) -> None:
    """Order this transaction's access refresh against concurrent ones (PostgreSQL).

    A team or manager change takes the lock exclusively, an owner or account-team
    change shares it: a handoff committed while a rep moves teams is then rebuilt
    from the tree as the move left it, or the move from the owner as the handoff left
    it — never from two stale halves. Changes of the same record queue on its row
    (the keepers lock the accounts they rebuild). SQLite needs neither: it runs one
    writing transaction at a time (decision 0006). Held until the transaction ends."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [TREE_LOCK])


def refresh_access(
    *,
    owners: Iterable[int] = (),
    accounts: Iterable[int] = (),
    opportunities: Iterable[int] = (),
) -> None:
    """Bring every access table up to date for what changed; call it inside the
    operation's transaction, after the change is written."""
    change = AccessChange(frozenset(owners), frozenset(accounts), frozenset(opportunities))
    if change:
        lock_tree(exclusive=False)
        for keeper in KEEPERS:
            keeper(change)


def reach_differences(
    tree: OrgTree | None = None,
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The (viewer, owner) lines the rule has and the table lacks, and those the table
    has and the rule does not."""
    expected = {
        (viewer, owner) for viewer, owners in reach_by_rule(tree).items() for owner in owners
    }
    stored = set(Reach.objects.values_list("viewer_id", "owner_id"))
    return expected - stored, stored - expected


def refresh_reach() -> set[int]:
    """Make `Reach` equal to the rule again after a team or manager change, and bring
    the access tables up to date for the people whose viewers changed.

    The whole tree is compared (users and teams are hundreds, two small queries) and
    only the differing lines are written. Returns the owners whose viewers changed."""
    lock_tree(exclusive=True)
    missing, extra = reach_differences()
    if extra:
        by_owner: dict[int, list[int]] = {}
        for viewer, owner in extra:
            by_owner.setdefault(owner, []).append(viewer)
        for owner, viewers in by_owner.items():
            Reach.objects.filter(owner_id=owner, viewer_id__in=viewers).delete()
    if missing:
        Reach.objects.bulk_create(
            [Reach(viewer_id=viewer, owner_id=owner) for viewer, owner in missing],
            batch_size=2000,
        )
    changed = {owner for _, owner in missing} | {owner for _, owner in extra}
    refresh_access(owners=changed)
    return changed


def rebuild_reach() -> int:
    """Write `Reach` afresh from the rule (a restore, a bulk load); the lines written."""
    Reach.objects.all().delete()
    lines = [
        Reach(viewer_id=viewer, owner_id=owner)
        for viewer, owners in reach_by_rule().items()
        for owner in owners
    ]
    Reach.objects.bulk_create(lines, batch_size=2000)
    return len(lines)


# A viewer who sees at least this many rows of an access table is read the other way
# round (see `access_condition`). Below it, their rows are few enough to be fetched
# first; above it, their records are dense enough in any sorted list that walking the
# list and checking each row finds a page within a few hundred rows.
LARGE_REACH = 20_000
# How long a process trusts what it counted of someone's reach.
REACH_SIZE_SECONDS = 300
_REACH_CACHE = "_patron_large_reach"


def reach_is_large(viewer: Any, access_model: type[Model]) -> bool:
    """Whether `viewer` sees at least `LARGE_REACH` rows of the access table: counted
    up to that bound only (a few thousand index entries at most), once per user object
    and table — that is, once per request — and remembered in the process's cache for
    `REACH_SIZE_SECONDS`. A stale answer costs speed, never correctness: both forms of
    `access_condition` select exactly the same rows."""
    cache = viewer.__dict__.setdefault(_REACH_CACHE, {})
    key = (viewer.pk, access_model._meta.label)
    if key not in cache:
        shared_key = f"patron:reach-large:{access_model._meta.label}:{viewer.pk}"
        large = shared_cache.get(shared_key)
        if large is None:
            rows = access_model._default_manager.filter(viewer_id=viewer.pk)[:LARGE_REACH]
            large = rows.count() >= LARGE_REACH
            shared_cache.set(shared_key, large, REACH_SIZE_SECONDS)
        cache[key] = large
    return bool(cache[key])


class _AnyOf(Func):
    """`field = ANY(array)`: true when the field's value is in the array."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


def access_condition(
    viewer: Any, access_model: type[Model], record_field: str, outer_field: str
) -> Q:
    """Rows whose record (`outer_field` of the filtered model) the access table lets
    `viewer` see.

    The one condition is written in the form each database plans best for the size of
    the viewer's reach (measured in decision 0021). For a director who sees half the
    company, `EXISTS (their row for this record)` lets a sorted list be read in order
    and each row checked by one index probe, where gathering their ids first would
    read half a million. For a few thousand records their ids are read first: on
    SQLite as `IN (subquery)`; on PostgreSQL as `= ANY(ARRAY(subquery))`, which the
    planner runs once and then fetches those rows by primary key — with `IN` it may
    walk a sort index through a million rows looking for them."""
    mine = access_model._default_manager.filter(viewer_id=viewer.pk)
    if reach_is_large(viewer, access_model):
        return Q(Exists(mine.filter(**{record_field: OuterRef(outer_field)})))
    ids = mine.values(record_field)
    if connection.vendor == "postgresql":
        return Q(_AnyOf(F(outer_field), ArraySubquery(ids)))
    return Q(**{f"{outer_field}__in": ids})


def reached_owner_ids(user: Any) -> QuerySet[Reach, int]:
    """A subquery of the owners whose records `user` sees by the reporting tree —
    themselves and everyone below them — read from `Reach` (one index range), so a page
    filters by owner without walking the tree or sending hundreds of ids to the
    database; `org.visibility.visible_owner_ids` is the rule it is proven equal to."""
    return Reach.objects.filter(viewer_id=user.pk).values_list("owner_id", flat=True)

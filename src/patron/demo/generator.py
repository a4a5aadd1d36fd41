"""Generate a whole demo company: `generate(scale="small", seed=1, today=...)`.

The order follows the dependencies: company and rates, people and teams, territories,
configuration and campaigns; then account stories one group at a time (written in
batches between groups); then what is built from the stories' totals — the leads
that did not convert, quotas, coaching and training, forecasts — and finally the
document counters, so numbers issued later by the services continue without a gap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from patron.bulk import tables as t
from patron.bulk.database import (
    delete_business_data,
    holds_business_data,
    indexes_built_after,
    refresh_planner_statistics,
)
from patron.bulk.writer import BulkWriter
from patron.core.models import Counter
from patron.demo.clock import Clock
from patron.demo.configuration import write_campaigns, write_configuration
from patron.demo.context import Context
from patron.demo.forecasts import write_forecasts
from patron.demo.leads import write_unconverted_leads
from patron.demo.org import write_company, write_organisation, write_territories
from patron.demo.people import write_people
from patron.demo.planning import write_quotas
from patron.demo.scales import SCALES
from patron.demo.story import write_account_group
from patron.pipeline.access import rebuild_access

Progress = Callable[[str, int, int], None]


class DatabaseNotEmpty(Exception):
    """The database already holds business data and replacing it was not asked for."""


@dataclass(frozen=True, slots=True)
class Generated:
    scale: str
    seed: int
    today: date
    seconds: float
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _quiet(_phase: str, _done: int, _total: int) -> None:
    return


def generate(
    *,
    scale: str,
    seed: int,
    today: date,
    replace: bool = False,
    progress: Progress = _quiet,
) -> Generated:
    """Fill an empty database (or, with `replace`, an emptied one) with demo data.

    Raises DatabaseNotEmpty, changing nothing, when business data exists and
    `replace` is false.
    """
    started = time.perf_counter()
    size = SCALES[scale]
    # SQLite loads everything in one transaction: a failed run leaves nothing behind,
    # and --replace keeps the old data unless the new data is complete. PostgreSQL
    # commits each batch: one transaction would queue a deferred foreign-key check per
    # row (tens of millions at the large scale) in memory.
    whole = transaction.atomic() if connection.vendor == "sqlite" else nullcontext()
    with whole:
        if holds_business_data():
            if not replace:
                raise DatabaseNotEmpty(
                    "The database already holds business data; demo data is only generated "
                    "into an empty database. Use --replace to delete it all first."
                )
            progress("Deleting existing data", 0, 1)
            delete_business_data()
        writer = BulkWriter(size.chunk_rows)
        ctx = Context(seed=seed, scale=size, clock=Clock(today), writer=writer)
        with indexes_built_after([table.name for table in writer.tables]):
            _write_everything(ctx, progress)
            progress("Building indexes", 0, 1)
        writer.finish()
        progress("Access tables", 0, 1)
        with transaction.atomic():
            rebuild_access()
    progress("Planner statistics", 0, 1)
    refresh_planner_statistics()
    rows = {table.name: count for table, count in writer.written.items() if count}
    return Generated(scale, seed, today, time.perf_counter() - started, rows)


def _write_everything(ctx: Context, progress: Progress) -> None:
    writer = ctx.writer
    size = ctx.scale
    progress("Organisation", 0, 1)
    write_company(ctx)
    write_organisation(ctx)
    rules = write_territories(ctx)
    ctx.config = write_configuration(ctx)
    write_campaigns(ctx, ctx.config)
    writer.flush()
    done = index = 0
    while done < size.accounts:
        done += write_account_group(ctx, rules, index, size.accounts - done)
        index += 1
        writer.maybe_flush()
        progress("Accounts", done, size.accounts)
    progress("Leads, quotas, people and forecasts", 0, 1)
    write_unconverted_leads(ctx)
    write_quotas(ctx)
    write_people(ctx)
    write_forecasts(ctx)
    _write_counters(ctx)


def _write_counters(ctx: Context) -> None:
    """Each document counter at the last number generated."""
    with transaction.atomic():
        Counter.objects.filter(key__in=list(ctx.numbers)).delete()
    rows = ctx.rows(t.COUNTER)
    for key, value in sorted(ctx.numbers.items()):
        rows.append((key, value))

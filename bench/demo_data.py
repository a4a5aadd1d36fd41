"""Benchmark the demo-data generator: one scale into a fresh PATRON_HOME.

    python bench/demo_data.py --scale medium [--seed 1] [--today 2026-11-24] [--check]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/demo_data.py ...

Prints the generation time (migrations excluded), rows written per table, rows/s and
the database size; with --check also the time of the invariant check. As a baseline
measured in the same run, the same order lines are written again through the ORM's
`bulk_create` (the fastest ordinary Django path) inside a transaction that is rolled
back, and the ratio of the two rates is printed. On PostgreSQL the database named by
DATABASE_URL must exist; its business data is replaced.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

BASELINE_ROWS = 20_000


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="small", choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=datetime.now(UTC).date())
    parser.add_argument("--check", action="store_true", help="also time the invariant check")
    parser.add_argument("--home", type=Path, help="PATRON_HOME to use (default: a new one)")
    return parser.parse_args()


def _database_size() -> tuple[str, int]:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return connection.settings_dict["NAME"], cursor.fetchone()[0]
    path = Path(settings.DATABASES["default"]["NAME"])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return str(path), path.stat().st_size


def _orm_baseline() -> float:
    """Rows/s of `bulk_create` for order lines copied from the generated ones."""
    from django.db import transaction

    from patron.orders.models import OrderLine

    lines = list(OrderLine.objects.order_by("pk")[:BASELINE_ROWS])
    for line in lines:
        line.pk = None
    started = time.perf_counter()
    with transaction.atomic():
        OrderLine.objects.bulk_create(lines, batch_size=1_000)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return len(lines) / elapsed


def main() -> None:
    arguments = _arguments()
    home = arguments.home or Path(tempfile.mkdtemp(prefix=f"patron-bench-{arguments.scale}-"))
    os.environ["PATRON_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patron.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from patron.bulk.invariants import check_all
    from patron.demo.generator import generate
    from patron.demo.story_rules import STORY_RULES

    call_command("migrate", interactive=False, verbosity=0)
    print(f"database: {connection.vendor}, PATRON_HOME={home}")
    print(f"scale {arguments.scale}, seed {arguments.seed}, today {arguments.today}")
    result = generate(
        scale=arguments.scale, seed=arguments.seed, today=arguments.today, replace=True
    )
    rate = result.total_rows / result.seconds
    for table, rows in sorted(result.rows.items(), key=lambda item: -item[1]):
        print(f"  {table:40s} {rows:>12,}")
    print(f"generated {result.total_rows:,} rows in {result.seconds:.1f} s: {rate:,.0f} rows/s")
    baseline = _orm_baseline()
    print(
        f"baseline: ORM bulk_create of order lines {baseline:,.0f} rows/s; the generator "
        f"is {rate / baseline:.1f}× faster (all tables, generation included)"
    )
    name, size = _database_size()
    print(f"database size: {size / 2**20:,.0f} MiB ({name})")
    if arguments.check:
        started = time.perf_counter()
        violations = check_all(extra=STORY_RULES)
        print(f"invariant check: {time.perf_counter() - started:.1f} s, violations: {violations}")
        if violations:
            sys.exit(1)


if __name__ == "__main__":
    main()

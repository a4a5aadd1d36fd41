"""The database around a bulk load: does it hold data, clearing it, loading it fast.

"Business data" is any row of a Patron table other than the company settings and
document counters, and any user who is not a superuser (an operator's own admin login
does not count). A loader that must not mix with existing records (the demo generator)
asks `holds_business_data` first; `delete_business_data` removes all of it, every user
included. `indexes_built_after` and `refresh_planner_statistics` make a load of
millions of rows fast and the pages after it quick.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connection, models, transaction

from patron.accounts.models import AccountAccess
from patron.core.models import CompanySettings, Counter
from patron.org.models import Reach, User
from patron.org.roles import patron_apps
from patron.pipeline.models import OpportunityAccess

KEPT = (CompanySettings,)


def business_models(*, include_auto_created: bool = False) -> list[type[models.Model]]:
    """Every model holding business data, in the order their apps are installed."""
    found = []
    for label in patron_apps():
        for model in apps.get_app_config(label).get_models(
            include_auto_created=include_auto_created
        ):
            if model not in KEPT:
                found.append(model)
    return found


def holds_business_data() -> bool:
    for model in business_models():
        if model in (Counter, Reach, AccountAccess, OpportunityAccess):
            continue  # counters and derived rows: no business data of their own
        rows = model._default_manager.all()
        if model is User:
            rows = rows.filter(is_superuser=False)
        if rows.exists():
            return True
    return False


def delete_business_data() -> None:
    """Delete every business row and every user, in one transaction."""
    tables = [model._meta.db_table for model in business_models(include_auto_created=True)]
    quote = connection.ops.quote_name
    with transaction.atomic():
        LogEntry.objects.all().delete()
        Session.objects.all().delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Rows written earlier in the same transaction leave deferred foreign-key
                # checks pending, and PostgreSQL refuses to truncate under them: run the
                # checks now, then defer them again for the rows generated next.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {', '.join(quote(name) for name in tables)} CASCADE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                return
            # Foreign keys are checked at commit, so the order of the deletes is free.
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            for name in reversed(tables):
                cursor.execute(f"DELETE FROM {quote(name)}")  # noqa: S608 (model table names)


@contextmanager
def indexes_built_after(table_names: Collection[str]) -> Iterator[None]:
    """SQLite, inside the caller's transaction: drop the tables' secondary indexes for
    the load and create them again afterwards.

    Millions of rows inserted under a dozen indexes each cost a random B-tree insert
    per index per row; building each index once from the finished table is a sort. The
    drop is part of the caller's transaction, so a load that fails rolls back with the
    indexes restored: the schema is never left without them. A recreated unique index
    also re-checks its uniqueness over the whole load.
    """
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("Drop indexes only inside the transaction of the load.")
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(table_names))
    with connection.cursor() as cursor:
        # Only placeholders are formatted into the statement; the names are parameters.
        sql = f"SELECT name, sql FROM sqlite_master WHERE tbl_name IN ({marks})"  # noqa: S608
        cursor.execute(
            f"{sql} AND type = 'index' AND sql IS NOT NULL ORDER BY name", list(table_names)
        )
        indexes = cursor.fetchall()
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        # A page cache of about 1 GB keeps the tables' growing B-trees in memory.
        cursor.execute("PRAGMA cache_size = -1000000")
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
        with connection.cursor() as cursor:
            for _name, sql in indexes:
                cursor.execute(sql)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")


def refresh_planner_statistics() -> None:
    """Give the query planner statistics about the freshly loaded tables.

    Without them SQLite guesses, and on a million deals it guesses a full sort over an
    ordered index scan; PostgreSQL's autovacuum would get there eventually, but the
    first pages after a load would be slow. SQLite samples (analysis_limit) so this
    takes seconds even at the large scale.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")

"""Writing rows in batches through the database cursor, for any bulk load.

The ORM's row-object paths insert ~30k rows/s at best; the benchmark company has tens
of millions of rows, and an import of a whole CRM has millions. Rows are therefore
built as tuples with explicit primary keys (`next_ids`) and written in batches:
`executemany` on SQLite, `COPY … FROM STDIN` through psycopg 3 on PostgreSQL
(ARCHITECTURE.md, "Measured floors"). The caller flushes only at a point where every
buffered row's parents are buffered too or already written (the demo generator: between
two account stories), and each flush writes parents first, so every foreign key points
at a row of the same or an earlier batch. Afterwards the PostgreSQL sequences are moved
past the explicit keys.

Rows written here skip the services: a load is proved afterwards with
`patron.bulk.invariants.check_all`. On SQLite the caller runs the whole load in one
transaction and builds the secondary indexes once at the end
(`patron.bulk.database.indexes_built_after`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction

from patron.bulk.tables import ALL_TABLES, Table, check_columns


def next_ids(tables: Iterable[Table]) -> dict[Table, int]:
    """The first free primary key of each table (1 on an empty one)."""
    first: dict[Table, int] = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table.columns[0] != "id":
                continue
            table_name = connection.ops.quote_name(table.name)
            # Table and column names here come from model metadata, never from input.
            cursor.execute(f"SELECT MAX(id) FROM {table_name}")  # noqa: S608
            (largest,) = cursor.fetchone()
            first[table] = (largest or 0) + 1
    return first


class BulkWriter:
    """Buffers rows per table and writes them in batches of about `chunk_rows` rows."""

    def __init__(self, chunk_rows: int, tables: Sequence[Table] = ALL_TABLES) -> None:
        for table in tables:
            check_columns(table)
        self.chunk_rows = chunk_rows
        self.tables = tuple(tables)
        self.buffers: dict[Table, list[tuple[Any, ...]]] = {table: [] for table in tables}
        self.written: dict[Table, int] = dict.fromkeys(tables, 0)
        self._sql = {table: self._statement(table) for table in tables}

    def rows(self, table: Table) -> list[tuple[Any, ...]]:
        """The buffer to append `table`'s row tuples to."""
        return self.buffers[table]

    def pending(self) -> int:
        return sum(len(rows) for rows in self.buffers.values())

    def maybe_flush(self) -> None:
        """Write the buffers once they hold a batch; call only between two stories."""
        if self.pending() >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row, parents first, in one transaction (a savepoint
        when the caller holds one)."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                rows = self.buffers[table]
                if not rows:
                    continue
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(self._sql[table]) as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(self._sql[table], rows)
                self.written[table] += len(rows)
                rows.clear()

    def finish(self) -> None:
        """Flush what is left and move the sequences past the keys written."""
        self.flush()
        models = [table.model for table in self.tables if self.written[table]]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    @staticmethod
    def _statement(table: Table) -> str:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in table.columns)
        if connection.vendor == "postgresql":
            return f"COPY {quote(table.name)} ({columns}) FROM STDIN"
        marks = ", ".join(["%s"] * len(table.columns))
        return f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608

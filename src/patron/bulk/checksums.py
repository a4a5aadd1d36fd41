"""A checksum of each bulk-loaded table, to prove two loads wrote the same data.

Rows are read in primary-key order through the database cursor and hashed as text, so
two databases of the same vendor holding the same rows give the same digest (the demo
generator's determinism, a restarted import reaching an uninterrupted one's result).
"""

from __future__ import annotations

import hashlib

from django.db import connection

from patron.bulk.tables import ALL_TABLES


def table_checksums() -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of the rows)} for every table of `ALL_TABLES`."""
    sums = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in ALL_TABLES:
            columns = ", ".join(quote(column) for column in table.columns)
            # Names come from model metadata, never from input.
            sql = f"SELECT {columns} FROM {quote(table.name)} ORDER BY {quote(table.columns[0])}"  # noqa: S608
            cursor.execute(sql)
            digest = hashlib.sha256()
            rows = 0
            while batch := cursor.fetchmany(10_000):
                for row in batch:
                    digest.update(repr(row).encode("utf-8"))
                rows += len(batch)
            sums[table.name] = (rows, digest.hexdigest())
    return sums

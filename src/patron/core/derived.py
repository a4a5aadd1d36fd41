"""Derived tables: rows computed from business records and rebuilt set-based, in SQL.

An access table (decision 0021) is the result of a query over the records it is
derived from. Keeping it current means deleting the rows of the records a change
touched and inserting the query's rows for them again — `INSERT … SELECT`, which the
ORM does not write, so it is written here once for every such table. Checking it means
comparing the stored rows with the query's (`EXCEPT` both ways).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet


def table(model: type[Model]) -> str:
    """The model's table name, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)


def sql_of(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters of a queryset, to embed as a subquery."""
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def insert_rows(
    model: type[Model], columns: Sequence[str], select_sql: str, params: Sequence[Any]
) -> int:
    """`INSERT INTO <model> (columns) <select_sql>`; the number of rows inserted."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table(model)} ({names}) {select_sql}", list(params))
        return max(cursor.rowcount, 0)


def differences(
    model: type[Model], columns: Sequence[str], select_sql: str, params: Sequence[Any]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows `select_sql` gives that the table lacks, and the table's rows it does
    not give (both empty when the table is current)."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    stored = f"SELECT {names} FROM {table(model)}"  # noqa: S608 (quoted model names)
    with connection.cursor() as cursor:
        expected = f"SELECT * FROM ({select_sql}) AS expected"  # noqa: S608
        cursor.execute(f"SELECT * FROM ({expected} EXCEPT {stored}) AS missing", list(params))  # noqa: S608
        missing = [tuple(row) for row in cursor.fetchall()]
        cursor.execute(f"SELECT * FROM ({stored} EXCEPT {expected}) AS extra", list(params))  # noqa: S608
        extra = [tuple(row) for row in cursor.fetchall()]
    return missing, extra

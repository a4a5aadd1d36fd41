"""Money summed in SQL is exact on both databases.

SQLite has no decimal type: a DecimalField is stored with REAL affinity there and
`SUM()` returns a float. Patron stores amounts as integer minor units, so a SQL sum is
an integer sum. This sums a million random two-decimal amounts in a column of exactly
the type the amount fields use and compares with Python's Decimal sum — and shows the
same amounts in a floating-point column do not add up exactly.
"""

import random
from decimal import Decimal

import pytest
from django.db import connection

from patron.orders.models import Payment

AMOUNTS = 1_000_000
CHUNK = 50_000


def random_amounts(seed: int) -> list[Decimal]:
    """Two-decimal amounts from 0.01 to 9,999,999.99."""
    draw = random.Random(seed)
    return [Decimal(draw.randrange(1, 1_000_000_000)).scaleb(-2) for _ in range(AMOUNTS)]


def sum_in_sql(column_type: str, values: list) -> object:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE money_sum_check (amount {column_type})")
        try:
            for start in range(0, len(values), CHUNK):
                chunk = values[start : start + CHUNK]
                if connection.vendor == "postgresql":
                    # One statement per chunk: a million single-row inserts take a minute.
                    cursor.execute(
                        f"INSERT INTO money_sum_check (amount) SELECT unnest(%s::{column_type}[])",
                        [chunk],
                    )
                else:
                    cursor.executemany(
                        "INSERT INTO money_sum_check (amount) VALUES (%s)",
                        [(value,) for value in chunk],
                    )
            cursor.execute("SELECT SUM(amount) FROM money_sum_check")
            (total,) = cursor.fetchone()
        finally:
            cursor.execute("DROP TABLE money_sum_check")
    return total


@pytest.mark.django_db
def test_a_million_amounts_sum_exactly_in_minor_units():
    # given
    amounts = random_amounts(seed=20261204)
    minor_column = Payment._meta.get_field("amount_minor").db_type(connection)
    # when
    total_minor = sum_in_sql(minor_column, [int(amount.scaleb(2)) for amount in amounts])
    # then
    assert Decimal(int(total_minor)).scaleb(-2) == sum(amounts, Decimal(0))


@pytest.mark.django_db
def test_the_same_amounts_in_a_floating_point_column_are_not_exact():
    # The check above can fail: a float column (what SQLite makes of a DecimalField)
    # loses cents over a million additions.
    amounts = random_amounts(seed=20261204)
    total = sum_in_sql("DOUBLE PRECISION", [float(amount) for amount in amounts])
    assert Decimal(total) != sum(amounts, Decimal(0))

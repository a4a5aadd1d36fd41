"""Sort keys of list pages and APIs ("name", "-name") turned into ORDER BY columns."""

from __future__ import annotations

from collections.abc import Mapping


def order_by_key(sorts: Mapping[str, tuple[str, ...]], key: str) -> list[str]:
    """Columns for a sort key such as "name" or "-name" (descending); unknown keys fall
    back to the first sort.

    Each sort should end with the primary key, so rows that share a value keep a stable
    order from one page to the next.
    """
    descending = key.startswith("-")
    columns = sorts.get(key.lstrip("-")) or next(iter(sorts.values()))
    return [f"-{column}" if descending else column for column in columns]

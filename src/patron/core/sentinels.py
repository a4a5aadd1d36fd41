"""A marker for "the caller left this argument out", where None is a value of its own.

An edit service changes only the fields it is given: `parent_id=None` means "no parent",
leaving `parent_id` out means "keep the parent", so the default cannot be None. One
enum member (rather than a bare `object()`) lets the type checker tell it apart:
`str | Unset` narrows to `str` after `isinstance(value, Unset)`.
"""

from __future__ import annotations

import enum


class Unset(enum.Enum):
    """The type of UNSET: an argument the caller did not pass."""

    UNSET = enum.auto()


UNSET = Unset.UNSET

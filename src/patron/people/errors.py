"""Stable codes of the people-development rules (coaching, training, skills).

Generic codes (required, too long, unknown choice, in the future, out of range…) come
from `core.errors.CommonErrorCode`; this enum holds only the rules of this domain. The
codes are part of the API and the import reports: a code never changes once released.
"""

from __future__ import annotations

from enum import StrEnum


class PeopleErrorCode(StrEnum):
    """Why a coaching, training or skill operation was refused."""

    # Nobody coaches, trains or assesses themselves.
    SELF = "self"
    # A coaching note's deal or activity must be the coached rep's own.
    NOT_ABOUT_REP = "not_about_rep"
    # A person has at most one open assignment of a course.
    ALREADY_ASSIGNED = "already_assigned"
    ALREADY_COMPLETED = "already_completed"
    DUE_BEFORE_ASSIGNED = "due_before_assigned"
    COMPLETED_BEFORE_ASSIGNED = "completed_before_assigned"
    # A course with assignments is their history and cannot be deleted.
    COURSE_IN_USE = "course_in_use"

"""Reads about cases: where a case stands against its SLA, and the cases past a target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from patron.org.models import User
from patron.service.choices import CaseStatus
from patron.service.models import Case

UNRESOLVED = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER)


class SlaState(StrEnum):
    """One SLA target of one case, at one moment."""

    NO_TARGET = "no_target"  # no policy for the case's priority when it opened
    RUNNING = "running"  # not done yet, and the due time has not passed
    MET = "met"  # done at or before the due time
    BREACHED = "breached"  # done late, or not done and the due time has passed

    @property
    def within_sla(self) -> bool:
        """Met or still running: nothing has gone wrong yet."""
        return self in (SlaState.MET, SlaState.RUNNING)


@dataclass(frozen=True, slots=True)
class CaseSla:
    """Where a case stands against its first-response and resolution targets."""

    response: SlaState
    resolution: SlaState


def target_state(due_at: datetime | None, done_at: datetime | None, at: datetime) -> SlaState:
    """A target is met when done at or before its due time (the due minute itself still
    counts as in time), and breached as soon as the clock passes it undone."""
    if due_at is None:
        return SlaState.NO_TARGET
    if done_at is not None:
        return SlaState.MET if done_at <= due_at else SlaState.BREACHED
    return SlaState.BREACHED if at > due_at else SlaState.RUNNING


def case_sla_state(case: Case, *, at: datetime | None = None) -> CaseSla:
    """The case's SLA state at `at` (default now). A reopened case is unresolved again,
    so its resolution target runs (or is breached) against the due time set at opening."""
    at = at or timezone.now()
    return CaseSla(
        response=target_state(case.first_response_due_at, case.first_response_at, at),
        resolution=target_state(case.resolution_due_at, case.resolved_at, at),
    )


def cases_past_sla(*, viewer: User, at: datetime | None = None) -> QuerySet[Case]:
    """Unresolved cases the viewer may see that are already breaching a target: no first
    response by its due time, or no resolution by its due time. Most overdue first."""
    at = at or timezone.now()
    late_response = Q(first_response_at__isnull=True, first_response_due_at__lt=at)
    late_resolution = Q(resolution_due_at__lt=at)
    return (
        Case.objects.visible_to(viewer)
        .filter(status__in=UNRESOLVED)
        .filter(late_response | late_resolution)
        .order_by("resolution_due_at", "pk")
    )

"""The clean step of setting a priority's SLA targets (see `core.cleaning` and decision
0020); a policy's values are checked here for `update_sla_policy` too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError
from patron.core.errors import CommonErrorCode
from patron.core.validation import require_choice, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability
from patron.service.choices import CasePriority
from patron.service.errors import ServiceErrorCode
from patron.service.models import SlaPolicy

NAME_MAX_LENGTH = 120


@dataclass(frozen=True)
class SlaPolicyInput:
    """A priority's targets as typed or imported."""

    name: str
    priority: str
    first_response_minutes: int
    resolution_minutes: int


@dataclass(frozen=True)
class SlaPolicyContext:
    """What cleaning SLA policies needs from the database: the actor, and the priorities
    the rows name that a policy already holds."""

    actor: User
    taken_priorities: frozenset[str]


@dataclass(frozen=True)
class SlaPolicyValues:
    """A policy's checked values, ready to be written."""

    name: str
    priority: str
    first_response_minutes: int
    resolution_minutes: int


def sla_policy_context(actor: User, *, priorities: Iterable[str]) -> SlaPolicyContext:
    """The context for cleaning policies of these priorities (one query)."""
    return SlaPolicyContext(actor=actor, taken_priorities=taken_priorities(priorities))


def clean_sla_policy(raw: SlaPolicyInput, context: SlaPolicyContext) -> Cleaned[SlaPolicyValues]:
    """Every check of a new policy (the rules are `create_sla_policy`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    values = _policy_values(raw, context.taken_priorities, errors)
    if errors.errors or values is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(values)


def clean_sla_policy_values(raw: SlaPolicyInput, taken: frozenset[str]) -> Cleaned[SlaPolicyValues]:
    """A policy's values checked against the priorities other policies hold (`taken`),
    or every error (also the check of `update_sla_policy`)."""
    errors = ErrorCollector()
    values = _policy_values(raw, taken, errors)
    return Cleaned(values, errors.errors)


def taken_priorities(priorities: Iterable[str], *, other_than: int | None = None) -> frozenset[str]:
    """The priorities among `priorities` that a policy other than `other_than` holds
    (one query)."""
    wanted = {priority for priority in priorities if isinstance(priority, str)}
    if not wanted:
        return frozenset()
    held = SlaPolicy.objects.filter(priority__in=wanted)
    if other_than is not None:
        held = held.exclude(pk=other_than)
    return frozenset(held.values_list("priority", flat=True))


def _policy_values(
    raw: SlaPolicyInput, taken: frozenset[str], errors: ErrorCollector
) -> SlaPolicyValues | None:
    """At most one policy per priority (a case must know which promise it was made),
    first response within at least one minute, resolution no sooner than the first
    response."""
    before = len(errors.errors)
    name = errors.check(
        lambda: require_text(raw.name, field="name", limit=NAME_MAX_LENGTH, required=True), ""
    )
    priority = errors.check(
        lambda: require_choice(raw.priority, field="priority", choices=CasePriority.values), None
    )
    if priority is not None and priority in taken:
        errors.errors.append(
            FieldError(
                "priority",
                CommonErrorCode.DUPLICATE,
                _("There is already a policy for this priority."),
            )
        )
    response = errors.check(
        lambda: require_int_range(
            raw.first_response_minutes, field="first_response_minutes", low=1, required=True
        ),
        None,
    )
    resolution = errors.check(
        lambda: require_int_range(
            raw.resolution_minutes, field="resolution_minutes", low=1, required=True
        ),
        None,
    )
    if response is not None and resolution is not None and resolution < response:
        errors.errors.append(
            FieldError(
                "resolution_minutes",
                ServiceErrorCode.RESOLUTION_BEFORE_RESPONSE,
                _("Resolution cannot be due before the first response."),
            )
        )
    if len(errors.errors) > before or priority is None or response is None or resolution is None:
        return None
    return SlaPolicyValues(
        name=name,
        priority=priority,
        first_response_minutes=response,
        resolution_minutes=resolution,
    )

"""SLA policies: how fast a case of each priority must be answered and resolved.

Configured by sales operations and admins (the `CONFIGURE` capability). A policy
applies to cases opened after it is saved: a case's due times are fixed when it opens
(or when its priority changes), so editing a policy never rewrites whether past cases
met their targets.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability
from patron.service.choices import CasePriority
from patron.service.errors import ServiceErrorCode
from patron.service.models import SlaPolicy

NAME_MAX_LENGTH = 120


@service
def create_sla_policy(
    *,
    actor: User,
    name: str,
    priority: str,
    first_response_minutes: int,
    resolution_minutes: int,
) -> SlaPolicy:
    """Set the targets of one priority: at most one policy per priority (a case must
    know which promise it was made), first response within at least one minute, and
    resolution no sooner than the first response."""
    require_capability(actor, Capability.CONFIGURE)
    policy = SlaPolicy(created_by=actor)
    _apply(
        policy,
        name=name,
        priority=priority,
        first_response_minutes=first_response_minutes,
        resolution_minutes=resolution_minutes,
    )
    policy.save()
    record_created(policy, actor=actor)
    return policy


@service
def update_sla_policy(
    *,
    actor: User,
    policy_id: int,
    version: int,
    name: str | Unset = UNSET,
    priority: str | Unset = UNSET,
    first_response_minutes: int | Unset = UNSET,
    resolution_minutes: int | Unset = UNSET,
) -> SlaPolicy:
    """Change a policy; arguments left out keep their value. The same rules as a new
    policy; cases already open keep the due times they were given."""
    require_capability(actor, Capability.CONFIGURE)
    policy = SlaPolicy.objects.select_for_update().filter(pk=policy_id).first()
    if policy is None:
        raise NotVisible(str(SlaPolicy._meta.verbose_name))
    require_version(policy, version)
    before = snapshot(policy)
    _apply(
        policy,
        name=policy.name if isinstance(name, Unset) else name,
        priority=policy.priority if isinstance(priority, Unset) else priority,
        first_response_minutes=(
            policy.first_response_minutes
            if isinstance(first_response_minutes, Unset)
            else first_response_minutes
        ),
        resolution_minutes=(
            policy.resolution_minutes
            if isinstance(resolution_minutes, Unset)
            else resolution_minutes
        ),
    )
    update_versioned(
        policy,
        expected_version=version,
        fields=["name", "priority", "first_response_minutes", "resolution_minutes"],
    )
    record_changed(policy, actor=actor, before=before)
    return policy


def _apply(
    policy: SlaPolicy,
    *,
    name: str,
    priority: str,
    first_response_minutes: int,
    resolution_minutes: int,
) -> None:
    """Check the values and set them on `policy` (unsaved)."""
    policy.name = require_text(name, field="name", limit=NAME_MAX_LENGTH, required=True)
    policy.priority = require_choice(priority, field="priority", choices=CasePriority.values)
    if SlaPolicy.objects.filter(priority=policy.priority).exclude(pk=policy.pk).exists():
        raise RuleViolation(
            "priority",
            CommonErrorCode.DUPLICATE,
            _("There is already a policy for this priority."),
        )
    response = require_int_range(
        first_response_minutes, field="first_response_minutes", low=1, required=True
    )
    resolution = require_int_range(
        resolution_minutes, field="resolution_minutes", low=1, required=True
    )
    if resolution < response:
        raise RuleViolation(
            "resolution_minutes",
            ServiceErrorCode.RESOLUTION_BEFORE_RESPONSE,
            _("Resolution cannot be due before the first response."),
        )
    policy.first_response_minutes = response
    policy.resolution_minutes = resolution

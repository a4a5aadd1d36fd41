"""SLA policies: how fast a case of each priority must be answered and resolved.

Configured by sales operations and admins (the `CONFIGURE` capability). A policy
applies to cases opened after it is saved: a case's due times are fixed when it opens
(or when its priority changes), so editing a policy never rewrites whether past cases
met their targets.
"""

from __future__ import annotations

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import NotVisible
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability
from patron.service.cleaning.sla import (
    SlaPolicyInput,
    clean_sla_policy,
    clean_sla_policy_values,
    sla_policy_context,
    taken_priorities,
)
from patron.service.models import SlaPolicy


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
    # The checks are `clean_sla_policy`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_sla_policy(
            SlaPolicyInput(
                name=name,
                priority=priority,
                first_response_minutes=first_response_minutes,
                resolution_minutes=resolution_minutes,
            ),
            sla_policy_context(actor, priorities=[priority]),
        )
    )
    policy = SlaPolicy.objects.create(**vars(values), created_by=actor)
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
    new_priority = policy.priority if isinstance(priority, Unset) else priority
    values = clean_sla_policy_values(
        SlaPolicyInput(
            name=policy.name if isinstance(name, Unset) else name,
            priority=new_priority,
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
        ),
        taken_priorities([new_priority], other_than=policy.pk),
    ).value_or_raise()
    for key, value in vars(values).items():
        setattr(policy, key, value)
    update_versioned(
        policy,
        expected_version=version,
        fields=["name", "priority", "first_response_minutes", "resolution_minutes"],
    )
    record_changed(policy, actor=actor, before=before)
    return policy

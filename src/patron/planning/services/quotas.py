"""Quotas: the target of one person, team or territory for one metric over a half-open
period [period_start, period_end).

Attainment KPIs divide an actual by the quota of the same holder, metric and period,
so at most one quota may cover any day for a holder and metric.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.errors import CommonErrorCode, Forbidden, NotVisible, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import MAX_AMOUNT_MINOR, require_choice, require_int_range
from patron.org.capabilities import Capability
from patron.org.models import Team, Territory, User
from patron.org.policy import active_user, can, is_configurer, may_develop, require_may_own
from patron.org.visibility import managed_team_ids
from patron.planning.choices import QuotaMetric
from patron.planning.errors import PlanningErrorCode
from patron.planning.models import Quota


@service
def set_quota(
    *,
    actor: User,
    metric: str,
    period_start: date,
    period_end: date,
    target: int,
    user_id: int | None = None,
    team_id: int | None = None,
    territory_id: int | None = None,
) -> Quota:
    """Give one seller, team or territory a target for a metric over
    [period_start, period_end).

    The target is zero or more — base-currency minor units for money metrics, a count
    otherwise. A person's quota is set by the managers above them (never by the person)
    and a team's by the managers above the team; sales ops and admins set every quota,
    and only they set territories' quotas. Only someone who sells holds a quota.
    """
    holder = _holder(user_id=user_id, team_id=team_id, territory_id=territory_id)
    _require_may_set(actor, holder)
    values = _quota_values(
        metric=metric, period_start=period_start, period_end=period_end, target=target
    )
    _require_no_overlap(holder, values)
    quota = Quota.objects.create(**{_holder_field(holder): holder}, **values, created_by=actor)
    record_created(quota, actor=actor)
    return quota


@service
def update_quota(
    *,
    actor: User,
    quota_id: int,
    version: int,
    metric: str | Unset = UNSET,
    period_start: date | Unset = UNSET,
    period_end: date | Unset = UNSET,
    target: int | Unset = UNSET,
) -> Quota:
    """Change a quota's metric, period or target; arguments left out keep their value.

    The holder stays (another holder's quota is a quota of its own); the same rules as
    setting one apply, and the same people may.
    """
    quota = _quota_for_change(actor, quota_id)
    require_version(quota, version)
    before = snapshot(quota)
    values = _quota_values(
        metric=quota.metric if isinstance(metric, Unset) else metric,
        period_start=quota.period_start if isinstance(period_start, Unset) else period_start,
        period_end=quota.period_end if isinstance(period_end, Unset) else period_end,
        target=quota.target if isinstance(target, Unset) else target,
    )
    _require_no_overlap(_holder_of(quota), values, exclude=quota.pk)
    for name, value in values.items():
        setattr(quota, name, value)
    update_versioned(quota, expected_version=version, fields=list(values))
    record_changed(quota, actor=actor, before=before)
    return quota


@service
def delete_quota(*, actor: User, quota_id: int, version: int) -> None:
    """Delete a quota set by mistake, for good: a quota is a target, not a fact, and
    its audit event keeps what it was. The same people who may set it may delete it."""
    quota = _quota_for_change(actor, quota_id)
    require_version(quota, version)
    record_deleted(quota, actor=actor)
    quota.delete()


Holder = User | Team | Territory


def _holder(*, user_id: int | None, team_id: int | None, territory_id: int | None) -> Holder:
    """Exactly one of a seller, a team or a territory."""
    given = [value for value in (user_id, team_id, territory_id) if value is not None]
    if len(given) != 1:
        raise RuleViolation(
            "user",
            PlanningErrorCode.ONE_HOLDER,
            _("Give the quota to one person, one team or one territory."),
        )
    if user_id is not None:
        return require_may_own(active_user(user_id, field="user"), field="user")
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            raise RuleViolation(
                "team", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such team.")
            )
        return team
    territory = None if territory_id is None else Territory.objects.filter(pk=territory_id).first()
    if territory is None:
        raise RuleViolation(
            "territory", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such territory.")
        )
    return territory


def _holder_field(holder: Holder) -> str:
    if isinstance(holder, User):
        return "user"
    return "team" if isinstance(holder, Team) else "territory"


def _holder_of(quota: Quota) -> Holder:
    # quota_exactly_one_holder: one of the three is set.
    return quota.user or quota.team or quota.territory  # type: ignore[return-value]


def _require_may_set(actor: User, holder: Holder) -> None:
    """Configurers set every quota; a manager sets those of the people and the teams
    below them, not their own nor their own team's (nobody sets their own target)."""
    if not can(actor, Capability.CHANGE_RECORDS):
        raise Forbidden()
    if is_configurer(actor):
        return
    if isinstance(holder, User) and may_develop(actor, holder.pk):
        return
    if (
        isinstance(holder, Team)
        and can(actor, Capability.DEVELOP_PEOPLE)
        and holder.manager_id != actor.pk
        and holder.pk in managed_team_ids(actor)
    ):
        return
    raise Forbidden()


def _quota_for_change(actor: User, quota_id: int) -> Quota:
    quota = (
        Quota.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("user", "team", "territory")
        .filter(pk=quota_id)
        .first()
    )
    if quota is None:
        raise NotVisible(str(Quota._meta.verbose_name))
    _require_may_set(actor, _holder_of(quota))
    return quota


def _quota_values(
    *, metric: str, period_start: date, period_end: date, target: int
) -> dict[str, Any]:
    values = {
        "metric": require_choice(metric, field="metric", choices=QuotaMetric.values),
        "period_start": period_start,
        "period_end": period_end,
        "target": require_int_range(
            target, field="target", low=0, high=MAX_AMOUNT_MINOR, required=True
        ),
    }
    if period_end <= period_start:
        raise RuleViolation(
            "period_end",
            PlanningErrorCode.EMPTY_PERIOD,
            _("The period must end after it starts."),
        )
    return values


def _require_no_overlap(holder: Holder, values: dict[str, Any], exclude: int | None = None) -> None:
    """No two quotas of one holder and metric cover the same day: attainment would
    have two denominators."""
    others = Quota.objects.filter(
        **{_holder_field(holder): holder},
        metric=values["metric"],
        period_start__lt=values["period_end"],
        period_end__gt=values["period_start"],
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise RuleViolation(
            "period_start",
            PlanningErrorCode.OVERLAPPING_QUOTA,
            _("Another quota for this metric already covers part of this period."),
        )

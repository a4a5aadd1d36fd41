"""Quotas: the target of one person, team or territory for one metric over a half-open
period [period_start, period_end).

Attainment KPIs divide an actual by the quota of the same holder, metric and period,
so at most one quota may cover any day for a holder and metric.
"""

from __future__ import annotations

from datetime import date

from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import NotVisible
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.models import User
from patron.planning.cleaning.quotas import (
    Holder,
    QuotaInput,
    QuotaTerms,
    clean_quota,
    clean_quota_terms,
    holder_field,
    quota_context,
    require_may_set_quota,
    require_no_overlap,
)
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
    # The checks are `clean_quota`'s, on a context built for this one row (an import
    # builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_quota(
            QuotaInput(
                metric=metric,
                period_start=period_start,
                period_end=period_end,
                target=target,
                user_id=user_id,
                team_id=team_id,
                territory_id=territory_id,
            ),
            quota_context(
                actor, user_ids=[user_id], team_ids=[team_id], territory_ids=[territory_id]
            ),
        )
    )
    quota = Quota.objects.create(**values.as_fields(), created_by=actor)
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
    terms = clean_quota_terms(
        metric=quota.metric if isinstance(metric, Unset) else metric,
        period_start=quota.period_start if isinstance(period_start, Unset) else period_start,
        period_end=quota.period_end if isinstance(period_end, Unset) else period_end,
        target=quota.target if isinstance(target, Unset) else target,
    ).value_or_raise()
    require_no_overlap(_periods_taken(_holder_of(quota), terms, exclude=quota.pk), terms)
    values = vars(terms)
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


def _holder_of(quota: Quota) -> Holder:
    # quota_exactly_one_holder: one of the three is set.
    return quota.user or quota.team or quota.territory  # type: ignore[return-value]


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
    require_may_set_quota(actor, _holder_of(quota))
    return quota


def _periods_taken(holder: Holder, terms: QuotaTerms, *, exclude: int) -> list[tuple[date, date]]:
    """The periods of the holder's other quotas of the terms' metric."""
    others = Quota.objects.filter(**{holder_field(holder): holder}, metric=terms.metric)
    return list(others.exclude(pk=exclude).values_list("period_start", "period_end"))

"""The clean step of setting a quota (see `core.cleaning` and decision 0020): the raw
values and a context loaded beforehand in, the checked quota or every wrong field out,
with no query.

Also the quota rules `update_quota` and `delete_quota` share with it: who may set a
holder's quota, what a quota's terms may be, and that two quotas of one holder and
metric never cover the same day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.errors import CommonErrorCode, Forbidden, RuleViolation
from patron.core.validation import MAX_AMOUNT_MINOR, require_choice, require_int_range
from patron.org.capabilities import Capability
from patron.org.models import Team, Territory, User
from patron.org.policy import (
    active_user_among,
    active_users_by_id,
    can,
    is_configurer,
    may_develop,
    require_may_own,
)
from patron.org.visibility import managed_team_ids, with_reporting_tree
from patron.planning.choices import QuotaMetric
from patron.planning.errors import PlanningErrorCode
from patron.planning.models import Quota

Holder = User | Team | Territory
# Periods [start, end) of the quotas already set, by holder field, holder id and metric.
TakenPeriods = Mapping[tuple[str, int, str], tuple[tuple[date, date], ...]]


@dataclass(frozen=True)
class QuotaInput:
    """A quota as typed or imported: one holder (a seller, a team or a territory), a
    metric, a half-open period and a target."""

    metric: str
    period_start: date
    period_end: date
    target: int | None
    user_id: int | None = None
    team_id: int | None = None
    territory_id: int | None = None


@dataclass(frozen=True)
class QuotaTerms:
    """What a quota sets, checked: the metric, the period and the target."""

    metric: str
    period_start: date
    period_end: date
    target: int


@dataclass(frozen=True)
class QuotaContext:
    """What cleaning quotas needs from the database: the actor (with their reporting
    tree walked, for `org.policy.may_develop`), the named active users, teams and
    territories, the teams the actor manages (when teams are named), and the periods
    of the quotas the named holders already have."""

    actor: User
    users: Mapping[int, User]
    teams: Mapping[int, Team]
    territories: Mapping[int, Territory]
    managed_team_ids: frozenset[int]
    taken: TakenPeriods


@dataclass(frozen=True)
class QuotaValues:
    """A new quota ready to be written: its holder and its terms."""

    holder: Holder
    terms: QuotaTerms

    def as_fields(self) -> dict[str, object]:
        """The quota's columns: its holder under its own field, then its terms."""
        return {holder_field(self.holder): self.holder, **vars(self.terms)}


def quota_context(
    actor: User,
    *,
    user_ids: Iterable[int | None] = (),
    team_ids: Iterable[int | None] = (),
    territory_ids: Iterable[int | None] = (),
) -> QuotaContext:
    """The context for cleaning quotas of these holders: one query per kind of
    reference (users, teams, territories, the teams the actor manages, the quotas
    taken), whatever the number of rows."""
    actor = with_reporting_tree(actor)
    users = active_users_by_id(user_ids)
    wanted_teams, wanted_territories = ids_of(team_ids), ids_of(territory_ids)
    teams = Team.objects.in_bulk(wanted_teams) if wanted_teams else {}
    territories = Territory.objects.in_bulk(wanted_territories) if wanted_territories else {}
    return QuotaContext(
        actor=actor,
        users=users,
        teams=teams,
        territories=territories,
        managed_team_ids=frozenset(managed_team_ids(actor)) if teams else frozenset(),
        taken=_taken_periods(set(users), set(teams), set(territories)),
    )


def clean_quota(raw: QuotaInput, context: QuotaContext) -> Cleaned[QuotaValues]:
    """Every check of a new quota (the rules are `set_quota`'s), each wrong field
    reported, in the order the service checks them: the holder, whether the actor may
    set its quota, the terms, and no overlap with the holder's quotas of the metric."""
    errors = ErrorCollector()
    holder = errors.check(lambda: _holder(raw, context), None)
    if holder is not None:
        field = holder_field(holder)
        check_named(
            errors,
            field,
            lambda: require_may_set_quota(
                context.actor, holder, managed=lambda _actor: context.managed_team_ids
            ),
        )
    terms = _terms(
        errors,
        metric=raw.metric,
        period_start=raw.period_start,
        period_end=raw.period_end,
        target=raw.target,
    )
    if holder is not None and terms is not None:
        taken = context.taken.get((holder_field(holder), holder.pk, terms.metric), ())
        errors.check(lambda: require_no_overlap(taken, terms), None)
    if errors.errors or holder is None or terms is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(QuotaValues(holder=holder, terms=terms))


def clean_quota_terms(
    *, metric: str, period_start: date, period_end: date, target: int | None
) -> Cleaned[QuotaTerms]:
    """A quota's terms checked, or every error (also the check of `update_quota`)."""
    errors = ErrorCollector()
    terms = _terms(
        errors, metric=metric, period_start=period_start, period_end=period_end, target=target
    )
    return Cleaned(terms, errors.errors)


def holder_field(holder: Holder) -> str:
    if isinstance(holder, User):
        return "user"
    return "team" if isinstance(holder, Team) else "territory"


def require_may_set_quota(
    actor: User, holder: Holder, *, managed: Callable[[User], Collection[int]] = managed_team_ids
) -> None:
    """Configurers set every quota; a manager sets those of the people and the teams
    below them, not their own nor their own team's (nobody sets their own target).
    `managed` gives the teams the actor manages (asked only about a team's quota)."""
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
        and holder.pk in managed(actor)
    ):
        return
    raise Forbidden()


def require_no_overlap(taken: Iterable[tuple[date, date]], terms: QuotaTerms) -> None:
    """No two quotas of one holder and metric cover the same day: attainment would
    have two denominators. `taken` are the periods of the holder's other quotas of the
    metric."""
    if any(start < terms.period_end and end > terms.period_start for start, end in taken):
        raise RuleViolation(
            "period_start",
            PlanningErrorCode.OVERLAPPING_QUOTA,
            _("Another quota for this metric already covers part of this period."),
        )


def _holder(raw: QuotaInput, context: QuotaContext) -> Holder:
    """Exactly one of a seller, a team or a territory."""
    given = [value for value in (raw.user_id, raw.team_id, raw.territory_id) if value is not None]
    if len(given) != 1:
        raise RuleViolation(
            "user",
            PlanningErrorCode.ONE_HOLDER,
            _("Give the quota to one person, one team or one territory."),
        )
    if raw.user_id is not None:
        user = active_user_among(context.users, raw.user_id, field="user")
        return require_may_own(user, field="user")
    if raw.team_id is not None:
        team = context.teams.get(raw.team_id)
        if team is None:
            raise RuleViolation(
                "team", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such team.")
            )
        return team
    territory = None if raw.territory_id is None else context.territories.get(raw.territory_id)
    if territory is None:
        raise RuleViolation(
            "territory", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such territory.")
        )
    return territory


def _terms(
    errors: ErrorCollector,
    *,
    metric: str,
    period_start: date,
    period_end: date,
    target: int | None,
) -> QuotaTerms | None:
    before = len(errors.errors)
    checked_metric = errors.check(
        lambda: require_choice(metric, field="metric", choices=QuotaMetric.values), ""
    )
    checked_target = errors.check(
        lambda: require_int_range(
            target, field="target", low=0, high=MAX_AMOUNT_MINOR, required=True
        ),
        0,
    )
    if period_end <= period_start:
        errors.errors.append(
            FieldError(
                "period_end",
                PlanningErrorCode.EMPTY_PERIOD,
                _("The period must end after it starts."),
            )
        )
    if len(errors.errors) > before:
        return None
    return QuotaTerms(
        metric=checked_metric,
        period_start=period_start,
        period_end=period_end,
        target=checked_target,
    )


def _taken_periods(
    user_ids: set[int], team_ids: set[int], territory_ids: set[int]
) -> dict[tuple[str, int, str], tuple[tuple[date, date], ...]]:
    if not (user_ids or team_ids or territory_ids):
        return {}
    rows = Quota.objects.filter(
        Q(user_id__in=user_ids) | Q(team_id__in=team_ids) | Q(territory_id__in=territory_ids)
    ).values_list("user_id", "team_id", "territory_id", "metric", "period_start", "period_end")
    taken: dict[tuple[str, int, str], list[tuple[date, date]]] = defaultdict(list)
    for user_id, team_id, territory_id, metric, start, end in rows:
        # quota_exactly_one_holder: one of the three is set.
        field, holder_id = next(
            (field, pk)
            for field, pk in (("user", user_id), ("team", team_id), ("territory", territory_id))
            if pk is not None
        )
        taken[(field, holder_id, metric)].append((start, end))
    return {key: tuple(periods) for key, periods in taken.items()}

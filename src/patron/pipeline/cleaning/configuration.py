"""The clean steps of setting up the sales process: a new pipeline and a new stage
(see `core.cleaning` and decision 0020). The rules of a pipeline's name, its defaults
and a stage's values are written here once; the update services check with them too.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q
from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, ids_of
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.validation import require_choice, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.models import Team, User
from patron.org.policy import require_capability
from patron.pipeline.choices import OpportunityType, StageCategory
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Pipeline, Stage

PIPELINE_NAME_MAX_LENGTH = 120
STAGE_NAME_MAX_LENGTH = 80
# The order column is a PositiveSmallIntegerField.
MAX_STAGE_ORDER = 32_767
# The probability a closed stage must have (a database constraint too).
CLOSED_PROBABILITY = {StageCategory.WON: 100, StageCategory.LOST: 0}


def name_key(name: str) -> str:
    """A name as names are compared: trimmed, without regard to case ("Renewals" and
    "RENEWALS" are one name)."""
    return name.strip().upper()


# Pipelines


@dataclass(frozen=True)
class PipelineInput:
    """A pipeline as typed or imported."""

    name: str
    is_default: bool = False
    default_for_type: str = ""
    default_for_team_ids: Sequence[int] = ()


@dataclass(frozen=True)
class PipelineContext:
    """What cleaning pipelines needs from the database: the actor, the names (as
    `name_key` gives them) that pipelines already have among those the rows name, and
    the teams the rows name, by id."""

    actor: User
    taken_names: frozenset[str]
    teams: Mapping[int, Team]


@dataclass(frozen=True)
class PipelineValues:
    """A pipeline ready to be written; the defaults it takes are taken from their
    holders when it is."""

    name: str
    is_default: bool
    default_for_type: str
    teams: tuple[Team, ...]


def pipeline_context(
    actor: User, *, names: Iterable[str] = (), team_ids: Iterable[int] = ()
) -> PipelineContext:
    """The context for cleaning pipelines with these names and team defaults: one
    query for the names, one for the teams, whatever the number of rows."""
    return PipelineContext(
        actor=actor,
        taken_names=taken_pipeline_names(names),
        teams=teams_by_id(team_ids),
    )


def clean_pipeline(raw: PipelineInput, context: PipelineContext) -> Cleaned[PipelineValues]:
    """Every check of a new pipeline (the rules are `create_pipeline`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    name = errors.check(lambda: require_pipeline_name(raw.name, context.taken_names), None)
    default_for_type = errors.check(lambda: require_default_type(raw.default_for_type), None)
    teams = errors.check(lambda: require_teams(context.teams, raw.default_for_team_ids), None)
    if errors.errors or name is None or default_for_type is None or teams is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        PipelineValues(
            name=name,
            is_default=raw.is_default,
            default_for_type=default_for_type,
            teams=teams,
        )
    )


def require_pipeline_name(value: str, taken_names: frozenset[str]) -> str:
    """A pipeline's name: required, and no other pipeline's (`taken_names`)."""
    name = require_text(value, field="name", limit=PIPELINE_NAME_MAX_LENGTH, required=True)
    if name_key(name) in taken_names:
        raise RuleViolation(
            "name", CommonErrorCode.DUPLICATE, _("Another pipeline already has this name.")
        )
    return name


def require_default_type(value: str) -> str:
    """The opportunity type a pipeline is the default of, or blank."""
    return require_choice(
        value, field="default_for_type", choices=OpportunityType.values, blank=True
    )


def require_teams(teams: Mapping[int, Team], team_ids: Sequence[int]) -> tuple[Team, ...]:
    """The teams named, by id among those loaded; one that does not exist is refused."""
    wanted = set(team_ids)
    if not wanted <= teams.keys():
        raise RuleViolation(
            "default_for_teams", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such team.")
        )
    return tuple(teams[pk] for pk in sorted(wanted))


def taken_pipeline_names(names: Iterable[str], *, other_than: int | None = None) -> frozenset[str]:
    """The names (as `name_key` gives them) that pipelines other than `other_than`
    have, among `names`: one query, compared as the database compares (`iexact`)."""
    wanted = {name.strip() for name in names if isinstance(name, str) and name.strip()}
    if not wanted:
        return frozenset()
    found = Pipeline.objects.filter(reduce(operator.or_, (Q(name__iexact=n) for n in wanted)))
    if other_than is not None:
        found = found.exclude(pk=other_than)
    return frozenset(name_key(name) for name in found.values_list("name", flat=True))


def teams_by_id(team_ids: Iterable[int]) -> dict[int, Team]:
    """The teams among `team_ids` that exist, by id (one query)."""
    wanted = ids_of(team_ids)
    return Team.objects.in_bulk(wanted) if wanted else {}


# Stages


@dataclass(frozen=True)
class StageFields:
    """A stage's own values, as typed (raw) or checked."""

    name: str
    order: int
    probability: int
    category: str = StageCategory.OPEN


@dataclass(frozen=True, kw_only=True)
class StageInput(StageFields):
    """A new stage as typed or imported: its pipeline and its values."""

    pipeline_id: int
    is_qualified: bool = False


@dataclass(frozen=True)
class Siblings:
    """What a pipeline's other stages hold that a stage's values are checked against:
    the names among those named (as `name_key` gives them), the places, the
    categories."""

    names: frozenset[str] = frozenset()
    orders: frozenset[int] = frozenset()
    categories: frozenset[str] = frozenset()


NO_SIBLINGS = Siblings()


@dataclass(frozen=True)
class StageContext:
    """What cleaning stages needs from the database: the actor, the pipelines the rows
    name, by id, and what each one's stages hold."""

    actor: User
    pipelines: Mapping[int, Pipeline]
    siblings: Mapping[int, Siblings]

    def siblings_of(self, pipeline_id: int) -> Siblings:
        return self.siblings.get(pipeline_id, NO_SIBLINGS)


@dataclass(frozen=True)
class StageValues:
    """A stage ready to be written."""

    pipeline: Pipeline
    name: str
    order: int
    probability: int
    category: str
    is_qualified: bool


def stage_context(
    actor: User,
    *,
    pipeline_ids: Iterable[int],
    names: Iterable[tuple[int, str]] = (),
    lock: bool = False,
) -> StageContext:
    """The context for cleaning stages of these pipelines with these (pipeline id,
    name) pairs: one query for the pipelines, one for their stages, one for the names,
    whatever the number of rows.

    With `lock` the pipelines stay locked until the transaction ends (the service,
    which writes at once: stage rules count a pipeline's stages, so two changes of one
    pipeline's stages queue instead of both passing the count)."""
    wanted = ids_of(pipeline_ids)
    pipelines = Pipeline.objects.select_for_update() if lock else Pipeline.objects.all()
    found = pipelines.in_bulk(wanted) if wanted else {}
    return StageContext(
        actor=actor,
        pipelines=found,
        siblings=_siblings(found, [(pk, name) for pk, name in names if pk in found]),
    )


def clean_stage(raw: StageInput, context: StageContext) -> Cleaned[StageValues]:
    """Every check of a new stage (the rules are `create_stage`'s), each wrong field
    reported, in the order the service checks them."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    pipeline = context.pipelines.get(raw.pipeline_id)
    if pipeline is None:
        refusal = NotVisible(str(Pipeline._meta.verbose_name))
        errors.errors.append(FieldError("pipeline", refusal.code, refusal.message))
    fields = _stage_fields(raw, context.siblings_of(raw.pipeline_id), errors)
    if errors.errors or pipeline is None or fields is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        StageValues(
            pipeline=pipeline,
            name=fields.name,
            order=fields.order,
            probability=fields.probability,
            category=fields.category,
            is_qualified=raw.is_qualified,
        )
    )


def clean_stage_fields(raw: StageFields, siblings: Siblings) -> Cleaned[StageFields]:
    """A stage's own values checked against its pipeline's other stages, or every
    error (also the check of `update_stage`)."""
    errors = ErrorCollector()
    fields = _stage_fields(raw, siblings, errors)
    return Cleaned(fields, errors.errors)


def stage_siblings(pipeline_id: int, *, name: str, other_than: int) -> Siblings:
    """What the other stages of a pipeline hold, for changing stage `other_than` to
    `name` (two queries)."""
    stages = Stage.objects.filter(pipeline_id=pipeline_id).exclude(pk=other_than)
    rows = list(stages.values_list("order", "category"))
    wanted = name.strip() if isinstance(name, str) else ""
    return Siblings(
        names=frozenset(
            name_key(found)
            for found in stages.filter(name__iexact=wanted).values_list("name", flat=True)
        )
        if wanted
        else frozenset(),
        orders=frozenset(order for order, _category in rows),
        categories=frozenset(category for _order, category in rows),
    )


def _stage_fields(
    raw: StageFields, siblings: Siblings, errors: ErrorCollector
) -> StageFields | None:
    before = len(errors.errors)
    name = errors.check(lambda: _stage_name(raw.name, siblings), "")
    order = errors.check(lambda: _stage_order(raw.order, siblings), 0)
    probability = errors.check(
        lambda: require_int_range(raw.probability, field="probability", high=100, required=True),
        None,
    )
    category = errors.check(
        lambda: require_choice(raw.category, field="category", choices=StageCategory.values),
        None,
    )
    if category is not None:
        errors.errors.extend(_closing_errors(StageCategory(category), probability, siblings))
    if len(errors.errors) > before or probability is None or category is None:
        return None
    return StageFields(name=name, order=order, probability=probability, category=category)


def _closing_errors(
    category: StageCategory, probability: int | None, siblings: Siblings
) -> list[FieldError]:
    """A won stage is certain and a lost one hopeless, and a pipeline has one of each
    (closing takes the first, a second would never be reached)."""
    needed = CLOSED_PROBABILITY.get(category)
    if needed is None:
        return []
    found = []
    if probability is not None and probability != needed:
        found.append(
            FieldError(
                "probability",
                PipelineErrorCode.PROBABILITY_FOR_CATEGORY,
                _("A %(category)s stage has a probability of %(probability)s%%.")
                % {"category": category.label, "probability": needed},
            )
        )
    if category in siblings.categories:
        found.append(
            FieldError(
                "category",
                PipelineErrorCode.CLOSING_STAGE_TAKEN,
                _("This pipeline already has a %(category)s stage.") % {"category": category.label},
            )
        )
    return found


def _stage_name(value: str, siblings: Siblings) -> str:
    name = require_text(value, field="name", limit=STAGE_NAME_MAX_LENGTH, required=True)
    if name_key(name) in siblings.names:
        raise RuleViolation(
            "name",
            CommonErrorCode.DUPLICATE,
            _("Another stage of this pipeline already has this name."),
        )
    return name


def _stage_order(value: int, siblings: Siblings) -> int:
    order = require_int_range(value, field="order", low=1, high=MAX_STAGE_ORDER, required=True)
    if order in siblings.orders:
        raise RuleViolation(
            "order",
            CommonErrorCode.DUPLICATE,
            _("Another stage of this pipeline already has this place."),
        )
    return order


def _siblings(
    pipelines: Mapping[int, Pipeline], names: Sequence[tuple[int, str]]
) -> dict[int, Siblings]:
    """What the stages of `pipelines` hold: their places and categories (one query) and
    which of the named names they have (one query, compared as the database does)."""
    if not pipelines:
        return {}
    orders: dict[int, set[int]] = defaultdict(set)
    categories: dict[int, set[str]] = defaultdict(set)
    for pipeline_id, order, category in Stage.objects.filter(
        pipeline_id__in=list(pipelines)
    ).values_list("pipeline_id", "order", "category"):
        orders[pipeline_id].add(order)
        categories[pipeline_id].add(category)
    taken: dict[int, set[str]] = defaultdict(set)
    wanted = {(pk, name.strip()) for pk, name in names if isinstance(name, str) and name.strip()}
    if wanted:
        condition = reduce(
            operator.or_, (Q(pipeline_id=pk, name__iexact=name) for pk, name in wanted)
        )
        for pipeline_id, name in Stage.objects.filter(condition).values_list("pipeline_id", "name"):
            taken[pipeline_id].add(name_key(name))
    return {
        pk: Siblings(
            names=frozenset(taken[pk]),
            orders=frozenset(orders[pk]),
            categories=frozenset(categories[pk]),
        )
        for pk in pipelines
    }

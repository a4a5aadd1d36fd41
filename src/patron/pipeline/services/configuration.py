"""Pipelines and their stages: the company's sales process, set up by configurers
(`Capability.CONFIGURE`: sales ops and admins).

A deal's status mirrors its stage's category, its probability is its stage's, and
win and lose move it to its pipeline's won or lost stage (`services/stages.py`). So
a pipeline's stages obey, beyond the database's own constraints:

- at most one won and one lost stage: closing takes the first of each, a second one
  would never be reached;
- a pipeline keeps at least one open stage once it has one: new and reopened deals
  start in an open stage;
- a stage holding deals keeps its category (it would contradict their status), and
  a pipeline holding deals keeps its won and its lost stage (its deals could no
  longer be closed).

A new deal takes its owner's team's default pipeline, else its type's, else the
company's (`services/opportunities.py`): each of these defaults names one pipeline,
so making a pipeline a default takes that default from the pipeline that had it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_int_range, require_text
from patron.org.capabilities import Capability
from patron.org.models import Team, User
from patron.org.policy import require_capability
from patron.pipeline.choices import OpportunityType, StageCategory
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Opportunity, Pipeline, Stage

__all__ = ["create_pipeline", "create_stage", "update_pipeline", "update_stage"]

PIPELINE_NAME_MAX_LENGTH = 120
STAGE_NAME_MAX_LENGTH = 80
# The order column is a PositiveSmallIntegerField.
MAX_STAGE_ORDER = 32_767
# The probability a closed stage must have (a database constraint too).
CLOSED_PROBABILITY = {StageCategory.WON: 100, StageCategory.LOST: 0}


@service
def create_pipeline(
    *,
    actor: User,
    name: str,
    is_default: bool = False,
    default_for_type: str = "",
    default_for_team_ids: Sequence[int] = (),
) -> Pipeline:
    """Set up a new pipeline (its stages are added with `create_stage`), optionally as
    the company default, the default of an opportunity type, or of some teams."""
    require_capability(actor, Capability.CONFIGURE)
    pipeline = Pipeline(
        name=_pipeline_name(name),
        default_for_type=require_choice(
            default_for_type,
            field="default_for_type",
            choices=OpportunityType.values,
            blank=True,
        ),
        created_by=actor,
    )
    teams = _teams(default_for_team_ids)
    _take_defaults(actor, pipeline, is_default=is_default, teams=teams)
    pipeline.is_default = is_default
    pipeline.save()
    pipeline.default_for_teams.set(teams)
    if teams:
        # The team links are a many-to-many table: recorded on the pipeline's event.
        record_changed(
            pipeline,
            actor=actor,
            before={},
            action="create",
            extra={"default_for_teams": [None, sorted(team.pk for team in teams)]},
        )
    else:
        record_created(pipeline, actor=actor)
    return pipeline


@service
def update_pipeline(
    *,
    actor: User,
    pipeline_id: int,
    version: int,
    name: str | Unset = UNSET,
    is_default: bool | Unset = UNSET,
    default_for_type: str | Unset = UNSET,
    default_for_team_ids: Sequence[int] | Unset = UNSET,
) -> Pipeline:
    """Rename a pipeline or change what it is the default for; arguments left out keep
    their value. A default given to this pipeline is taken from the one that had it."""
    require_capability(actor, Capability.CONFIGURE)
    pipeline = _pipeline_for_change(pipeline_id)
    require_version(pipeline, version)
    before = snapshot(pipeline)
    fields: list[str] = []
    if not isinstance(name, Unset):
        pipeline.name = _pipeline_name(name, exclude_pk=pipeline.pk)
        fields.append("name")
    if not isinstance(default_for_type, Unset):
        pipeline.default_for_type = require_choice(
            default_for_type,
            field="default_for_type",
            choices=OpportunityType.values,
            blank=True,
        )
        fields.append("default_for_type")
    teams = None if isinstance(default_for_team_ids, Unset) else _teams(default_for_team_ids)
    _take_defaults(
        actor,
        pipeline,
        is_default=False if isinstance(is_default, Unset) else is_default,
        teams=teams or [],
    )
    if not isinstance(is_default, Unset):
        pipeline.is_default = is_default
        fields.append("is_default")
    extra: dict[str, list[list[int]]] = {}
    if teams is not None:
        old_team_ids = sorted(pipeline.default_for_teams.values_list("pk", flat=True))
        new_team_ids = sorted(team.pk for team in teams)
        if old_team_ids != new_team_ids:
            pipeline.default_for_teams.set(teams)
            extra["default_for_teams"] = [old_team_ids, new_team_ids]
    if snapshot(pipeline) == before and not extra:
        return pipeline
    update_versioned(pipeline, expected_version=version, fields=fields)
    record_changed(pipeline, actor=actor, before=before, extra=extra)
    return pipeline


@service
def create_stage(
    *,
    actor: User,
    pipeline_id: int,
    name: str,
    order: int,
    probability: int,
    category: str = StageCategory.OPEN,
    is_qualified: bool = False,
) -> Stage:
    """Add a stage to a pipeline at `order` (unique in the pipeline), with its default
    probability (0–100; a won stage is certain, a lost one hopeless)."""
    require_capability(actor, Capability.CONFIGURE)
    pipeline = _pipeline_for_change(pipeline_id)
    stage = Stage(pipeline=pipeline, created_by=actor, is_qualified=is_qualified)
    _set_stage_values(stage, name=name, order=order, probability=probability, category=category)
    stage.save()
    record_created(stage, actor=actor)
    return stage


@service
def update_stage(
    *,
    actor: User,
    stage_id: int,
    version: int,
    name: str | Unset = UNSET,
    order: int | Unset = UNSET,
    probability: int | Unset = UNSET,
    category: str | Unset = UNSET,
    is_qualified: bool | Unset = UNSET,
) -> Stage:
    """Rename, reorder or re-weigh a stage, change its category or its qualified mark;
    arguments left out keep their value. Deals in the stage take its new probability
    (theirs is the stage's); its category changes only while no deal is in it."""
    require_capability(actor, Capability.CONFIGURE)
    stage = Stage.objects.select_for_update().filter(pk=stage_id).first()
    if stage is None:
        raise NotVisible(str(Stage._meta.verbose_name))
    _pipeline_for_change(stage.pipeline_id)
    require_version(stage, version)
    before = snapshot(stage)
    if not isinstance(category, Unset) and category != stage.category:
        _require_may_leave_category(stage)
    _set_stage_values(
        stage,
        name=stage.name if isinstance(name, Unset) else name,
        order=stage.order if isinstance(order, Unset) else order,
        probability=stage.probability if isinstance(probability, Unset) else probability,
        category=stage.category if isinstance(category, Unset) else category,
    )
    if not isinstance(is_qualified, Unset):
        stage.is_qualified = is_qualified
    if snapshot(stage) == before:
        return stage
    update_versioned(
        stage,
        expected_version=version,
        fields=["name", "order", "probability", "category", "is_qualified"],
    )
    record_changed(stage, actor=actor, before=before)
    return stage


def _pipeline_for_change(pipeline_id: int) -> Pipeline:
    """The pipeline, locked: stage rules count a pipeline's stages, so two changes of
    one pipeline's stages queue instead of both passing the count."""
    pipeline = Pipeline.objects.select_for_update().filter(pk=pipeline_id).first()
    if pipeline is None:
        raise NotVisible(str(Pipeline._meta.verbose_name))
    return pipeline


def _pipeline_name(value: str, *, exclude_pk: int | None = None) -> str:
    name = require_text(value, field="name", limit=PIPELINE_NAME_MAX_LENGTH, required=True)
    others = (
        Pipeline.objects.all() if exclude_pk is None else Pipeline.objects.exclude(pk=exclude_pk)
    )
    if others.filter(name__iexact=name).exists():
        raise RuleViolation(
            "name", CommonErrorCode.DUPLICATE, _("Another pipeline already has this name.")
        )
    return name


def _teams(team_ids: Sequence[int]) -> list[Team]:
    teams = list(Team.objects.filter(pk__in=set(team_ids)))
    if len(teams) != len(set(team_ids)):
        raise RuleViolation(
            "default_for_teams", CommonErrorCode.UNKNOWN_REFERENCE, _("There is no such team.")
        )
    return teams


def _take_defaults(actor: User, pipeline: Pipeline, *, is_default: bool, teams: list[Team]) -> None:
    """Each default names one pipeline: the ones `pipeline` takes leave their holder,
    which the trail records as a change of that pipeline."""
    others = Pipeline.objects.exclude(pk=pipeline.pk)
    if is_default:
        for other in others.filter(is_default=True):
            other_before = snapshot(other)
            other.is_default = False
            update_versioned(other, expected_version=other.version, fields=["is_default"])
            record_changed(other, actor=actor, before=other_before)
    if pipeline.default_for_type:
        for other in others.filter(default_for_type=pipeline.default_for_type):
            other_before = snapshot(other)
            other.default_for_type = ""
            update_versioned(other, expected_version=other.version, fields=["default_for_type"])
            record_changed(other, actor=actor, before=other_before)
    team_ids = {team.pk for team in teams}
    for other in others.filter(default_for_teams__in=team_ids).distinct():
        old_ids = sorted(other.default_for_teams.values_list("pk", flat=True))
        kept = [pk for pk in old_ids if pk not in team_ids]
        other.default_for_teams.set(kept)
        record_changed(
            other,
            actor=actor,
            before=snapshot(other),
            extra={"default_for_teams": [old_ids, kept]},
        )


def _set_stage_values(
    stage: Stage, *, name: str, order: int, probability: int, category: str
) -> None:
    siblings = Stage.objects.filter(pipeline_id=stage.pipeline_id).exclude(pk=stage.pk)
    stage.name = require_text(name, field="name", limit=STAGE_NAME_MAX_LENGTH, required=True)
    if siblings.filter(name__iexact=stage.name).exists():
        raise RuleViolation(
            "name",
            CommonErrorCode.DUPLICATE,
            _("Another stage of this pipeline already has this name."),
        )
    stage.order = int(
        require_int_range(order, field="order", low=1, high=MAX_STAGE_ORDER, required=True) or 0
    )
    if siblings.filter(order=stage.order).exists():
        raise RuleViolation(
            "order",
            CommonErrorCode.DUPLICATE,
            _("Another stage of this pipeline already has this place."),
        )
    stage.probability = int(
        require_int_range(probability, field="probability", high=100, required=True) or 0
    )
    stage.category = require_choice(category, field="category", choices=StageCategory.values)
    needed = CLOSED_PROBABILITY.get(StageCategory(stage.category))
    if needed is not None and stage.probability != needed:
        raise RuleViolation(
            "probability",
            PipelineErrorCode.PROBABILITY_FOR_CATEGORY,
            _("A %(category)s stage has a probability of %(probability)s%%.")
            % {"category": StageCategory(stage.category).label, "probability": needed},
        )
    if needed is not None and siblings.filter(category=stage.category).exists():
        raise RuleViolation(
            "category",
            PipelineErrorCode.CLOSING_STAGE_TAKEN,
            _("This pipeline already has a %(category)s stage.")
            % {"category": StageCategory(stage.category).label},
        )


def _require_may_leave_category(stage: Stage) -> None:
    old_category = stage.category
    if Opportunity.objects.filter(stage_id=stage.pk).exists():
        raise RuleViolation(
            "category",
            PipelineErrorCode.STAGE_IN_USE,
            _("Deals are in this stage: its category is their status and cannot change."),
        )
    siblings = Stage.objects.filter(pipeline_id=stage.pipeline_id).exclude(pk=stage.pk)
    if (
        old_category == StageCategory.OPEN
        and not siblings.filter(category=StageCategory.OPEN).exists()
    ):
        raise RuleViolation(
            "category",
            PipelineErrorCode.LAST_OPEN_STAGE,
            _("A pipeline keeps at least one open stage."),
        )
    if (
        old_category != StageCategory.OPEN
        and Opportunity.objects.filter(pipeline_id=stage.pipeline_id).exists()
    ):
        raise RuleViolation(
            "category",
            PipelineErrorCode.CLOSING_STAGE_NEEDED,
            _("The pipeline's deals are closed into this stage: it keeps its category."),
        )

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
from patron.core.cleaning import raise_first
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.capabilities import Capability
from patron.org.models import Team, User
from patron.org.policy import require_capability
from patron.pipeline.choices import StageCategory
from patron.pipeline.cleaning.configuration import (
    PipelineInput,
    StageFields,
    StageInput,
    clean_pipeline,
    clean_stage,
    clean_stage_fields,
    pipeline_context,
    require_default_type,
    require_pipeline_name,
    require_teams,
    stage_context,
    stage_siblings,
    taken_pipeline_names,
    teams_by_id,
)
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Opportunity, Pipeline, Stage

__all__ = ["create_pipeline", "create_stage", "update_pipeline", "update_stage"]


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
    # The checks are `clean_pipeline`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_pipeline(
            PipelineInput(
                name=name,
                is_default=is_default,
                default_for_type=default_for_type,
                default_for_team_ids=default_for_team_ids,
            ),
            pipeline_context(actor, names=[name], team_ids=default_for_team_ids),
        )
    )
    pipeline = Pipeline(
        name=values.name, default_for_type=values.default_for_type, created_by=actor
    )
    teams = list(values.teams)
    _take_defaults(actor, pipeline, is_default=values.is_default, teams=teams)
    pipeline.is_default = values.is_default
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
        pipeline.name = require_pipeline_name(
            name, taken_pipeline_names([name], other_than=pipeline.pk)
        )
        fields.append("name")
    if not isinstance(default_for_type, Unset):
        pipeline.default_for_type = require_default_type(default_for_type)
        fields.append("default_for_type")
    teams = (
        None
        if isinstance(default_for_team_ids, Unset)
        else list(require_teams(teams_by_id(default_for_team_ids), default_for_team_ids))
    )
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
    # The checks are `clean_stage`'s, on a context built (and the pipeline locked) for
    # this one row; the first error found is raised.
    values = raise_first(
        clean_stage(
            StageInput(
                pipeline_id=pipeline_id,
                name=name,
                order=order,
                probability=probability,
                category=category,
                is_qualified=is_qualified,
            ),
            stage_context(
                actor, pipeline_ids=[pipeline_id], names=[(pipeline_id, name)], lock=True
            ),
        )
    )
    stage = Stage.objects.create(
        pipeline=values.pipeline,
        name=values.name,
        order=values.order,
        probability=values.probability,
        category=values.category,
        is_qualified=values.is_qualified,
        created_by=actor,
    )
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
    new_name = stage.name if isinstance(name, Unset) else name
    checked = clean_stage_fields(
        StageFields(
            name=new_name,
            order=stage.order if isinstance(order, Unset) else order,
            probability=stage.probability if isinstance(probability, Unset) else probability,
            category=stage.category if isinstance(category, Unset) else category,
        ),
        stage_siblings(stage.pipeline_id, name=new_name, other_than=stage.pk),
    ).value_or_raise()
    stage.name = checked.name
    stage.order = checked.order
    stage.probability = checked.probability
    stage.category = checked.category
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


def _take_defaults(
    actor: User, pipeline: Pipeline, *, is_default: bool, teams: Sequence[Team]
) -> None:
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

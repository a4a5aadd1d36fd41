"""Pipelines and stages: configurers set up the sales process; the stage rules keep
every deal closable and its status true to its stage."""

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.models import AuditEvent
from patron.pipeline.models import Pipeline, Stage
from patron.pipeline.services.configuration import (
    create_pipeline,
    create_stage,
    update_pipeline,
    update_stage,
)


@pytest.fixture
def renewals(org) -> Pipeline:
    """An empty pipeline with an open, a won and a lost stage."""
    pipeline = create_pipeline(actor=org.sales_ops, name="Renewals")
    for order, (name, probability, category) in enumerate(
        [("Review", 40, "open"), ("Renewed", 100, "won"), ("Churned", 0, "lost")], 1
    ):
        create_stage(
            actor=org.sales_ops,
            pipeline_id=pipeline.pk,
            name=name,
            order=order,
            probability=probability,
            category=category,
        )
    return pipeline


def stage_of(pipeline, name) -> Stage:
    return pipeline.stages.get(name=name)


def test_sales_ops_create_a_pipeline_as_the_default_for_a_type_and_a_team(org, pipeline):
    # when
    renewals = create_pipeline(
        actor=org.sales_ops,
        name="Renewals",
        is_default=True,
        default_for_type="renewal",
        default_for_team_ids=[org.team.pk],
    )
    # then: the company default moved from the standard pipeline
    pipeline.refresh_from_db()
    assert (renewals.is_default, renewals.default_for_type) == (True, "renewal")
    assert list(renewals.default_for_teams.all()) == [org.team]
    assert (pipeline.is_default, pipeline.version) == (False, 2)
    created = AuditEvent.objects.get(record_type="pipeline.pipeline", record_id=renewals.pk)
    assert (created.action, created.changes["default_for_teams"]) == (
        "create",
        [None, [org.team.pk]],
    )
    moved = AuditEvent.objects.get(record_type="pipeline.pipeline", record_id=pipeline.pk)
    assert (moved.action, moved.changes) == ("update", {"is_default": [True, False]})


def test_a_team_default_moves_from_the_pipeline_that_had_it(org):
    first = create_pipeline(actor=org.sales_ops, name="North", default_for_team_ids=[org.team.pk])
    second = create_pipeline(actor=org.sales_ops, name="Second")
    update_pipeline(
        actor=org.sales_ops, pipeline_id=second.pk, version=1, default_for_team_ids=[org.team.pk]
    )
    assert list(first.default_for_teams.all()) == []
    assert list(second.default_for_teams.all()) == [org.team]
    event = AuditEvent.objects.get(
        record_type="pipeline.pipeline", record_id=second.pk, action="update"
    )
    assert event.changes == {"default_for_teams": [[], [org.team.pk]]}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "new business"}, "name", "duplicate"),
        ({"default_for_type": "upsell_x"}, "default_for_type", "unknown_choice"),
        ({"default_for_team_ids": [999_999]}, "default_for_teams", "unknown_reference"),
    ],
)
def test_bad_pipeline_values_are_refused(org, pipeline, overrides, field, code):
    with pytest.raises(RuleViolation) as caught:
        create_pipeline(actor=org.sales_ops, **({"name": "Channel"} | overrides))
    assert (caught.value.field, caught.value.code) == (field, code)
    assert Pipeline.objects.count() == 1


@pytest.mark.parametrize("persona", ["rep", "manager", "director", "executive", "service_agent"])
def test_only_configurers_set_up_pipelines_and_stages(org, renewals, persona):
    actor = getattr(org, persona)
    with pytest.raises(Forbidden):
        create_pipeline(actor=actor, name="Mine")
    with pytest.raises(Forbidden):
        update_stage(actor=actor, stage_id=stage_of(renewals, "Review").pk, version=1, order=9)
    with pytest.raises(Forbidden):
        create_stage(actor=actor, pipeline_id=renewals.pk, name="X", order=9, probability=5)
    assert renewals.stages.count() == 3


def test_a_stale_pipeline_edit_is_refused(org, renewals):
    update_pipeline(actor=org.sales_ops, pipeline_id=renewals.pk, version=1, name="Renewal")
    with pytest.raises(StaleVersion):
        update_pipeline(actor=org.sales_ops, pipeline_id=renewals.pk, version=1, name="Other")


def test_an_unknown_pipeline_does_not_exist(org):
    with pytest.raises(NotVisible):
        create_stage(actor=org.sales_ops, pipeline_id=999_999, name="X", order=1, probability=5)


def test_a_stage_is_added_and_its_event_written(org, renewals):
    stage = create_stage(
        actor=org.admin,
        pipeline_id=renewals.pk,
        name="Negotiation",
        order=4,
        probability=70,
        is_qualified=True,
    )
    assert (stage.category, stage.probability, stage.is_qualified) == ("open", 70, True)
    event = AuditEvent.objects.get(record_type="pipeline.stage", record_id=stage.pk)
    assert (event.action, event.changes["probability"]) == ("create", [None, 70])


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"probability": 150}, "probability", "out_of_range"),
        ({"order": 0}, "order", "out_of_range"),
        ({"order": 1}, "order", "duplicate"),
        ({"name": "review"}, "name", "duplicate"),
        ({"category": "maybe"}, "category", "unknown_choice"),
        ({"category": "won", "probability": 90}, "probability", "probability_for_category"),
        ({"category": "won", "probability": 100}, "category", "closing_stage_taken"),
        ({"category": "lost", "probability": 0}, "category", "closing_stage_taken"),
    ],
)
def test_bad_stages_are_refused(org, renewals, values, field, code):
    arguments = {"name": "Proposal", "order": 7, "probability": 50} | values
    with pytest.raises(RuleViolation) as caught:
        create_stage(actor=org.sales_ops, pipeline_id=renewals.pk, **arguments)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert renewals.stages.count() == 3


def test_a_stage_is_renamed_reweighed_and_the_trail_shows_old_and_new(org, renewals):
    review = stage_of(renewals, "Review")
    updated = update_stage(
        actor=org.sales_ops, stage_id=review.pk, version=1, name="Account review", probability=45
    )
    assert (updated.name, updated.probability, updated.version) == ("Account review", 45, 2)
    event = AuditEvent.objects.get(
        record_type="pipeline.stage", record_id=review.pk, action="update"
    )
    assert event.changes == {"name": ["Review", "Account review"], "probability": [40, 45]}


def test_the_last_open_stage_stays_open(org):
    # given: a pipeline being set up, with one open stage and no closing stage yet
    solo = create_pipeline(actor=org.sales_ops, name="Solo")
    only = create_stage(
        actor=org.sales_ops, pipeline_id=solo.pk, name="Only", order=1, probability=30
    )
    # when
    with pytest.raises(RuleViolation) as caught:
        update_stage(
            actor=org.sales_ops, stage_id=only.pk, version=1, category="won", probability=100
        )
    # then
    assert (caught.value.field, caught.value.code) == ("category", "last_open_stage")
    only.refresh_from_db()
    assert (only.category, only.probability, only.version) == ("open", 30, 1)


def test_an_open_stage_becomes_the_won_stage_when_there_is_none(org, renewals):
    won = stage_of(renewals, "Renewed")
    update_stage(actor=org.sales_ops, stage_id=won.pk, version=1, category="open", probability=90)
    review = stage_of(renewals, "Review")
    updated = update_stage(
        actor=org.sales_ops, stage_id=review.pk, version=1, category="won", probability=100
    )
    assert (updated.category, updated.probability) == ("won", 100)
    event = AuditEvent.objects.get(
        record_type="pipeline.stage", record_id=review.pk, action="update"
    )
    assert event.changes == {"category": ["open", "won"], "probability": [40, 100]}


def test_a_stage_holding_deals_keeps_its_category(org, deal, stages):
    with pytest.raises(RuleViolation) as caught:
        update_stage(
            actor=org.sales_ops,
            stage_id=stages["Prospecting"],
            version=1,
            category="lost",
            probability=0,
        )
    assert (caught.value.field, caught.value.code) == ("category", "stage_in_use")
    assert Stage.objects.get(pk=stages["Prospecting"]).category == "open"


def test_a_pipeline_holding_deals_keeps_its_won_stage(org, deal, stages):
    with pytest.raises(RuleViolation) as caught:
        update_stage(
            actor=org.sales_ops,
            stage_id=stages["Closed won"],
            version=1,
            category="open",
            probability=90,
        )
    assert (caught.value.field, caught.value.code) == ("category", "closing_stage_needed")
    assert Stage.objects.get(pk=stages["Closed won"]).category == "won"


def test_a_stage_of_a_deal_takes_only_a_new_probability(org, deal, stages):
    updated = update_stage(
        actor=org.sales_ops, stage_id=stages["Prospecting"], version=1, probability=15
    )
    assert updated.probability == 15


def test_a_stale_stage_edit_is_refused(org, renewals):
    review = stage_of(renewals, "Review")
    update_stage(actor=org.sales_ops, stage_id=review.pk, version=1, probability=41)
    with pytest.raises(StaleVersion):
        update_stage(actor=org.sales_ops, stage_id=review.pk, version=1, probability=42)
    review.refresh_from_db()
    assert review.probability == 41

import pytest

from patron.core.errors import RuleViolation, StaleVersion
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.models import Pipeline, Stage
from patron.pipeline.services.opportunities import update_opportunity
from patron.pipeline.services.stages import move_opportunity_stage, win_opportunity
from tests.pipeline.conftest import WRITE_REFUSALS, history_rows, refused


def test_a_deal_moves_forward_and_back_among_open_stages(org, deal, stages):
    # when
    move_opportunity_stage(
        actor=org.rep, opportunity_id=deal.pk, version=1, stage_id=stages["Negotiation"]
    )
    moved = move_opportunity_stage(
        actor=org.rep, opportunity_id=deal.pk, version=2, stage_id=stages["Qualification"]
    )
    # then
    moved.refresh_from_db()
    assert (moved.stage_id, moved.status, moved.version) == (
        stages["Qualification"],
        OpportunityStatus.OPEN,
        3,
    )
    assert moved.stage.probability == 20
    assert history_rows(deal)[6:] == [
        ("stage", str(stages["Prospecting"]), str(stages["Negotiation"])),
        ("stage", str(stages["Negotiation"]), str(stages["Qualification"])),
    ]


def test_moving_to_the_current_stage_changes_nothing(org, deal, stages):
    same = move_opportunity_stage(
        actor=org.rep, opportunity_id=deal.pk, version=1, stage_id=stages["Prospecting"]
    )
    same.refresh_from_db()
    assert same.version == 1
    assert len(history_rows(deal)) == 6


def test_a_manager_moves_a_deal_of_their_team(org, deal, stages):
    moved = move_opportunity_stage(
        actor=org.manager, opportunity_id=deal.pk, version=1, stage_id=stages["Proposal"]
    )
    assert moved.stage_id == stages["Proposal"]
    assert deal.history.order_by("-id").first().changed_by == org.manager


@pytest.mark.parametrize("stage_name", ["Closed won", "Closed lost"])
def test_won_and_lost_stages_are_reached_only_by_winning_or_losing(org, deal, stages, stage_name):
    error = refused(
        RuleViolation,
        move_opportunity_stage,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        stage_id=stages[stage_name],
    )
    assert (error.field, error.code) == ("stage", "stage_not_open")


def test_a_stage_of_another_pipeline_is_refused(org, deal):
    other = Pipeline.objects.create(name="Channel")
    foreign = Stage.objects.create(pipeline=other, name="Partner intro", order=1, probability=10)
    error = refused(
        RuleViolation,
        move_opportunity_stage,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        stage_id=foreign.pk,
    )
    assert (error.field, error.code) == ("stage", "stage_not_in_pipeline")


def test_a_closed_deal_does_not_move(org, deal, stages):
    win_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1)
    error = refused(
        RuleViolation,
        move_opportunity_stage,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=2,
        stage_id=stages["Proposal"],
    )
    assert (error.field, error.code) == ("status", "already_closed")


def test_a_stale_version_is_refused(org, deal, stages):
    update_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, next_step="Call")
    error = refused(
        StaleVersion,
        move_opportunity_stage,
        actor=org.rep,
        opportunity_id=deal.pk,
        version=1,
        stage_id=stages["Proposal"],
    )
    assert (error.field, error.code, error.current_version) == ("version", "stale_version", 2)


@WRITE_REFUSALS
def test_only_people_who_may_change_the_deal_move_it(org, deal, stages, persona, error_type):
    refused(
        error_type,
        move_opportunity_stage,
        actor=getattr(org, persona),
        opportunity_id=deal.pk,
        version=1,
        stage_id=stages["Proposal"],
    )

"""Generated deals have the history the pipeline services would have written, re-checked
here in Python, independently of the SQL invariant check."""

from collections import defaultdict

import pytest

from patron.pipeline.choices import ForecastCategory, OpportunityStatus, StageCategory
from patron.pipeline.models import Opportunity, OpportunityHistory, Stage

pytestmark = pytest.mark.django_db

TRACKED = ["stage", "status", "amount", "close_date", "forecast_category", "owner"]


def _histories() -> dict[int, list[OpportunityHistory]]:
    rows = defaultdict(list)
    for row in OpportunityHistory.objects.order_by("opportunity_id", "id"):
        rows[row.opportunity_id].append(row)
    return rows


def _current(deal: Opportunity) -> dict[str, str]:
    return {
        "stage": str(deal.stage_id),
        "status": deal.status,
        "amount": str(deal.amount_minor),
        "close_date": deal.close_date.isoformat(),
        "forecast_category": deal.forecast_category,
        "owner": str(deal.owner_id),
    }


def test_creation_writes_one_row_per_tracked_field_with_no_old_value(tiny_company):
    for rows in _histories().values():
        first_six = rows[:6]
        assert [row.field for row in first_six] == TRACKED
        assert {row.old_value for row in first_six} == {""}
        assert len({row.changed_at for row in first_six}) == 1
        assert all(row.old_value != "" for row in rows[6:])


def test_replaying_the_history_gives_each_deal_as_stored(tiny_company):
    histories = _histories()
    deals = list(Opportunity.objects.all())
    assert len(deals) == len(histories)
    for deal in deals:
        state: dict[str, str] = {}
        previous_time = None
        for row in histories[deal.pk]:
            assert row.old_value == state.get(row.field, "")
            assert previous_time is None or row.changed_at >= previous_time
            state[row.field] = row.new_value
            previous_time = row.changed_at
        assert state == _current(deal), deal.pk


def test_deals_move_forward_through_their_pipeline_and_won_ones_passed_an_open_stage(
    tiny_company,
):
    stages = {stage.pk: stage for stage in Stage.objects.all()}
    histories = _histories()
    for deal in Opportunity.objects.all():
        path = [stages[int(row.new_value)] for row in histories[deal.pk] if row.field == "stage"]
        orders = [stage.order for stage in path]
        assert orders == sorted(set(orders)), deal.pk
        assert {stage.pipeline_id for stage in path} == {deal.pipeline_id}
        assert path[0].category == StageCategory.OPEN
        assert path[-1].pk == deal.stage_id
        if deal.status == OpportunityStatus.WON:
            assert len(path) >= 2
            assert path[-2].category == StageCategory.OPEN


def test_closed_deals_closed_on_their_close_date_and_open_ones_sit_in_an_open_stage(
    tiny_company,
):
    for deal in Opportunity.objects.select_related("stage"):
        if deal.status == OpportunityStatus.OPEN:
            assert deal.stage.category == StageCategory.OPEN
            assert deal.closed_at is None
            continue
        assert deal.stage.category == deal.status
        assert deal.closed_at.date() == deal.close_date
        assert deal.close_date < tiny_company.today
        last_status = deal.history.filter(field="status").order_by("-id").first()
        assert last_status.changed_at == deal.closed_at
        expected = (
            ForecastCategory.CLOSED
            if deal.status == OpportunityStatus.WON
            else ForecastCategory.OMITTED
        )
        assert deal.forecast_category == expected
        if deal.status == OpportunityStatus.LOST:
            assert deal.loss_reason


def test_some_deals_slipped_changed_amount_or_owner_on_the_way(tiny_company):
    changes = defaultdict(int)
    for row in OpportunityHistory.objects.exclude(old_value=""):
        changes[row.field] += 1
    assert changes["close_date"] > 0
    assert changes["amount"] > 0
    assert changes["owner"] > 0

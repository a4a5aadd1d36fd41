"""Property: whatever sequence of moves, amount and date changes, wins, losses, reopenings
and reassignments a deal goes through, its history replays to its current state, and
every operation wrote exactly one row per tracked field it changed."""

import contextlib
import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patron.core.errors import RuleViolation
from patron.core.money import Money
from patron.pipeline.history import tracked_values
from patron.pipeline.models import Opportunity, OpportunityHistory
from patron.pipeline.services.opportunities import (
    create_opportunity,
    reassign_opportunity,
    update_opportunity,
)
from patron.pipeline.services.stages import (
    lose_opportunity,
    move_opportunity_stage,
    reopen_opportunity,
    win_opportunity,
)
from tests.pipeline.conftest import CLOSE, OPENED

STAGE_NAMES = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed won"]
DAYS = st.integers(min_value=0, max_value=(dt.date(2026, 3, 10) - OPENED).days).map(
    lambda offset: OPENED + dt.timedelta(days=offset)
)
OPERATIONS = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(STAGE_NAMES)),
    st.tuples(st.just("amount"), st.integers(min_value=0, max_value=10**9)),
    st.tuples(st.just("close_date"), DAYS),
    st.tuples(st.just("forecast"), st.sampled_from(["pipeline", "best_case", "commit"])),
    st.tuples(st.just("win"), DAYS),
    st.tuples(st.just("lose"), DAYS),
    st.tuples(st.just("reopen"), st.sampled_from([None, "Qualification", "Negotiation"])),
    st.tuples(st.just("reassign"), st.sampled_from(["rep", "rep2"])),
)


def apply(operation, value, *, org, deal, stages):
    """Run one operation through its service with the deal's current version."""
    common = {"actor": org.manager, "opportunity_id": deal.pk, "version": deal.version}
    if operation == "move":
        move_opportunity_stage(**common, stage_id=stages[value])
    elif operation == "amount":
        update_opportunity(**common, amount=Money.from_minor(value, "USD"))
    elif operation == "close_date":
        update_opportunity(**common, close_date=value)
    elif operation == "forecast":
        update_opportunity(**common, forecast_category=value)
    elif operation == "win":
        win_opportunity(**common, won_on=value)
    elif operation == "lose":
        lose_opportunity(**common, loss_reason="price", lost_on=value)
    elif operation == "reopen":
        reopen_opportunity(**common, stage_id=None if value is None else stages[value])
    else:
        reassign_opportunity(**common, owner_id=getattr(org, value).pk)


def replayed(deal: Opportunity) -> dict[str, str]:
    """The latest new value of each tracked field, by history order."""
    state: dict[str, str] = {}
    for field, value in (
        OpportunityHistory.objects.filter(opportunity=deal)
        .order_by("id")
        .values_list("field", "new_value")
    ):
        state[field] = value
    return state


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, max_size=12))
def test_history_replays_to_the_current_state(org, customer, stages, operations):
    with transaction.atomic():
        deal = create_opportunity(
            actor=org.rep,
            account_id=customer.pk,
            name="ERP",
            close_date=CLOSE,
            amount=Money.from_minor(5_000_000, "USD"),
            opened_on=OPENED,
        )
        assert replayed(deal) == tracked_values(deal)
        for operation, value in operations:
            before = tracked_values(deal)
            rows_before = deal.history.count()
            # A refused operation (moving a closed deal, winning a won one…) must
            # change nothing: the checks below cover it like any other.
            with contextlib.suppress(RuleViolation):
                apply(operation, value, org=org, deal=deal, stages=stages)
            deal.refresh_from_db()
            after = tracked_values(deal)
            changed = sum(1 for field in after if after[field] != before[field])
            assert deal.history.count() - rows_before == changed
            assert replayed(deal) == after
            assert (deal.status == "open") == (deal.closed_at is None)
            assert deal.stage.category == deal.status
        transaction.set_rollback(True)

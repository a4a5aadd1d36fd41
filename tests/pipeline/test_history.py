"""The field history of a deal: written once per real change, by the operation's actor,
at the operation's time, in the same transaction."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from patron.core.models import ExchangeRate
from patron.core.money import Money
from patron.pipeline.models import OpportunityHistory
from patron.pipeline.services.opportunities import (
    create_opportunity,
    reassign_opportunity,
    update_opportunity,
)
from patron.pipeline.services.stages import move_opportunity_stage, win_opportunity
from tests.pipeline.conftest import CLOSE, NOW, OPENED, usd

LATER = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)


def test_create_move_update_amount_win_writes_exactly_the_expected_rows(
    org, customer, pipeline, stages
):
    # when
    deal = create_opportunity(
        actor=org.rep,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        amount=usd("50000.00"),
        opened_on=OPENED,
    )
    move_opportunity_stage(
        actor=org.rep, opportunity_id=deal.pk, version=1, stage_id=stages["Proposal"]
    )
    update_opportunity(actor=org.manager, opportunity_id=deal.pk, version=2, amount=usd("62500.00"))
    with time_machine.travel(LATER, tick=False):
        win_opportunity(
            actor=org.rep, opportunity_id=deal.pk, version=3, won_on=dt.date(2026, 3, 10)
        )
    # then
    rows = list(
        OpportunityHistory.objects.filter(opportunity=deal)
        .order_by("id")
        .values_list("field", "old_value", "new_value", "changed_by", "changed_at")
    )
    prospecting, proposal, won = (str(stages[n]) for n in ("Prospecting", "Proposal", "Closed won"))
    rep, manager = org.rep.pk, org.manager.pk
    assert rows == [
        ("stage", "", prospecting, rep, NOW),
        ("status", "", "open", rep, NOW),
        ("amount", "", "5000000", rep, NOW),
        ("close_date", "", "2026-04-30", rep, NOW),
        ("forecast_category", "", "pipeline", rep, NOW),
        ("owner", "", str(rep), rep, NOW),
        ("stage", prospecting, proposal, rep, NOW),
        ("amount", "5000000", "6250000", manager, NOW),
        ("stage", proposal, won, rep, LATER),
        ("status", "open", "won", rep, LATER),
        ("close_date", "2026-04-30", "2026-03-10", rep, LATER),
        ("forecast_category", "pipeline", "closed", rep, LATER),
    ]


def test_an_owner_change_is_one_row_and_a_jpy_amount_has_no_decimals(org, customer, pipeline):
    # given: a yen deal (JPY has no minor digits) and a rate for it
    ExchangeRate.objects.create(currency="JPY", valid_from=dt.date(2026, 1, 1), rate="0.0067")
    deal = create_opportunity(
        actor=org.manager,
        account_id=customer.pk,
        name="ERP",
        close_date=CLOSE,
        amount=Money.parse("1500000", "JPY"),
        owner_id=org.rep.pk,
    )
    # when
    reassign_opportunity(actor=org.manager, opportunity_id=deal.pk, version=1, owner_id=org.rep2.pk)
    # then
    rows = list(deal.history.order_by("id").values_list("field", "old_value", "new_value"))
    assert rows[2] == ("amount", "", "1500000")
    assert rows[6:] == [("owner", str(org.rep.pk), str(org.rep2.pk))]


def test_a_rolled_back_operation_leaves_no_history(org, deal, stages):
    # given
    count = OpportunityHistory.objects.count()
    # when: the operation succeeds but its surrounding transaction is rolled back
    with transaction.atomic():
        move_opportunity_stage(
            actor=org.rep, opportunity_id=deal.pk, version=1, stage_id=stages["Proposal"]
        )
        assert OpportunityHistory.objects.count() == count + 1
        transaction.set_rollback(True)
    # then
    assert OpportunityHistory.objects.count() == count
    deal.refresh_from_db()
    assert (deal.stage_id, deal.version) == (stages["Prospecting"], 1)


@pytest.mark.parametrize("field", ["name", "description", "next_step", "contract_term_months"])
def test_untracked_fields_write_no_history(org, deal, field):
    value = 12 if field == "contract_term_months" else "Something else"
    update_opportunity(actor=org.rep, opportunity_id=deal.pk, version=1, **{field: value})
    assert deal.history.count() == 6

import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.orders.choices import OrderStatus
from patron.orders.services.orders import confirm_order
from tests.factories.accounts import AccountTeamMemberFactory
from tests.factories.orders import SalesOrderFactory

NOON = dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def draft(customer):
    return SalesOrderFactory(account=customer, status=OrderStatus.DRAFT, confirmed_at=None)


@time_machine.travel(NOON, tick=False)
def test_a_draft_order_becomes_confirmed(org, draft):
    # when
    order = confirm_order(actor=org.rep, order_id=draft.pk, version=1)
    # then
    draft.refresh_from_db()
    assert (draft.status, draft.confirmed_at, draft.version) == (OrderStatus.CONFIRMED, NOON, 2)
    assert order.version == 2


def test_the_owners_manager_may_confirm(org, draft):
    assert confirm_order(actor=org.manager, order_id=draft.pk, version=1).status == "confirmed"


def test_rejects_a_stale_version(org, draft):
    # when
    with pytest.raises(StaleVersion) as caught:
        confirm_order(actor=org.rep, order_id=draft.pk, version=0)
    # then
    assert caught.value.current_version == 1
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (OrderStatus.DRAFT, 1)


@pytest.mark.parametrize(
    "status", [OrderStatus.CONFIRMED, OrderStatus.FULFILLED, OrderStatus.INVOICED]
)
def test_only_a_draft_is_confirmed(org, customer, status):
    order = SalesOrderFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        confirm_order(actor=org.rep, order_id=order.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    order.refresh_from_db()
    assert (order.status, order.version) == (status, 1)


def test_a_cancelled_order_is_not_confirmed(org, customer):
    order = SalesOrderFactory(
        account=customer, status=OrderStatus.CANCELLED, cancelled_at=NOON, cancel_reason="dup"
    )
    with pytest.raises(RuleViolation) as caught:
        confirm_order(actor=org.rep, order_id=order.pk, version=1)
    assert caught.value.code == "invalid_transition"


def test_an_executive_sees_the_order_but_may_not_confirm_it(org, draft):
    with pytest.raises(Forbidden):
        confirm_order(actor=org.executive, order_id=draft.pk, version=1)
    draft.refresh_from_db()
    assert draft.status == OrderStatus.DRAFT


def test_an_account_team_member_who_does_not_own_the_order_may_not_confirm_it(org, draft):
    # given: the account manager sits on the account's team, so sees the order
    AccountTeamMemberFactory(account=draft.account, user=org.account_manager)
    # when / then
    with pytest.raises(Forbidden):
        confirm_order(actor=org.account_manager, order_id=draft.pk, version=1)


@pytest.mark.parametrize("persona", ["peer_rep", "peer_manager", "service_agent"])
def test_an_order_the_actor_cannot_see_looks_absent(org, draft, persona):
    with pytest.raises(NotVisible):
        confirm_order(actor=getattr(org, persona), order_id=draft.pk, version=1)


def test_sales_ops_may_confirm_any_order(org, draft):
    assert confirm_order(actor=org.sales_ops, order_id=draft.pk, version=1).status == "confirmed"

import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.service.choices import CaseStatus
from patron.service.services.cases import respond_to_case
from tests.factories.service import CaseFactory

TEN_PAST_NINE = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)


@pytest.fixture
def new_case(customer):
    return CaseFactory(account=customer)


@time_machine.travel(TEN_PAST_NINE, tick=False)
def test_the_first_response_opens_the_case_and_is_timed(org, new_case):
    # when
    respond_to_case(actor=org.service_agent, case_id=new_case.pk, version=1)
    # then
    new_case.refresh_from_db()
    assert (new_case.status, new_case.first_response_at, new_case.version) == (
        CaseStatus.OPEN,
        TEN_PAST_NINE,
        2,
    )


@time_machine.travel(TEN_PAST_NINE, tick=False)
def test_an_earlier_first_response_is_never_moved(org, customer):
    # given: a case imported as new with its first response already recorded
    answered = dt.datetime(2026, 3, 2, 9, 5, tzinfo=dt.UTC)
    case = CaseFactory(account=customer, first_response_at=answered)
    # when
    respond_to_case(actor=org.rep, case_id=case.pk, version=1)
    # then
    case.refresh_from_db()
    assert (case.status, case.first_response_at) == (CaseStatus.OPEN, answered)


@pytest.mark.parametrize(
    "status", [CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER, CaseStatus.RESOLVED]
)
def test_only_a_new_case_gets_its_first_response(org, customer, status):
    case = CaseFactory(
        account=customer,
        status=status,
        first_response_at=dt.datetime(2026, 3, 2, 9, 5, tzinfo=dt.UTC),
        resolved_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
    )
    with pytest.raises(RuleViolation) as caught:
        respond_to_case(actor=org.rep, case_id=case.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    case.refresh_from_db()
    assert (case.status, case.version) == (status, 1)


def test_rejects_a_stale_version(org, new_case):
    with pytest.raises(StaleVersion):
        respond_to_case(actor=org.rep, case_id=new_case.pk, version=2)
    new_case.refresh_from_db()
    assert (new_case.status, new_case.first_response_at) == (CaseStatus.NEW, None)


def test_an_executive_sees_the_case_but_may_not_work_it(org, new_case):
    with pytest.raises(Forbidden):
        respond_to_case(actor=org.executive, case_id=new_case.pk, version=1)


def test_a_case_on_an_account_the_seller_cannot_see_looks_absent(org, new_case):
    with pytest.raises(NotVisible):
        respond_to_case(actor=org.peer_rep, case_id=new_case.pk, version=1)

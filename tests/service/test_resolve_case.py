import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.service.choices import CaseStatus
from patron.service.services.cases import resolve_case
from tests.factories.service import CaseFactory

ANSWERED = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)
ELEVEN = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("status", [CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER])
@time_machine.travel(ELEVEN, tick=False)
def test_a_worked_case_is_resolved_with_its_resolution(org, customer, status):
    # given
    case = CaseFactory(account=customer, status=status, first_response_at=ANSWERED)
    # when
    resolve_case(
        actor=org.service_agent, case_id=case.pk, version=1, resolution=" Reissued invoice "
    )
    # then
    case.refresh_from_db()
    assert (case.status, case.resolution, case.resolved_at, case.version) == (
        CaseStatus.RESOLVED,
        "Reissued invoice",
        ELEVEN,
        2,
    )
    assert case.first_response_at == ANSWERED


@time_machine.travel(ELEVEN, tick=False)
def test_a_new_case_resolved_at_once_was_first_answered_by_its_resolution(org, customer):
    case = CaseFactory(account=customer)
    resolve_case(actor=org.rep, case_id=case.pk, version=1, resolution="Sent the manual")
    case.refresh_from_db()
    assert (case.status, case.first_response_at, case.resolved_at) == (
        CaseStatus.RESOLVED,
        ELEVEN,
        ELEVEN,
    )


@pytest.mark.parametrize("resolution", ["", "  \n "])
def test_a_resolution_is_required(org, customer, resolution):
    case = CaseFactory(account=customer, status=CaseStatus.OPEN, first_response_at=ANSWERED)
    with pytest.raises(RuleViolation) as caught:
        resolve_case(actor=org.rep, case_id=case.pk, version=1, resolution=resolution)
    assert (caught.value.field, caught.value.code) == ("resolution", "required")
    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (CaseStatus.OPEN, None)


@pytest.mark.parametrize("status", [CaseStatus.RESOLVED, CaseStatus.CLOSED])
def test_a_resolved_or_closed_case_is_not_resolved_again(org, customer, status):
    case = CaseFactory(
        account=customer, status=status, first_response_at=ANSWERED, resolved_at=ELEVEN
    )
    with pytest.raises(RuleViolation) as caught:
        resolve_case(actor=org.rep, case_id=case.pk, version=1, resolution="Again")
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")


def test_rejects_a_stale_version(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.OPEN, first_response_at=ANSWERED)
    with pytest.raises(StaleVersion):
        resolve_case(actor=org.rep, case_id=case.pk, version=5, resolution="Done")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_an_executive_may_not_resolve(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.OPEN, first_response_at=ANSWERED)
    with pytest.raises(Forbidden):
        resolve_case(actor=org.executive, case_id=case.pk, version=1, resolution="Done")


def test_a_peer_seller_cannot_see_the_case(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.OPEN, first_response_at=ANSWERED)
    with pytest.raises(NotVisible):
        resolve_case(actor=org.peer_manager, case_id=case.pk, version=1, resolution="Done")

import datetime as dt

import pytest
import time_machine

from patron.core.errors import Forbidden, RuleViolation, StaleVersion
from patron.service.choices import CaseStatus
from patron.service.services.cases import close_case
from tests.factories.service import CaseFactory

ANSWERED = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)
RESOLVED = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC)
NEXT_DAY = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def resolved(customer):
    return CaseFactory(
        account=customer,
        status=CaseStatus.RESOLVED,
        first_response_at=ANSWERED,
        resolved_at=RESOLVED,
        resolution="Fixed",
    )


@time_machine.travel(NEXT_DAY, tick=False)
def test_a_resolved_case_is_closed(org, resolved):
    close_case(actor=org.service_agent, case_id=resolved.pk, version=1)
    resolved.refresh_from_db()
    assert (resolved.status, resolved.closed_at, resolved.resolved_at, resolved.version) == (
        CaseStatus.CLOSED,
        NEXT_DAY,
        RESOLVED,
        2,
    )


@pytest.mark.parametrize("status", [CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER])
def test_only_a_resolved_case_is_closed(org, customer, status):
    case = CaseFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        close_case(actor=org.service_agent, case_id=case.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    case.refresh_from_db()
    assert (case.status, case.closed_at) == (status, None)


def test_rejects_a_stale_version(org, resolved):
    with pytest.raises(StaleVersion):
        close_case(actor=org.service_agent, case_id=resolved.pk, version=2)


def test_an_executive_may_not_close(org, resolved):
    with pytest.raises(Forbidden):
        close_case(actor=org.executive, case_id=resolved.pk, version=1)

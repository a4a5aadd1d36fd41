import datetime as dt

import pytest

from patron.core.errors import Forbidden, RuleViolation, StaleVersion
from patron.service.choices import CaseStatus
from patron.service.services.cases import reopen_case
from tests.factories.service import CaseFactory

ANSWERED = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)
RESOLVED = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC)
CLOSED = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
RESOLUTION_DUE = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("status", "closed_at"), [(CaseStatus.RESOLVED, None), (CaseStatus.CLOSED, CLOSED)]
)
def test_a_resolved_or_closed_case_is_reopened_and_counted(org, customer, status, closed_at):
    # given: a case already reopened once
    case = CaseFactory(
        account=customer,
        status=status,
        first_response_at=ANSWERED,
        resolved_at=RESOLVED,
        closed_at=closed_at,
        resolution="Restarted the server",
        reopen_count=1,
        resolution_due_at=RESOLUTION_DUE,
    )
    # when
    reopen_case(actor=org.service_agent, case_id=case.pk, version=1)
    # then: unresolved again; first response and SLA due time as they were
    case.refresh_from_db()
    assert (case.status, case.reopen_count, case.version) == (CaseStatus.OPEN, 2, 2)
    assert (case.resolved_at, case.closed_at) == (None, None)
    assert (case.first_response_at, case.resolution_due_at) == (ANSWERED, RESOLUTION_DUE)


@pytest.mark.parametrize("status", [CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER])
def test_an_unresolved_case_is_not_reopened(org, customer, status):
    case = CaseFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        reopen_case(actor=org.service_agent, case_id=case.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")
    case.refresh_from_db()
    assert case.reopen_count == 0


def test_rejects_a_stale_version(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.RESOLVED, resolved_at=RESOLVED)
    with pytest.raises(StaleVersion):
        reopen_case(actor=org.service_agent, case_id=case.pk, version=2)
    case.refresh_from_db()
    assert (case.status, case.reopen_count) == (CaseStatus.RESOLVED, 0)


def test_an_executive_may_not_reopen(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.RESOLVED, resolved_at=RESOLVED)
    with pytest.raises(Forbidden):
        reopen_case(actor=org.executive, case_id=case.pk, version=1)

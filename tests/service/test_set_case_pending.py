import datetime as dt

import pytest

from patron.core.errors import Forbidden, RuleViolation, StaleVersion
from patron.service.choices import CaseStatus
from patron.service.services.cases import set_case_pending
from tests.factories.service import CaseFactory

ANSWERED = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)


def test_an_open_case_waits_for_the_customer(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.OPEN, first_response_at=ANSWERED)
    set_case_pending(actor=org.service_agent, case_id=case.pk, version=1)
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.PENDING_CUSTOMER, 2)


@pytest.mark.parametrize("status", [CaseStatus.NEW, CaseStatus.PENDING_CUSTOMER])
def test_only_an_open_case_becomes_pending(org, customer, status):
    case = CaseFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        set_case_pending(actor=org.service_agent, case_id=case.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")


def test_rejects_a_stale_version(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.OPEN, first_response_at=ANSWERED)
    with pytest.raises(StaleVersion):
        set_case_pending(actor=org.service_agent, case_id=case.pk, version=0)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_an_executive_may_not(org, customer):
    case = CaseFactory(account=customer, status=CaseStatus.OPEN, first_response_at=ANSWERED)
    with pytest.raises(Forbidden):
        set_case_pending(actor=org.executive, case_id=case.pk, version=1)

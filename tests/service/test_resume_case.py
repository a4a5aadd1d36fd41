import datetime as dt

import pytest

from patron.core.errors import Forbidden, RuleViolation, StaleVersion
from patron.service.choices import CaseStatus
from patron.service.services.cases import resume_case
from tests.factories.service import CaseFactory

ANSWERED = dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC)


@pytest.fixture
def pending(customer):
    return CaseFactory(
        account=customer, status=CaseStatus.PENDING_CUSTOMER, first_response_at=ANSWERED
    )


def test_a_pending_case_is_open_again_when_the_customer_answers(org, pending):
    resume_case(actor=org.rep, case_id=pending.pk, version=1)
    pending.refresh_from_db()
    assert (pending.status, pending.version, pending.first_response_at) == (
        CaseStatus.OPEN,
        2,
        ANSWERED,
    )


@pytest.mark.parametrize("status", [CaseStatus.NEW, CaseStatus.OPEN])
def test_only_a_pending_case_is_resumed(org, customer, status):
    case = CaseFactory(account=customer, status=status)
    with pytest.raises(RuleViolation) as caught:
        resume_case(actor=org.rep, case_id=case.pk, version=1)
    assert (caught.value.field, caught.value.code) == ("status", "invalid_transition")


def test_rejects_a_stale_version(org, pending):
    with pytest.raises(StaleVersion):
        resume_case(actor=org.rep, case_id=pending.pk, version=2)


def test_an_executive_may_not(org, pending):
    with pytest.raises(Forbidden):
        resume_case(actor=org.executive, case_id=pending.pk, version=1)

import datetime as dt

import pytest
import time_machine

from patron.service.choices import CasePriority, CaseStatus
from patron.service.selectors import CaseSla, SlaState, case_sla_state, cases_past_sla
from patron.service.services.cases import open_case, reopen_case, resolve_case, respond_to_case
from tests.factories.accounts import AccountFactory
from tests.factories.service import CaseFactory, SlaPolicyFactory


def at(hour: int, minute: int = 0, second: int = 0, day: int = 2) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, second, tzinfo=dt.UTC)


@pytest.fixture
def case(customer):
    """Opened at 09:00: first response due at 10:00, resolution due at 17:00."""
    return CaseFactory(
        account=customer, opened_at=at(9), first_response_due_at=at(10), resolution_due_at=at(17)
    )


def test_targets_run_until_their_due_time_has_passed(case):
    assert case_sla_state(case, at=at(9, 30)) == CaseSla(SlaState.RUNNING, SlaState.RUNNING)
    # the due second itself is still in time
    assert case_sla_state(case, at=at(10)).response == SlaState.RUNNING
    assert case_sla_state(case, at=at(10, 0, 1)).response == SlaState.BREACHED
    assert case_sla_state(case, at=at(17, 0, 1)).resolution == SlaState.BREACHED


@pytest.mark.parametrize(
    ("responded", "expected"),
    [(at(9, 59), SlaState.MET), (at(10), SlaState.MET), (at(10, 0, 1), SlaState.BREACHED)],
)
def test_a_response_is_met_when_given_by_its_due_time(case, responded, expected):
    case.first_response_at = responded
    # long afterwards, the state no longer depends on the clock
    assert case_sla_state(case, at=at(12, day=20)).response == expected


def test_a_resolution_is_judged_by_when_it_came(case):
    case.resolved_at = at(16, 59)
    assert case_sla_state(case, at=at(12, day=20)).resolution == SlaState.MET
    case.resolved_at = at(17, 1)
    assert case_sla_state(case, at=at(12, day=20)).resolution == SlaState.BREACHED


def test_a_case_without_targets_has_no_sla_state(customer):
    case = CaseFactory(account=customer)
    assert case_sla_state(case, at=at(12, day=20)) == CaseSla(
        SlaState.NO_TARGET, SlaState.NO_TARGET
    )


def test_met_and_running_are_within_sla():
    assert [state.within_sla for state in SlaState] == [False, True, True, False]


def test_through_the_services_a_reopened_case_is_breached_again(org, customer):
    # given: high priority answers within 60 minutes and resolves within 8 hours
    SlaPolicyFactory(priority=CasePriority.HIGH, first_response_minutes=60, resolution_minutes=480)
    with time_machine.travel(at(9), tick=False):
        case = open_case(
            actor=org.service_agent,
            account_id=customer.pk,
            subject="Export fails",
            priority=CasePriority.HIGH,
        )
    with time_machine.travel(at(10), tick=False):
        case = respond_to_case(actor=org.service_agent, case_id=case.pk, version=1)
    with time_machine.travel(at(16, 30), tick=False):
        case = resolve_case(
            actor=org.service_agent, case_id=case.pk, version=2, resolution="Patched"
        )
    # then: answered on the minute, resolved half an hour early
    assert case_sla_state(case, at=at(16, 30)) == CaseSla(SlaState.MET, SlaState.MET)
    # when: it comes back the next morning
    with time_machine.travel(at(8, day=3), tick=False):
        case = reopen_case(actor=org.service_agent, case_id=case.pk, version=3)
        state = case_sla_state(case)
    # then
    assert state == CaseSla(SlaState.MET, SlaState.BREACHED)


def test_cases_past_sla_lists_the_unresolved_breaches_the_viewer_may_see(org, customer):
    # given, at 10:30
    late_answer = CaseFactory(
        account=customer, first_response_due_at=at(10), resolution_due_at=at(17)
    )
    answered_in_time = CaseFactory(
        account=customer,
        status=CaseStatus.OPEN,
        first_response_at=at(9, 30),
        first_response_due_at=at(10),
        resolution_due_at=at(17),
    )
    late_resolution = CaseFactory(
        account=customer,
        status=CaseStatus.PENDING_CUSTOMER,
        first_response_at=at(9, 5),
        first_response_due_at=at(9, 15),
        resolution_due_at=at(10, 15),
    )
    resolved_late = CaseFactory(
        account=customer,
        status=CaseStatus.RESOLVED,
        first_response_at=at(9, 5),
        resolved_at=at(10, 20),
        first_response_due_at=at(9, 15),
        resolution_due_at=at(10, 15),
    )
    without_targets = CaseFactory(account=customer)
    peer_case = CaseFactory(
        account=AccountFactory(owner=org.peer_rep),
        first_response_due_at=at(10),
        resolution_due_at=at(12),
    )
    # when
    for_rep = list(cases_past_sla(viewer=org.rep, at=at(10, 30)))
    for_agent = list(cases_past_sla(viewer=org.service_agent, at=at(10, 30)))
    # then: the most overdue resolution first
    assert for_rep == [late_resolution, late_answer]
    assert for_agent == [late_resolution, peer_case, late_answer]
    assert not {answered_in_time, resolved_late, without_targets} & set(for_agent)

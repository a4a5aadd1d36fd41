"""create_sla_policy and update_sla_policy: configurers set each priority's targets."""

import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.core.models import AuditEvent
from patron.service.models import SlaPolicy
from patron.service.services.sla import create_sla_policy, update_sla_policy
from tests.factories.service import CaseFactory, SlaPolicyFactory

URGENT = {
    "name": "Urgent",
    "priority": "urgent",
    "first_response_minutes": 30,
    "resolution_minutes": 240,
}


@pytest.fixture
def policy(db) -> SlaPolicy:
    """Normal priority: answered within 4 hours, resolved within 2 days."""
    return SlaPolicyFactory(priority="normal", name="Normal")


@pytest.mark.parametrize("persona", ["sales_ops", "admin"])
def test_a_configurer_sets_a_prioritys_targets(org, persona):
    # when
    policy = create_sla_policy(actor=getattr(org, persona), **{**URGENT, "name": "  Urgent  "})
    # then
    policy.refresh_from_db()
    assert (policy.name, policy.priority, policy.version) == ("Urgent", "urgent", 1)
    assert (policy.first_response_minutes, policy.resolution_minutes) == (30, 240)
    event = AuditEvent.objects.get(record_type="service.slapolicy", record_id=policy.pk)
    assert event.action == "create"
    assert event.changes["resolution_minutes"] == [None, 240]


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"name": "x" * 121}, "name", "too_long"),
        ({"priority": "critical"}, "priority", "unknown_choice"),
        ({"priority": "normal"}, "priority", "duplicate"),
        ({"first_response_minutes": 0}, "first_response_minutes", "out_of_range"),
        ({"resolution_minutes": 2_147_483_648}, "resolution_minutes", "out_of_range"),
        ({"resolution_minutes": 29}, "resolution_minutes", "resolution_before_response"),
    ],
)
def test_refuses_bad_targets(org, policy, kwargs, field, code):
    with pytest.raises(RuleViolation) as caught:
        create_sla_policy(actor=org.sales_ops, **{**URGENT, **kwargs})
    assert (caught.value.field, caught.value.code) == (field, code)
    assert list(SlaPolicy.objects.all()) == [policy]


@pytest.mark.parametrize("persona", ["rep", "manager", "service_agent", "executive"])
def test_only_configurers_set_targets(org, policy, persona):
    with pytest.raises(Forbidden):
        create_sla_policy(actor=getattr(org, persona), **URGENT)
    with pytest.raises(Forbidden):
        update_sla_policy(actor=getattr(org, persona), policy_id=policy.pk, version=1, name="x")
    assert list(SlaPolicy.objects.values_list("name", "version")) == [("Normal", 1)]


def test_a_policy_change_is_audited_and_leaves_open_cases_as_promised(org, policy, customer):
    # given: a case opened under the 4-hour target
    due = dt.datetime(2026, 3, 2, 13, 0, tzinfo=dt.UTC)
    case = CaseFactory(account=customer, first_response_due_at=due)
    # when
    update_sla_policy(
        actor=org.sales_ops, policy_id=policy.pk, version=1, first_response_minutes=60
    )
    # then
    policy.refresh_from_db()
    assert (policy.first_response_minutes, policy.resolution_minutes, policy.version) == (
        60,
        2880,
        2,
    )
    event = AuditEvent.objects.get(record_type="service.slapolicy", record_id=policy.pk)
    assert (event.action, event.changes) == ("update", {"first_response_minutes": [240, 60]})
    case.refresh_from_db()
    assert case.first_response_due_at == due


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"priority": "urgent"}, "priority", "duplicate"),
        ({"resolution_minutes": 239}, "resolution_minutes", "resolution_before_response"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_an_update_keeps_the_same_rules(org, policy, kwargs, field, code):
    SlaPolicyFactory(priority="urgent")
    with pytest.raises(RuleViolation) as caught:
        update_sla_policy(actor=org.sales_ops, policy_id=policy.pk, version=1, **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert SlaPolicy.objects.get(pk=policy.pk).version == 1


def test_an_update_may_keep_its_own_priority(org, policy):
    update_sla_policy(
        actor=org.sales_ops, policy_id=policy.pk, version=1, priority="normal", name="Standard"
    )
    assert SlaPolicy.objects.get(pk=policy.pk).name == "Standard"


def test_refuses_a_stale_version(org, policy):
    with pytest.raises(StaleVersion):
        update_sla_policy(actor=org.sales_ops, policy_id=policy.pk, version=2, name="x")
    assert SlaPolicy.objects.get(pk=policy.pk).name == "Normal"


def test_an_unknown_policy_looks_absent(org, policy):
    with pytest.raises(NotVisible):
        update_sla_policy(actor=org.sales_ops, policy_id=policy.pk + 1, version=1, name="x")

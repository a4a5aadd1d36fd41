"""The audit trail: what an operation records, that nothing else can change it, and
that the suite-wide check (tests/audit_observer.py) fails when an operation forgets."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from typer.testing import CliRunner

import patron.cli.audit  # noqa: F401  (registers `patron audit`)
from patron.accounts.models import Competitor
from patron.cli import app
from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.models import AuditEvent
from patron.core.operations import audit_source, current_source, service
from patron.core.trail import record_events, timeline
from patron.web.middleware import AuditSourceMiddleware
from tests.audit_observer import UnauditedWrite
from tests.factories.accounts import AccountFactory, CompetitorFactory

# Operations of this test module only: small, so each behaviour of the trail is visible.


@service
def name_competitor(*, actor, name: str, website: str = "") -> Competitor:
    competitor = Competitor.objects.create(name=name, website=website, created_by=actor)
    record_created(competitor, actor=actor)
    return competitor


@service
def rename_competitor(*, actor, competitor_id: int, name: str) -> Competitor:
    competitor = Competitor.objects.get(pk=competitor_id)
    if competitor.name == name:
        return competitor
    before = snapshot(competitor)
    competitor.name = name
    competitor.save(update_fields=["name"])
    record_changed(competitor, actor=actor, before=before)
    return competitor


@service
def forget_competitor(*, actor, competitor_id: int) -> None:
    competitor = Competitor.objects.get(pk=competitor_id)
    record_deleted(competitor, actor=actor)
    competitor.delete()


@service
def name_and_fail(*, actor, name: str) -> None:
    name_competitor(actor=actor, name=name)
    raise RuntimeError("the operation fails after writing")


@service
def name_two(*, actor, first: str, second: str) -> None:
    name_competitor(actor=actor, name=first)
    name_competitor(actor=actor, name=second)


@service
def name_without_event(*, actor, name: str) -> None:
    Competitor.objects.create(name=name, created_by=actor)


def test_a_creation_records_each_value_from_nothing(org):
    # when
    competitor = name_competitor(actor=org.rep, name="Acme CRM", website="https://acme.example")
    # then
    event = AuditEvent.objects.get(record_type="accounts.competitor", record_id=competitor.pk)
    assert event.action == "create"
    assert event.actor == org.rep
    assert event.operation == "name_competitor"
    assert event.source == "system"
    assert event.changes == {
        "name": [None, "Acme CRM"],
        "website": [None, "https://acme.example"],
    }


def test_a_change_records_only_the_fields_that_moved(org):
    # given
    competitor = CompetitorFactory(name="Acme", website="https://acme.example")
    # when
    rename_competitor(actor=org.manager, competitor_id=competitor.pk, name="Acme CRM")
    # then
    (event,) = AuditEvent.objects.filter(record_id=competitor.pk, action="update")
    assert event.changes == {"name": ["Acme", "Acme CRM"]}
    assert event.actor == org.manager


def test_an_edit_that_changes_nothing_records_nothing(org):
    competitor = CompetitorFactory(name="Acme")
    rename_competitor(actor=org.rep, competitor_id=competitor.pk, name="Acme")
    assert not AuditEvent.objects.filter(record_id=competitor.pk).exists()


def test_a_deletion_records_what_the_record_held(org):
    competitor = CompetitorFactory(name="Gone Ltd", website="")
    forget_competitor(actor=org.sales_ops, competitor_id=competitor.pk)
    (event,) = AuditEvent.objects.filter(record_type="accounts.competitor", record_id=competitor.pk)
    assert event.action == "delete"
    assert event.changes == {"name": ["Gone Ltd", None]}


def test_a_failed_operation_leaves_no_event_and_no_row(org):
    with pytest.raises(RuntimeError):
        name_and_fail(actor=org.rep, name="Half Done")
    assert not Competitor.objects.filter(name="Half Done").exists()
    assert not AuditEvent.objects.exists()


def test_operations_called_by_an_operation_share_its_name_and_id(org):
    name_two(actor=org.rep, first="One", second="Two")
    events = list(AuditEvent.objects.order_by("id"))
    assert [event.operation for event in events] == ["name_two", "name_two"]
    assert events[0].operation_id == events[1].operation_id


def test_each_outermost_operation_gets_its_own_id(org):
    name_competitor(actor=org.rep, name="One")
    name_competitor(actor=org.rep, name="Two")
    assert AuditEvent.objects.values("operation_id").distinct().count() == 2


def test_an_event_outside_an_operation_is_refused(org):
    competitor = CompetitorFactory()
    with pytest.raises(RuntimeError, match="@service"):
        record_created(competitor, actor=org.rep)


def test_the_interface_names_the_source_and_request(org):
    with audit_source("import", request_id="batch-7"):
        competitor = name_competitor(actor=org.sales_ops, name="Imported")
    event = AuditEvent.objects.get(record_id=competitor.pk)
    assert (event.source, event.request_id) == ("import", "batch-7")
    assert current_source() == "system"


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError, match="carrier pigeon"), audit_source("carrier pigeon"):
        pass


def test_a_page_request_is_recorded_as_the_web_with_its_request_id(org):
    # given a view that runs an operation, behind the middleware
    def view(request):
        name_competitor(actor=org.rep, name="From a page")
        return

    request = RequestFactory().post("/", HTTP_X_REQUEST_ID="req-123")
    # when
    AuditSourceMiddleware(view)(request)
    # then
    competitor = Competitor.objects.get(name="From a page")
    event = AuditEvent.objects.get(record_id=competitor.pk)
    assert (event.source, event.request_id) == ("web", "req-123")


def test_a_password_is_never_in_the_trail(org):
    assert "password" not in snapshot(org.rep)
    assert "last_login" not in snapshot(org.rep)


def test_the_trail_cannot_be_changed_or_deleted_through_the_orm(org):
    name_competitor(actor=org.rep, name="Kept")
    event = AuditEvent.objects.get()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    event.action = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_the_database_refuses_to_change_an_event(org):
    name_competitor(actor=org.rep, name="Kept")
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET action = 'forged'")  # noqa: S608 (fixed name)
    assert AuditEvent.objects.get().action == "create"


def test_the_suite_wide_check_catches_a_write_without_its_event(org):
    # A control: the observer must fail an operation that forgets its event.
    with pytest.raises(UnauditedWrite, match="accounts_competitor"):
        name_without_event(actor=org.rep, name="Silent")


def test_a_timeline_reads_values_as_people_do(org):
    # given an account whose owner changed, through an operation
    account = AccountFactory(owner=org.rep, lifecycle="prospect", country="TH")

    @service
    def give_to_rep2(*, actor):
        before = snapshot(account)
        account.owner = org.rep2
        account.lifecycle = "customer"
        account.save()
        record_changed(account, actor=actor, before=before)

    give_to_rep2(actor=org.manager)
    # when
    (entry,) = timeline(record_events(account))
    # then
    changes = {change.field: (change.old, change.new) for change in entry.changes}
    assert changes["owner"] == (str(org.rep), str(org.rep2))
    assert changes["lifecycle"] == ("Prospect", "Customer")
    assert entry.action_label == "changed"
    assert entry.record_label == "account"


def test_patron_audit_prints_the_trail_as_json(org):
    competitor = name_competitor(actor=org.rep, name="Acme")
    result = CliRunner().invoke(
        app, ["audit", "--object", f"competitor:{competitor.pk}", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert row["record_type"] == "accounts.competitor"
    assert row["actor"] == "rep"
    assert row["changes"] == {"name": [None, "Acme"]}
    uuid.UUID(row["operation_id"])


def test_patron_audit_filters_by_user_and_refuses_an_unknown_one(org):
    name_competitor(actor=org.rep, name="By rep")
    name_competitor(actor=org.manager, name="By manager")
    result = CliRunner().invoke(app, ["audit", "--user", "manager", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2  # the header and the manager's event
    assert "By manager" in lines[1]
    unknown = CliRunner().invoke(app, ["audit", "--user", "nobody"])
    assert unknown.exit_code != 0
    assert "nobody" in unknown.output


def test_the_whole_trail_is_for_those_who_see_everything(org):
    name_competitor(actor=org.rep, name="Acme")
    for persona in ("sales_ops", "admin", "executive"):
        assert AuditEvent.objects.visible_to(getattr(org, persona)).count() == 1, persona
    for persona in ("rep", "manager", "director", "service_agent"):
        assert not AuditEvent.objects.visible_to(getattr(org, persona)).exists(), persona

"""Fault injection: a service that fails half-way leaves nothing behind.

QUALITY.md: "raise after the k-th write inside each service → 0 partial effects". For
each service below, a first run counts the SQL writes it makes (INSERT, UPDATE,
DELETE), N of them. Then, for every k from 1 to N, the same records are set up again,
every row of every table is read, and the service runs with a fault injected just
before its k-th write: the fault must reach the caller and every table must read
exactly as before. Each run happens in a savepoint rolled back afterwards, so the runs
start from the same database.

Why every table, not `patron.bulk.checksums.table_checksums()`: that covers only the
tables and columns the demo generator fills (no company settings, no auth or admin
tables), and a partial effect may land anywhere. Rows are compared as sorted text,
so a leak is reported as the rows it added or removed.

Two controls prove the check can fail: a function that makes two writes without a
transaction, and a real service run without its `transaction.atomic`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.db import connection, transaction

from patron.accounts.choices import AccountTeamRole, Lifecycle
from patron.accounts.models import Account
from patron.accounts.services.lifecycle import mark_account_churned
from patron.accounts.services.team import add_account_team_member, handoff_account
from patron.catalog.models import BillingPeriod
from patron.catalog.pricing import LineInput as DealLineInput
from patron.core import operations
from patron.core.money import Money
from patron.orders.choices import OrderStatus
from patron.orders.services.invoices import issue_invoice, record_payment, void_invoice
from patron.orders.services.orders import LineInput as OrderLineInput
from patron.orders.services.orders import cancel_order, confirm_order, create_order
from patron.pipeline.models import Opportunity
from patron.pipeline.services.conversion import convert_lead
from patron.pipeline.services.lines import set_opportunity_lines
from patron.pipeline.services.opportunities import create_opportunity
from patron.pipeline.services.stages import (
    lose_opportunity,
    move_opportunity_stage,
    reopen_opportunity,
    win_opportunity,
)
from patron.service.choices import CasePriority, CaseStatus
from patron.service.services.cases import open_case, reopen_case, resolve_case, respond_to_case
from tests.conftest import Org
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory, CompetitorFactory
from tests.factories.catalog import ProductFactory
from tests.factories.orders import SalesOrderFactory
from tests.factories.pipeline import CampaignFactory, LeadFactory, default_pipeline, stage
from tests.factories.service import CaseFactory, SlaPolicyFactory

# Tuesday 10 March 2026, noon UTC.
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
OPENED = dt.date(2026, 2, 2)
CLOSE = dt.date(2026, 4, 30)
ORDERED = dt.date(2026, 3, 2)

WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})
# Statements that are not writes: reads (SELECT … FOR UPDATE included) and savepoints.
# Any other statement is reported, so a write in an unexpected form is not missed.
NOT_WRITES = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK"})


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


class InjectedFault(Exception):
    """Raised in place of the k-th write; nothing in Patron may catch it."""


@dataclass
class Statements:
    """An execute wrapper that records write statements and, when `fail_at` is k,
    raises InjectedFault instead of executing the k-th one."""

    fail_at: int | None = None
    writes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        keyword = sql.lstrip().split(None, 1)[0].upper()
        if keyword in WRITES:
            self.writes.append(sql)
            if len(self.writes) == self.fail_at:
                raise InjectedFault(f"fault before write {self.fail_at}: {sql[:80]}")
        elif keyword not in NOT_WRITES:
            self.unknown.append(sql)
        return execute(sql, params, many, context)


def database_state() -> dict[str, list[str]]:
    """Every row of every table, as sorted text, by table."""
    state = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            # Names come from the database's own catalogue, never from input.
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            state[table] = sorted(repr(row) for row in cursor.fetchall())
    return state


def differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """What changed, table by table: rows added (+) and rows removed (-)."""
    changes = []
    for table in sorted(before.keys() | after.keys()):
        old, new = Counter(before.get(table, [])), Counter(after.get(table, []))
        added, removed = list((new - old).elements()), list((old - new).elements())
        if added or removed:
            changes.append(f"{table}: +{added} -{removed}")
    return changes


@dataclass
class Outcome:
    writes: list[str]
    problems: dict[int, list[str]]  # k → what went wrong when the k-th write failed
    unknown: list[str]


Arrange = Callable[[Org], Callable[[], object]]


def inject_faults(org: Org, arrange: Arrange) -> Outcome:
    """Count the writes of the operation `arrange(org)` returns, then fail it before
    each of them in turn and record, for every k, any effect it left."""
    with transaction.atomic():
        operation = arrange(org)
        counting = Statements()
        with connection.execute_wrapper(counting):
            operation()
        transaction.set_rollback(True)
    problems: dict[int, list[str]] = {}
    for k in range(1, len(counting.writes) + 1):
        with transaction.atomic():
            operation = arrange(org)
            before = database_state()
            injecting = Statements(fail_at=k)
            try:
                with connection.execute_wrapper(injecting):
                    operation()
            except InjectedFault:
                found = []
            else:
                found = ["the fault did not reach the caller"]
            if injecting.writes[: k - 1] != counting.writes[: k - 1]:
                found.append("the writes before the k-th differ from the counting run")
            # Django marks this block for rollback when the fault escapes a query made
            # outside any atomic block of the operation: read what such a query would
            # have left behind (nothing failed in the database: the fault came first).
            transaction.set_rollback(False)
            found += differences(before, database_state())
            if found:
                failing = injecting.writes[k - 1] if len(injecting.writes) >= k else "nothing"
                problems[k] = [f"failing {failing[:100]!r}", *found]
            transaction.set_rollback(True)
    return Outcome(counting.writes, problems, counting.unknown)


# Set-ups: each creates the records one operation needs and returns that operation.


def usd(text: str) -> Money:
    return Money(Decimal(text), "USD")


def prospect(org: Org) -> Account:
    return AccountFactory(owner=org.rep, name="Siam Cement", lifecycle=Lifecycle.PROSPECT)


def customer(org: Org) -> Account:
    """A customer since June 2025 with the account manager on its team."""
    account = AccountFactory(
        owner=org.rep,
        name="Siam Cement",
        lifecycle=Lifecycle.CUSTOMER,
        customer_since=dt.date(2025, 6, 1),
    )
    AccountTeamMemberFactory(
        account=account, user=org.account_manager, role=AccountTeamRole.ACCOUNT_MANAGER
    )
    return account


def deal(org: Org) -> Opportunity:
    """A 50,000.00 USD deal of the rep on a prospect, created through the service."""
    default_pipeline()
    return create_opportunity(
        actor=org.rep,
        account_id=prospect(org).pk,
        name="Cement plant ERP",
        close_date=CLOSE,
        amount=usd("50000.00"),
        opened_on=OPENED,
    )


def arrange_convert_lead(org: Org) -> Callable[[], object]:
    default_pipeline()
    lead = LeadFactory(
        owner=org.rep,
        company="Thai Oil",
        email="somchai@thaioil.example",
        country="TH",
        source="campaign",
        campaign=CampaignFactory(),
    )
    return lambda: convert_lead(
        actor=org.rep, lead_id=lead.pk, version=1, close_date=CLOSE, amount=usd("80000.00")
    )


def arrange_create_opportunity(org: Org) -> Callable[[], object]:
    default_pipeline()
    account = prospect(org)
    return lambda: create_opportunity(
        actor=org.rep,
        account_id=account.pk,
        name="Cement plant ERP",
        close_date=CLOSE,
        amount=usd("50000.00"),
        opened_on=OPENED,
    )


def arrange_move_opportunity_stage(org: Org) -> Callable[[], object]:
    opportunity = deal(org)
    return lambda: move_opportunity_stage(
        actor=org.rep,
        opportunity_id=opportunity.pk,
        version=1,
        stage_id=stage("Negotiation").pk,
    )


def arrange_win_opportunity(org: Org) -> Callable[[], object]:
    opportunity = deal(org)  # on a prospect: winning also makes it a customer
    return lambda: win_opportunity(
        actor=org.rep, opportunity_id=opportunity.pk, version=1, won_on=dt.date(2026, 3, 5)
    )


def arrange_lose_opportunity(org: Org) -> Callable[[], object]:
    opportunity = deal(org)
    competitor = CompetitorFactory()
    return lambda: lose_opportunity(
        actor=org.rep,
        opportunity_id=opportunity.pk,
        version=1,
        loss_reason="competitor",
        competitor_id=competitor.pk,
        note="Cheaper rollout",
        lost_on=dt.date(2026, 3, 5),
    )


def arrange_reopen_opportunity(org: Org) -> Callable[[], object]:
    opportunity = deal(org)
    win_opportunity(
        actor=org.rep, opportunity_id=opportunity.pk, version=1, won_on=dt.date(2026, 3, 5)
    )
    return lambda: reopen_opportunity(actor=org.rep, opportunity_id=opportunity.pk, version=2)


def arrange_set_opportunity_lines(org: Org) -> Callable[[], object]:
    opportunity = deal(org)
    licence = ProductFactory(currency="USD", list_price_minor=100_000)
    support = ProductFactory(
        currency="USD", list_price_minor=25_000, billing_period=BillingPeriod.ANNUAL
    )
    set_opportunity_lines(
        actor=org.rep,
        opportunity_id=opportunity.pk,
        version=1,
        lines=[DealLineInput(product_id=licence.pk)],
    )
    # Replacing lines deletes the old ones, inserts the new, changes amount and history.
    return lambda: set_opportunity_lines(
        actor=org.rep,
        opportunity_id=opportunity.pk,
        version=2,
        lines=[
            DealLineInput(product_id=licence.pk, quantity=3, discount_percent=Decimal("10")),
            DealLineInput(product_id=support.pk, quantity=2),
        ],
    )


def arrange_handoff_account(org: Org) -> Callable[[], object]:
    account = customer(org)  # the AM is on the team already: one update, one insert
    return lambda: handoff_account(
        actor=org.rep,
        account_id=account.pk,
        version=1,
        to_user_id=org.account_manager.pk,
        note="Renewal in March; the CFO is the economic buyer.",
        handed_off_on=dt.date(2026, 3, 9),
    )


def arrange_add_account_team_member(org: Org) -> Callable[[], object]:
    account = customer(org)
    return lambda: add_account_team_member(
        actor=org.rep, account_id=account.pk, user_id=org.rep2.pk, role="solutions_engineer"
    )


def arrange_mark_account_churned(org: Org) -> Callable[[], object]:
    account = customer(org)
    return lambda: mark_account_churned(
        actor=org.rep,
        account_id=account.pk,
        version=1,
        churned_on=dt.date(2026, 2, 28),
        reason="competitor",
    )


def arrange_create_order(org: Org) -> Callable[[], object]:
    account = customer(org)
    licence = ProductFactory(currency="USD", list_price_minor=100_000)
    training = ProductFactory(currency="USD", list_price_minor=25_000)
    return lambda: create_order(
        actor=org.rep,
        account_id=account.pk,
        currency="USD",
        lines=[
            OrderLineInput(product_id=licence.pk, quantity=3, discount_percent=Decimal("12.5")),
            OrderLineInput(product_id=training.pk, quantity=2),
        ],
        order_date=ORDERED,
    )


def arrange_confirm_order(org: Org) -> Callable[[], object]:
    draft = SalesOrderFactory(
        account=customer(org), status=OrderStatus.DRAFT, confirmed_at=None, order_date=ORDERED
    )
    return lambda: confirm_order(actor=org.rep, order_id=draft.pk, version=1)


def arrange_issue_invoice(org: Org) -> Callable[[], object]:
    order = SalesOrderFactory(account=customer(org), total_minor=100_000, order_date=ORDERED)
    return lambda: issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=TODAY)


def arrange_record_payment(org: Org) -> Callable[[], object]:
    order = SalesOrderFactory(account=customer(org), total_minor=100_000, order_date=ORDERED)
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=TODAY)
    # Paying the whole invoice also marks it and its order paid.
    return lambda: record_payment(
        actor=org.rep, invoice_id=invoice.pk, amount=usd("1000.00"), paid_on=TODAY
    )


def arrange_cancel_order(org: Org) -> Callable[[], object]:
    order = SalesOrderFactory(account=customer(org), total_minor=100_000, order_date=ORDERED)
    return lambda: cancel_order(
        actor=org.rep, order_id=order.pk, version=1, reason="Customer changed its mind"
    )


def arrange_void_invoice(org: Org) -> Callable[[], object]:
    order = SalesOrderFactory(account=customer(org), total_minor=100_000, order_date=ORDERED)
    invoice = issue_invoice(actor=org.rep, order_id=order.pk, version=1, issue_date=TODAY)
    # The invoice completed the order: voiding it also moves the order back.
    return lambda: void_invoice(actor=org.rep, invoice_id=invoice.pk, version=1)


def arrange_open_case(org: Org) -> Callable[[], object]:
    account = customer(org)
    SlaPolicyFactory(priority=CasePriority.HIGH, first_response_minutes=60, resolution_minutes=480)
    return lambda: open_case(
        actor=org.service_agent,
        account_id=account.pk,
        subject="Invoices show the wrong tax id",
        priority=CasePriority.HIGH,
    )


def arrange_respond_to_case(org: Org) -> Callable[[], object]:
    case = CaseFactory(account=customer(org))
    return lambda: respond_to_case(actor=org.service_agent, case_id=case.pk, version=1)


def arrange_resolve_case(org: Org) -> Callable[[], object]:
    case = CaseFactory(account=customer(org), status=CaseStatus.OPEN)
    return lambda: resolve_case(
        actor=org.service_agent, case_id=case.pk, version=1, resolution="Restarted the server"
    )


def arrange_reopen_case(org: Org) -> Callable[[], object]:
    case = CaseFactory(
        account=customer(org),
        status=CaseStatus.RESOLVED,
        first_response_at=dt.datetime(2026, 3, 2, 9, 10, tzinfo=dt.UTC),
        resolved_at=dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.UTC),
        resolution="Restarted the server",
    )
    return lambda: reopen_case(actor=org.service_agent, case_id=case.pk, version=1)


@dataclass(frozen=True)
class Service:
    name: str
    arrange: Arrange
    # A service whose whole effect is one statement: failing before it proves only that
    # the fault reaches the caller. Declared, so a second write makes the test ask for
    # the declaration to go (and the N ≥ 2 check to guard it).
    single_write: bool = False


SERVICES = [
    Service("convert_lead", arrange_convert_lead),
    Service("create_opportunity", arrange_create_opportunity),
    Service("move_opportunity_stage", arrange_move_opportunity_stage),
    Service("win_opportunity", arrange_win_opportunity),
    Service("lose_opportunity", arrange_lose_opportunity),
    Service("reopen_opportunity", arrange_reopen_opportunity),
    Service("set_opportunity_lines", arrange_set_opportunity_lines),
    Service("handoff_account", arrange_handoff_account),
    Service("add_account_team_member", arrange_add_account_team_member),
    Service("mark_account_churned", arrange_mark_account_churned),
    Service("create_order", arrange_create_order),
    Service("confirm_order", arrange_confirm_order),
    Service("issue_invoice", arrange_issue_invoice),
    Service("record_payment", arrange_record_payment),
    Service("cancel_order", arrange_cancel_order),
    Service("void_invoice", arrange_void_invoice),
    Service("open_case", arrange_open_case),
    Service("respond_to_case", arrange_respond_to_case),
    Service("resolve_case", arrange_resolve_case),
    Service("reopen_case", arrange_reopen_case),
]


@pytest.mark.parametrize("service", SERVICES, ids=[service.name for service in SERVICES])
def test_a_fault_before_any_write_leaves_no_partial_effect(org, service):
    # when
    outcome = inject_faults(org, service.arrange)
    # then
    assert outcome.unknown == [], "statements neither read, savepoint nor counted write"
    writes = len(outcome.writes)
    if service.single_write:
        assert writes == 1, f"{service.name} now makes {writes} writes: drop single_write"
    else:
        assert writes >= 2, f"{service.name} makes {writes} write(s): the test proves little"
    leaks = "\n".join(f"k={k}: {'; '.join(found)}" for k, found in outcome.problems.items())
    assert not leaks, f"{service.name} ({writes} writes) left partial effects:\n{leaks}"


# Controls: the same check on operations that are not atomic must find their leftovers.


def rename_then_move_without_a_transaction(account_id: int) -> None:
    """Deliberately broken: two writes, no transaction around them."""
    Account.objects.filter(pk=account_id).update(name="Siam Cement Group")
    Account.objects.filter(pk=account_id).update(city="Bangkok")


def arrange_broken_operation(org: Org) -> Callable[[], object]:
    account = prospect(org)
    return lambda: rename_then_move_without_a_transaction(account.pk)


def test_the_check_finds_the_first_write_of_a_function_without_a_transaction(org):
    outcome = inject_faults(org, arrange_broken_operation)
    # then: failing the second write leaves the first; failing the first leaves nothing
    assert len(outcome.writes) == 2
    assert list(outcome.problems) == [2]
    assert any("Siam Cement Group" in line for line in outcome.problems[2])


def arrange_win_without_its_transaction(org: Org) -> Callable[[], object]:
    opportunity = deal(org)
    # `@service` keeps the undecorated function here: run it as the operation would,
    # named for the audit trail, but without the operation's transaction.
    unprotected = win_opportunity.__wrapped__

    def run() -> object:
        token = operations._OPERATION.set(operations.Operation("win_opportunity", uuid.uuid4()))
        try:
            return unprotected(
                actor=org.rep, opportunity_id=opportunity.pk, version=1, won_on=dt.date(2026, 3, 5)
            )
        finally:
            operations._OPERATION.reset(token)

    return run


def test_the_check_finds_what_a_service_without_its_transaction_leaves(org):
    outcome = inject_faults(org, arrange_win_without_its_transaction)
    # then: the writes are the deal, its history row, its audit event, and the account
    # update with its event (in their own operation's atomic block). Every fault after
    # the first write leaves the earlier ones behind.
    assert len(outcome.writes) == 5
    assert list(outcome.problems) == [2, 3, 4, 5]

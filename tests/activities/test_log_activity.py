import datetime as dt

import pytest

from patron.activities.choices import ActivityKind, ActivityOutcome, ActivityStatus
from patron.activities.services.activities import log_activity
from patron.core.errors import Forbidden, NotVisible, RuleViolation
from tests.activities.conftest import NOW, YESTERDAY, events, refused
from tests.factories.accounts import AccountFactory, ContactFactory
from tests.factories.pipeline import OpportunityFactory
from tests.factories.service import CaseFactory


def test_a_completed_call_is_logged_and_touches_its_contacts(org, account, contact, deal):
    # when
    activity = log_activity(
        actor=org.rep,
        kind=ActivityKind.CALL,
        subject="  Pricing follow-up ",
        account_id=account.pk,
        contact_ids=[contact.pk],
        opportunity_id=deal.pk,
        starts_at=YESTERDAY,
        duration_minutes=25,
        completed=True,
        outcome=ActivityOutcome.POSITIVE,
    )
    # then
    activity.refresh_from_db()
    assert (activity.subject, activity.account, activity.opportunity, activity.owner) == (
        "Pricing follow-up",
        account,
        deal,
        org.rep,
    )
    assert (activity.status, activity.completed_at, activity.outcome) == (
        ActivityStatus.COMPLETED,
        NOW,
        ActivityOutcome.POSITIVE,
    )
    assert list(activity.contacts.all()) == [contact]
    contact.refresh_from_db()
    assert contact.last_touched_at == YESTERDAY
    assert contact.version == 1  # a touch is kept by the system: no one's edit goes stale
    (created,) = events(activity)
    assert created.action == "create"
    assert created.changes["subject"] == [None, "Pricing follow-up"]
    assert created.changes["status"] == [None, "completed"]
    assert created.changes["contacts"] == [contact.pk]
    (touch,) = events(contact)
    assert (touch.action, touch.changes["last_touched_at"], touch.changes["activity"]) == (
        "touch",
        [None, YESTERDAY.isoformat()],
        activity.pk,
    )


def test_a_planned_meeting_touches_nobody_yet(org, account, contact):
    activity = log_activity(
        actor=org.rep,
        kind=ActivityKind.MEETING,
        subject="Quarterly review",
        contact_ids=[contact.pk],
        starts_at=NOW + dt.timedelta(days=3),
    )
    contact.refresh_from_db()
    assert (activity.status, activity.completed_at, activity.account) == (
        ActivityStatus.PLANNED,
        None,
        account,
    )
    assert contact.last_touched_at is None
    assert events(contact) == []


def test_the_account_comes_from_the_deal_or_the_case(org, account, deal):
    from_deal = log_activity(actor=org.rep, kind="demo", subject="Demo", opportunity_id=deal.pk)
    case = CaseFactory(account=account)
    from_case = log_activity(
        actor=org.service_agent, kind="visit", subject="On site", case_id=case.pk
    )
    assert (from_deal.account, from_case.account, from_case.owner) == (
        account,
        account,
        org.service_agent,
    )


def test_a_task_may_stand_alone_but_needs_a_due_date(org):
    task = log_activity(
        actor=org.rep, kind="task", subject="Prepare QBR deck", due_at=NOW + dt.timedelta(days=2)
    )
    assert (task.account, task.due_at, task.status) == (
        None,
        NOW + dt.timedelta(days=2),
        ActivityStatus.PLANNED,
    )
    error = refused(RuleViolation, log_activity, actor=org.rep, kind="task", subject="Call back")
    assert (error.field, error.code) == ("due_at", "required")


def test_a_note_is_complete_when_written(org, account):
    note = log_activity(actor=org.rep, kind="note", subject="Budget frozen", account_id=account.pk)
    assert (note.status, note.completed_at) == (ActivityStatus.COMPLETED, NOW)


def test_a_touch_never_moves_back(org, account, contact):
    contact.last_touched_at = NOW
    contact.save()
    log_activity(
        actor=org.rep,
        kind="call",
        subject="Late entry",
        contact_ids=[contact.pk],
        starts_at=YESTERDAY,
        completed=True,
    )
    contact.refresh_from_db()
    assert contact.last_touched_at == NOW
    assert events(contact) == []


def test_a_manager_logs_for_their_rep_and_the_team_member_for_themselves(org, account):
    for_rep = log_activity(
        actor=org.manager, kind="call", subject="x", account_id=account.pk, owner_id=org.rep.pk
    )
    by_member = log_activity(
        actor=org.account_manager, kind="email", subject="y", account_id=account.pk
    )
    assert (for_rep.owner, by_member.owner) == (org.rep, org.account_manager)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"kind": "fax"}, "kind", "unknown_choice"),
        ({"subject": "  "}, "subject", "required"),
        ({"subject": "x" * 256}, "subject", "too_long"),
        ({"duration_minutes": -5}, "duration_minutes", "out_of_range"),
        ({"outcome": "positive"}, "outcome", "not_completed"),
        ({"outcome": "great", "completed": True}, "outcome", "unknown_choice"),
        (
            {"completed": True, "starts_at": NOW + dt.timedelta(hours=1)},
            "starts_at",
            "in_future",
        ),
    ],
)
def test_bad_values_are_refused(org, account, kwargs, field, code):
    values = {"kind": "call", "subject": "Call", "account_id": account.pk, **kwargs}
    error = refused(RuleViolation, log_activity, actor=org.rep, **values)
    assert (error.field, error.code) == (field, code)


def test_an_activity_is_about_something(org):
    error = refused(RuleViolation, log_activity, actor=org.rep, kind="call", subject="Who?")
    assert (error.field, error.code) == ("account", "nothing_linked")


def test_contacts_and_deals_of_another_account_are_refused(org, account):
    other = AccountFactory(owner=org.rep)
    for kwargs, field in (
        ({"contact_ids": [ContactFactory(account=other).pk]}, "contact_ids"),
        ({"opportunity_id": OpportunityFactory(account=other).pk}, "opportunity"),
        ({"case_id": CaseFactory(account=other).pk}, "case"),
    ):
        error = refused(
            RuleViolation,
            log_activity,
            actor=org.rep,
            kind="call",
            subject="Mixed up",
            account_id=account.pk,
            **kwargs,
        )
        assert (error.field, error.code) == (field, "other_account")


def test_what_the_actor_cannot_see_does_not_exist(org, account):
    hidden = AccountFactory(owner=org.peer_rep)
    for kwargs in (
        {"account_id": hidden.pk},
        {"contact_ids": [ContactFactory(account=hidden).pk]},
        {"opportunity_id": OpportunityFactory(account=hidden).pk},
    ):
        refused(NotVisible, log_activity, actor=org.rep, kind="call", subject="x", **kwargs)


def test_a_service_agent_serves_accounts_but_sees_no_deals(org, account, deal):
    logged = log_activity(
        actor=org.service_agent, kind="call", subject="Support call", account_id=account.pk
    )
    assert logged.owner == org.service_agent
    refused(
        NotVisible,
        log_activity,
        actor=org.service_agent,
        kind="call",
        subject="x",
        opportunity_id=deal.pk,
    )
    refused(
        Forbidden,
        log_activity,
        actor=org.service_agent,
        kind="call",
        subject="x",
        account_id=account.pk,
        owner_id=org.rep.pk,
    )


@pytest.mark.parametrize(("persona", "owner"), [("executive", None), ("rep", "peer_rep")])
def test_who_may_not_log_for_whom(org, account, persona, owner):
    owner_id = None if owner is None else getattr(org, owner).pk
    refused(
        Forbidden,
        log_activity,
        actor=getattr(org, persona),
        kind="call",
        subject="x",
        account_id=account.pk,
        owner_id=owner_id,
    )


def test_only_sellers_own_activities_logged_for_them(org, account):
    error = refused(
        RuleViolation,
        log_activity,
        actor=org.sales_ops,
        kind="call",
        subject="x",
        account_id=account.pk,
        owner_id=org.executive.pk,
    )
    assert (error.field, error.code) == ("owner", "cannot_own")

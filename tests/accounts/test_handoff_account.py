import datetime as dt

import pytest

from patron.accounts.choices import Lifecycle
from patron.accounts.models import Account, AccountTeamMember, Handoff
from patron.accounts.services.accounts import update_account
from patron.accounts.services.team import handoff_account
from patron.core.errors import RuleViolation, StaleVersion
from tests.accounts.conftest import CUSTOMER_SINCE, TODAY, WRITE_REFUSALS, audit_trail, refused
from tests.factories.accounts import AccountFactory
from tests.factories.org import UserFactory


def team_of(account: Account) -> set[tuple[str, str]]:
    return set(
        AccountTeamMember.objects.filter(account=account).values_list("user__username", "role")
    )


def test_the_ae_hands_a_won_account_to_an_account_manager(org):
    # given: a new customer of the rep; the AM is not on its team yet
    account = AccountFactory(
        owner=org.rep, lifecycle=Lifecycle.CUSTOMER, customer_since=dt.date(2026, 3, 2)
    )
    # when
    handoff = handoff_account(
        actor=org.rep,
        account_id=account.pk,
        version=1,
        to_user_id=org.account_manager.pk,
        note="  Renewal in March; CFO is the economic buyer. ",
        handed_off_on=dt.date(2026, 3, 9),
    )
    # then
    handoff.refresh_from_db()
    assert (handoff.account, handoff.from_user, handoff.to_user, handoff.created_by) == (
        account,
        org.rep,
        org.account_manager,
        org.rep,
    )
    assert (handoff.handed_off_on, handoff.note) == (
        dt.date(2026, 3, 9),
        "Renewal in March; CFO is the economic buyer.",
    )
    account.refresh_from_db()
    assert (account.owner, account.version) == (org.account_manager, 2)
    assert (account.lifecycle, account.customer_since) == ("customer", dt.date(2026, 3, 2))
    assert team_of(account) == {("rep", "account_executive"), ("am", "account_manager")}
    # the AE keeps seeing the account through the team
    assert account in Account.objects.visible_to(org.rep)
    # the trail: the account's handoff with its note, the handoff, both memberships
    note = "Renewal in March; CFO is the economic buyer."
    assert audit_trail(account) == [
        (
            "handoff",
            {"owner": [org.rep.pk, org.account_manager.pk], "note": note},
            org.rep.pk,
            "handoff_account",
        )
    ]
    assert [event[0] for event in audit_trail(handoff)] == ["create"]
    assert audit_trail(handoff)[0][1]["note"] == [None, note]
    members = AccountTeamMember.objects.filter(account=account).order_by("user__username")
    assert [audit_trail(member)[0][:2] for member in members] == [
        (
            "create",
            {
                "account": [None, account.pk],
                "user": [None, org.account_manager.pk],
                "role": [None, "account_manager"],
            },
        ),
        (
            "create",
            {
                "account": [None, account.pk],
                "user": [None, org.rep.pk],
                "role": [None, "account_executive"],
            },
        ),
    ]


def test_an_existing_membership_takes_the_handoff_role(org, customer):
    # given: the AM is already on the team as account manager; make the rep a sponsor
    customer.team_members.create(user=org.rep, role="executive_sponsor")
    # when
    handoff_account(
        actor=org.manager,
        account_id=customer.pk,
        version=1,
        to_user_id=org.account_manager.pk,
        note="Key account",
    )
    # then: one membership each, with the handoff roles; the date is today
    assert team_of(customer) == {("rep", "account_executive"), ("am", "account_manager")}
    assert Handoff.objects.get().handed_off_on == TODAY
    sponsor = customer.team_members.get(user=org.rep)
    assert [event[:2] for event in audit_trail(sponsor)] == [
        ("update", {"role": ["executive_sponsor", "account_executive"]})
    ]


def test_a_prospect_stays_a_prospect(org):
    prospect = AccountFactory(owner=org.rep)
    handoff_account(
        actor=org.rep,
        account_id=prospect.pk,
        version=1,
        to_user_id=org.account_manager.pk,
        note="Inbound interest",
    )
    prospect.refresh_from_db()
    assert (prospect.lifecycle, prospect.customer_since) == (Lifecycle.PROSPECT, None)


def test_the_lifecycle_of_a_customer_is_left_as_it_is(org, customer):
    handoff_account(
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        to_user_id=org.account_manager.pk,
        note="Hand over",
    )
    customer.refresh_from_db()
    assert (customer.lifecycle, customer.customer_since) == ("customer", CUSTOMER_SINCE)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"note": "  "}, "note", "required"),
        ({"note": "x" * 10_001}, "note", "too_long"),
        ({"to_user": "rep"}, "to_user", "same_owner"),
        ({"to_user": "service_agent"}, "to_user", "cannot_own"),
        ({"to_user": "executive"}, "to_user", "cannot_own"),
        ({"handed_off_on": dt.date(2026, 3, 11)}, "handed_off_on", "in_future"),
    ],
)
def test_invalid_handoffs_are_refused_by_field(org, customer, changes, field, code):
    arguments = {"note": "Hand over", "to_user": "account_manager", **changes}
    error = refused(
        RuleViolation,
        handoff_account,
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        to_user_id=getattr(org, arguments.pop("to_user")).pk,
        **arguments,
    )
    assert (error.field, error.code) == (field, code)


def test_an_inactive_recipient_is_refused(org, customer):
    gone = UserFactory(username="gone", is_active=False)
    error = refused(
        RuleViolation,
        handoff_account,
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        to_user_id=gone.pk,
        note="Hand over",
    )
    assert (error.field, error.code) == ("to_user", "unknown_user")


def test_a_stale_version_is_refused(org, customer):
    update_account(actor=org.rep, account_id=customer.pk, version=1, tier="A")
    refused(
        StaleVersion,
        handoff_account,
        actor=org.rep,
        account_id=customer.pk,
        version=1,
        to_user_id=org.account_manager.pk,
        note="Hand over",
    )


@WRITE_REFUSALS
def test_only_people_who_may_change_the_account_hand_it_off(org, customer, persona, error_type):
    refused(
        error_type,
        handoff_account,
        actor=getattr(org, persona),
        account_id=customer.pk,
        version=1,
        to_user_id=org.rep2.pk,
        note="Hand over",
    )

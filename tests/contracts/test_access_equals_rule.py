"""The access tables are the visibility rule, after any sequence of changes.

Visibility is defined once, by the reporting tree (`org.visibility`): a seller sees
what they and everyone below them own, the accounts whose team one of them sits on,
and every deal of those accounts. Pages read it from access tables kept by the
services (decision 0021). Hypothesis draws sequences of the changes that move
visibility — account handoffs, account-team changes, deal reassignments, people moved
between teams and managers, teams moved or given another manager, new accounts and
deals — runs them through the services, and then compares, for every person, what
`visible_to` returns with what the rule computed directly gives. Runs on SQLite and,
in CI, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patron.accounts.models import Account
from patron.accounts.querysets import visible_account_ids_by_rule
from patron.accounts.services.accounts import create_account
from patron.accounts.services.team import (
    add_account_team_member,
    handoff_account,
    remove_account_team_member,
)
from patron.core.errors import DomainError
from patron.core.money import Money
from patron.org.choices import Role
from patron.org.models import Team, User
from patron.org.services.teams import update_team
from patron.org.services.users import update_user
from patron.pipeline.access import access_differences
from patron.pipeline.models import Opportunity
from patron.pipeline.querysets import opportunity_condition_by_rule
from patron.pipeline.services.opportunities import create_opportunity, reassign_opportunity
from tests.factories.accounts import AccountFactory, AccountTeamMemberFactory
from tests.factories.org import TeamFactory, UserFactory
from tests.factories.pipeline import OpportunityFactory, default_pipeline

SELLERS = 8  # directors, managers, reps and account managers: indexes 0..7
TEAMS = 4
ACCOUNTS = 4
DEALS = 6

seller = st.integers(0, SELLERS - 1)
seller_or_none = st.one_of(st.none(), seller)
team = st.integers(0, TEAMS - 1)
team_or_none = st.one_of(st.none(), team)
account = st.integers(0, ACCOUNTS - 1)
deal = st.integers(0, DEALS - 1)

STEPS = st.one_of(
    st.tuples(st.just("handoff"), account, seller),
    st.tuples(st.just("add member"), account, seller),
    st.tuples(st.just("remove member"), account, seller),
    st.tuples(st.just("reassign deal"), deal, seller),
    st.tuples(st.just("move to team"), seller, team_or_none),
    st.tuples(st.just("new manager"), seller, seller_or_none),
    st.tuples(st.just("move team"), team, team_or_none),
    st.tuples(st.just("team manager"), team, seller_or_none),
    st.tuples(st.just("new account"), seller, st.none()),
    st.tuples(st.just("new deal"), account, seller),
)


class World:
    """A small company built directly (fixtures), changed only through services."""

    def __init__(self) -> None:
        roles = [Role.SALES_MANAGER] * 3 + [Role.REP] * 3 + [Role.ACCOUNT_MANAGER] * 2
        self.sellers = [
            UserFactory(username=f"seller{index}", role=role) for index, role in enumerate(roles)
        ]
        self.ops = UserFactory(username="ops", role=Role.SALES_OPS)
        self.admin = UserFactory(username="admin", role=Role.ADMIN)
        self.agent = UserFactory(username="agent", role=Role.SERVICE_AGENT)
        top = TeamFactory(name="Sales", manager=self.sellers[0])
        self.teams = [
            top,
            TeamFactory(name="North", parent=top, manager=self.sellers[1]),
            TeamFactory(name="South", parent=top, manager=self.sellers[2]),
            TeamFactory(name="Key accounts", parent=None),
        ]
        for index, user in enumerate(self.sellers[3:], 3):
            user.team = self.teams[1 + index % 2]
            user.manager = self.sellers[1 + index % 2]
            user.save()
        self.accounts = [
            AccountFactory(name=f"Account {index}", owner=self.sellers[3 + index % 5])
            for index in range(ACCOUNTS)
        ]
        AccountTeamMemberFactory(account=self.accounts[0], user=self.sellers[6])
        self.deals = [
            OpportunityFactory(
                account=self.accounts[index % ACCOUNTS], owner=self.sellers[3 + (index * 2) % 5]
            )
            for index in range(DEALS)
        ]
        self.today = dt.date(2026, 6, 1)

    def people(self) -> list[User]:
        return [*self.sellers, self.ops, self.admin, self.agent]

    def apply(self, step: tuple) -> None:
        kind, first, second = step
        ops, admin = self.ops, self.admin
        try:
            if kind == "handoff":
                target = Account.objects.get(pk=self.accounts[first].pk)
                handoff_account(
                    actor=ops,
                    account_id=target.pk,
                    version=target.version,
                    to_user_id=self.sellers[second].pk,
                    note="Realigned",
                    handed_off_on=self.today,
                )
            elif kind == "add member":
                add_account_team_member(
                    actor=ops,
                    account_id=self.accounts[first].pk,
                    user_id=self.sellers[second].pk,
                    role="account_manager",
                )
            elif kind == "remove member":
                remove_account_team_member(
                    actor=ops, account_id=self.accounts[first].pk, user_id=self.sellers[second].pk
                )
            elif kind == "reassign deal":
                target = Opportunity.objects.get(pk=self.deals[first].pk)
                reassign_opportunity(
                    actor=ops,
                    opportunity_id=target.pk,
                    version=target.version,
                    owner_id=self.sellers[second].pk,
                )
            elif kind in ("move to team", "new manager"):
                person = User.objects.get(pk=self.sellers[first].pk)
                if kind == "move to team":
                    value = {"team_id": None if second is None else self.teams[second].pk}
                else:
                    value = {"manager_id": None if second is None else self.sellers[second].pk}
                update_user(actor=admin, user_id=person.pk, version=person.version, **value)
            elif kind in ("move team", "team manager"):
                moved = Team.objects.get(pk=self.teams[first].pk)
                if kind == "move team":
                    value = {"parent_id": None if second is None else self.teams[second].pk}
                else:
                    value = {"manager_id": None if second is None else self.sellers[second].pk}
                update_team(actor=admin, team_id=moved.pk, version=moved.version, **value)
            elif kind == "new account":
                self.accounts.append(
                    create_account(
                        actor=ops, name=f"New {len(self.accounts)}", owner_id=self.sellers[first].pk
                    )
                )
            elif kind == "new deal":
                self.deals.append(
                    create_opportunity(
                        actor=ops,
                        account_id=self.accounts[first].pk,
                        name=f"New deal {len(self.deals)}",
                        close_date=self.today,
                        amount=Money(Decimal("1000.00"), "USD"),
                        owner_id=self.sellers[second].pk,
                    )
                )
        except DomainError:
            pass  # a refused change (a loop in the tree, a member already there) changes nothing


def by_rule(person: User) -> tuple[set[int], set[int]]:
    accounts = visible_account_ids_by_rule(person)
    account_ids = set(
        Account.objects.values_list("pk", flat=True)
        if accounts is None
        else Account.objects.filter(pk__in=accounts).values_list("pk", flat=True)
    )
    condition = opportunity_condition_by_rule(person)
    deals = (
        Opportunity.objects.all() if condition is None else Opportunity.objects.filter(condition)
    )
    return account_ids, set(deals.values_list("pk", flat=True))


def fast_path(person: User) -> tuple[set[int], set[int]]:
    return (
        set(Account.objects.visible_to(person).values_list("pk", flat=True)),
        set(Opportunity.objects.visible_to(person).values_list("pk", flat=True)),
    )


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=10))
def test_any_sequence_of_changes_leaves_the_fast_path_equal_to_the_rule(company, steps):
    with transaction.atomic():
        default_pipeline()
        world = World()
        for step in steps:
            world.apply(step)
        for person in world.people():
            person = User.objects.get(pk=person.pk)  # a fresh walk of the tree, as a request
            assert fast_path(person) == by_rule(person), (person.username, steps)
        assert all(difference.ok for difference in access_differences())
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_check_finds_a_row_missing_and_a_row_too_many(company):
    # given: a rep who owns an account and a deal
    rep = UserFactory(username="rep", role=Role.REP)
    stranger = UserFactory(username="stranger", role=Role.REP)
    deal = OpportunityFactory(account=AccountFactory(owner=rep), owner=rep)
    assert all(difference.ok for difference in access_differences())
    # when: one row is lost and one is invented
    from patron.pipeline.models import OpportunityAccess

    OpportunityAccess.objects.filter(viewer=rep, opportunity=deal).delete()
    OpportunityAccess.objects.create(viewer=stranger, opportunity=deal)
    # then
    found = {difference.table: difference for difference in access_differences()}
    assert (found["opportunity access"].missing, found["opportunity access"].extra) == (1, 1)
    assert found["opportunity access"].examples == ((rep.pk, deal.pk), (stranger.pk, deal.pk))
    assert found["account access"].ok
    assert found["reporting lines"].ok

"""A team move committed while pages are read never shows a record to someone who may
not see it, nor half of a move.

The access tables change in the transaction of the move (decision 0021), so every
statement a page runs sees the company before the move or after it. A mover thread
moves a rep back and forth between two managers' teams while a reader thread asks, in
one statement each time, which of the rep's deals each manager may see through
`visible_to`: every deal must be visible to exactly one of the two managers, and all of
them to the same one.

Needs a database that several connections share: PostgreSQL, or SQLite in a file
(the default test database; PATRON_TEST_SQLITE=:memory: cannot run it).
"""

from __future__ import annotations

import threading
from functools import partial

import pytest
from django.db import IntegrityError, connection
from django.db.models import Exists, OuterRef

from patron.core.errors import DomainError
from patron.org.models import User
from patron.org.services.users import update_user
from patron.pipeline.models import Opportunity
from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import OpportunityFactory

MOVES = 12


@pytest.mark.django_db(transaction=True)
def test_a_team_move_is_seen_whole_or_not_at_all(org):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a file SQLite test database")
    # given: the rep owns six deals on two accounts; their manager sees them, the peer
    # manager does not
    deals = [
        OpportunityFactory(account=AccountFactory(owner=org.rep), owner=org.rep).pk
        for _ in range(6)
    ]
    sides = {org.manager.pk: org.team.pk, org.peer_manager.pk: org.peer_team.pk}
    done = threading.Event()
    failures: list[BaseException] = []
    seen: list[tuple[bool, ...]] = []

    def move() -> None:
        try:
            for index in range(MOVES):
                manager = org.peer_manager if index % 2 == 0 else org.manager
                rep = User.objects.get(pk=org.rep.pk)
                update_user(
                    actor=org.admin,
                    user_id=rep.pk,
                    version=rep.version,
                    team_id=sides[manager.pk],
                    manager_id=manager.pk,
                )
        except BaseException as error:  # reported below: a thread must not hide a crash
            failures.append(error)
        finally:
            done.set()
            connection.close()

    def read() -> None:
        try:
            while not done.is_set() or len(seen) < 3:
                # fresh users, as each request loads its user
                manager = User.objects.get(pk=org.manager.pk)
                peer = User.objects.get(pk=org.peer_manager.pk)
                rows = Opportunity.objects.filter(pk__in=deals).annotate(
                    by_manager=Exists(
                        Opportunity.objects.visible_to(manager).filter(pk=OuterRef("pk"))
                    ),
                    by_peer=Exists(Opportunity.objects.visible_to(peer).filter(pk=OuterRef("pk"))),
                )
                statement = list(rows.values_list("by_manager", "by_peer"))  # one snapshot
                assert len(statement) == len(deals)
                for by_manager, by_peer in statement:
                    assert by_manager != by_peer, statement  # exactly one of them sees it
                assert len({by_manager for by_manager, _ in statement}) == 1, statement
                seen.append(tuple(by_manager for by_manager, _ in statement))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=move), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: no statement saw half a move; the last move left the rep with their manager
    assert failures == []
    assert seen
    final = User.objects.get(pk=org.rep.pk)
    assert (final.manager_id, final.team_id) == (org.manager.pk, org.team.pk)
    assert set(Opportunity.objects.visible_to(org.manager).values_list("pk", flat=True)) >= set(
        deals
    )


ROUNDS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_of_one_account_and_its_owners_team_leave_the_tables_exact(org):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or a file SQLite test database")
    # given: an account of the rep with one deal
    from patron.accounts.services.team import add_account_team_member, handoff_account
    from patron.pipeline.access import access_differences
    from patron.pipeline.services.opportunities import reassign_opportunity

    account = AccountFactory(owner=org.rep)
    deal = OpportunityFactory(account=account, owner=org.rep)
    failures: list[BaseException] = []

    def run_together(*operations) -> None:
        start = threading.Barrier(len(operations))

        def run(operation) -> None:
            try:
                start.wait()
                operation()
            except BaseException as error:  # reported below
                failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(operation,)) for operation in operations]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def fresh(model, pk):
        return model.objects.get(pk=pk)

    from patron.accounts.models import Account

    for index in range(ROUNDS):
        member = org.rep2 if index % 2 == 0 else org.peer_rep
        new_owner = org.peer_rep if index % 2 == 0 else org.rep
        deal_owner = org.rep2 if index % 2 == 0 else org.rep
        mover = User.objects.get(pk=org.rep.pk)
        manager = org.peer_manager if index % 2 == 0 else org.manager
        team = org.peer_team if index % 2 == 0 else org.team
        # when: a handoff, a new team member, a reassigned deal and the old owner moving
        # teams, all at once
        run_together(
            partial(
                handoff_account,
                actor=org.sales_ops,
                account_id=account.pk,
                version=fresh(Account, account.pk).version,
                to_user_id=new_owner.pk,
                note="Round",
            ),
            partial(
                add_account_team_member,
                actor=org.sales_ops,
                account_id=account.pk,
                user_id=member.pk,
                role="solutions_engineer",
            ),
            partial(
                reassign_opportunity,
                actor=org.sales_ops,
                opportunity_id=deal.pk,
                version=fresh(Opportunity, deal.pk).version,
                owner_id=deal_owner.pk,
            ),
            partial(
                update_user,
                actor=org.admin,
                user_id=mover.pk,
                version=mover.version,
                team_id=team.pk,
                manager_id=manager.pk,
            ),
        )
        # then: whatever each operation decided, the tables are exactly the rule
        # (a refusal — a member already placed by the handoff — is a decision, not a fault)
        unexpected = [
            error for error in failures if not isinstance(error, DomainError | IntegrityError)
        ]
        assert unexpected == []
        failures.clear()
        assert [difference for difference in access_differences() if not difference.ok] == []

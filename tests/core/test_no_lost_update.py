"""No lost update: many people editing one record at once each either save on top of
the version they read or are told it changed — never silently overwrite each other.

Threads need a database that several connections share: PostgreSQL, or SQLite in a
file (the default; PATRON_TEST_SQLITE=:memory: asks for memory). Django's in-memory
SQLite test database uses a shared cache whose second writer fails at once instead of
waiting, which says nothing about Patron, so the test is skipped there.
"""

import threading

import pytest
from django.db import connection

from patron.accounts.models import Account
from patron.accounts.services.accounts import update_account
from patron.core.errors import StaleVersion
from tests.factories.accounts import AccountFactory

THREADS = 20
EDITS = 50


@pytest.mark.django_db(transaction=True)
def test_twenty_editors_of_one_account_lose_no_write(org):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "needs PostgreSQL or a file SQLite test database, not PATRON_TEST_SQLITE=:memory:"
        )
    # given
    account = AccountFactory(owner=org.rep, name="Siam Cement")
    start = threading.Barrier(THREADS)
    accepted: list[str] = []
    stale = 0
    failures: list[BaseException] = []
    lock = threading.Lock()

    def edit(thread: int) -> None:
        nonlocal stale
        try:
            start.wait()
            for edit in range(EDITS):
                version = Account.objects.values_list("version", flat=True).get(pk=account.pk)
                name = f"Siam Cement {thread}-{edit}"
                try:
                    update_account(actor=org.rep, account_id=account.pk, version=version, name=name)
                except StaleVersion:
                    with lock:
                        stale += 1
                else:
                    with lock:
                        accepted.append(name)
        except BaseException as error:  # reported below: a thread must not hide a crash
            failures.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=edit, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: every edit was saved or refused as stale, and each saved one moved the
    # version by exactly one; what is stored is one of the saved edits
    assert failures == []
    account.refresh_from_db()
    assert len(accepted) + stale == THREADS * EDITS
    assert len(accepted) >= EDITS  # progress: at least one thread's worth got through
    assert account.version == 1 + len(accepted)
    assert account.name in accepted

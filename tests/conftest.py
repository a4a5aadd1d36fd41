"""Test wiring: the persona company every test can use, and role-specific clients."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from patron.core.models import CompanySettings
from patron.org.choices import Role
from patron.org.models import Team, User
from tests.factories.org import TeamFactory, UserFactory


@dataclass
class Org:
    """A small company: a sales director over two teams, each with a manager and reps,
    plus the roles that see everything and a service agent.

    `rep` and `rep2` sit in the manager's team; `peer_rep` sits in another team under
    `peer_manager`; the director manages the parent team of both.
    """

    director: User
    manager: User
    rep: User
    rep2: User
    account_manager: User
    peer_manager: User
    peer_rep: User
    sales_ops: User
    admin: User
    executive: User
    service_agent: User
    company_team: Team
    team: Team
    peer_team: Team


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers cost ~0.3 s per user; tests create many users and check no hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def company(db) -> CompanySettings:
    return CompanySettings.current()


@pytest.fixture
def org(db, company) -> Org:
    director = UserFactory(username="director", role=Role.SALES_MANAGER)
    company_team = TeamFactory(name="Sales", manager=director)
    manager = UserFactory(username="manager", role=Role.SALES_MANAGER, manager=director)
    team = TeamFactory(name="Team North", parent=company_team, manager=manager)
    peer_manager = UserFactory(username="peer_manager", role=Role.SALES_MANAGER, manager=director)
    peer_team = TeamFactory(name="Team South", parent=company_team, manager=peer_manager)
    manager.team = company_team
    manager.save(update_fields=["team"])
    peer_manager.team = company_team
    peer_manager.save(update_fields=["team"])
    return Org(
        director=director,
        manager=manager,
        rep=UserFactory(username="rep", role=Role.REP, team=team, manager=manager),
        rep2=UserFactory(username="rep2", role=Role.REP, team=team, manager=manager),
        account_manager=UserFactory(
            username="am", role=Role.ACCOUNT_MANAGER, team=team, manager=manager
        ),
        peer_manager=peer_manager,
        peer_rep=UserFactory(
            username="peer_rep", role=Role.REP, team=peer_team, manager=peer_manager
        ),
        sales_ops=UserFactory(username="ops", role=Role.SALES_OPS),
        admin=UserFactory(username="admin", role=Role.ADMIN),
        executive=UserFactory(username="exec", role=Role.EXECUTIVE),
        service_agent=UserFactory(username="agent", role=Role.SERVICE_AGENT),
        company_team=company_team,
        team=team,
        peer_team=peer_team,
    )


@pytest.fixture
def client_for(db):
    """A logged-in test client for a user: `client_for(org.rep).get(...)`."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True, scope="session")
def every_operation_is_audited():
    """Every service call in every test proves it left an audit event for each business
    table it wrote (tests/audit_observer.py)."""
    from patron.core.operations import OPERATION_OBSERVERS
    from tests.audit_observer import audited_operation

    OPERATION_OBSERVERS.append(audited_operation)
    yield
    OPERATION_OBSERVERS.remove(audited_operation)


@pytest.fixture(autouse=True, scope="session")
def fixtures_keep_access_tables():
    """Users, teams, accounts and deals a test saves directly are reflected in the
    access tables as the services would (tests/access_keeper.py)."""
    from tests.access_keeper import fixtures_keep_access

    with fixtures_keep_access():
        yield


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in Thai leaves Thai active in the thread that served it (the test's);
    the next test starts in the default language, whatever ran before it."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def no_shared_cache(settings):
    """Nothing a test leaves in the process cache (a viewer's reach size) may change what
    the next test measures: a user id reused by another test's data would find it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

"""`patron demo` and `patron demo-data` through the real Typer app."""

import pytest
from django.contrib.auth.models import Group
from typer.testing import CliRunner

import patron.cli.demo  # noqa: F401  (registers the demo commands)
from patron.accounts.models import Account
from patron.bulk.cleaning.counts import entities
from patron.cli import app
from patron.demo.logins import ROLES, demo_members, refresh_demo_logins
from patron.org.choices import Role
from patron.org.models import User

runner = CliRunner()


def _printed_logins(output: str) -> dict[str, str]:
    """username → password from the table `patron demo` prints."""
    usernames = set(User.objects.values_list("username", flat=True))
    logins = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) >= 4 and cells[2] in usernames:
            logins[cells[2]] = cells[3]
    return logins


@pytest.mark.django_db(transaction=True)
def test_demo_without_serving_prepares_data_and_prints_a_working_login_per_role():
    # when
    result = runner.invoke(app, ["demo", "--no-serve", "--scale", "tiny", "--seed", "3"])
    # then
    assert result.exit_code == 0, result.output
    assert Account.objects.count() == 40
    logins = _printed_logins(result.output)
    users = {user.username: user for user in User.objects.filter(username__in=logins)}
    assert sorted(user.role for user in users.values()) == sorted(ROLES)
    for username, password in logins.items():
        assert len(password) >= 12
        assert users[username].check_password(password)
    # when: run again
    again = runner.invoke(app, ["demo", "--no-serve", "--scale", "tiny", "--seed", "3"])
    # then: same data, same people, new passwords
    assert again.exit_code == 0, again.output
    assert Account.objects.count() == 40
    second = _printed_logins(again.output)
    assert sorted(second) == sorted(logins)
    assert all(second[username] != logins[username] for username in logins)


@pytest.mark.django_db(transaction=True)
def test_demo_data_checks_its_invariants_and_refuses_a_database_that_holds_data():
    # when
    first = runner.invoke(app, ["demo-data", "--scale", "tiny", "--seed", "5", "--check"])
    # then
    assert first.exit_code == 0, first.output
    assert "Every invariant holds." in first.output
    cleaned = [line for line in first.output.splitlines() if line.startswith("clean step: ")]
    assert [line.split()[2] for line in cleaned] == [entity for entity, _rows, _read in entities()]
    assert all(line.endswith(" rows, 0 refused") for line in cleaned)
    # when
    refused = runner.invoke(app, ["demo-data", "--scale", "tiny", "--seed", "6"])
    # then
    assert refused.exit_code == 1
    assert "--replace" in refused.output + refused.stderr
    # when
    replaced = runner.invoke(app, ["demo-data", "--scale", "tiny", "--seed", "6", "--replace"])
    # then
    assert replaced.exit_code == 0, replaced.output


@pytest.mark.django_db
def test_the_demo_logins_are_members_of_the_company_who_own_its_data(tiny_company):
    # when
    logins = {login.role: login for login in refresh_demo_logins()}
    members = demo_members()
    # then
    assert sorted(logins) == sorted(ROLES)
    for role, login in logins.items():
        user = User.objects.get(username=login.username)
        assert user.role == role
        assert list(user.groups.values_list("name", flat=True)) == [Role(role).label]
        assert user.check_password(login.password)
    rep = members[Role.REP]
    assert rep.owned_accounts.exists()
    assert rep.opportunities.filter(status="open").exists()
    manager = members[Role.SALES_MANAGER]
    assert rep.team.manager_id == manager.pk
    assert members[Role.ACCOUNT_MANAGER].owned_accounts.exclude(tier="").exists()
    assert members[Role.SERVICE_AGENT].cases.exists()
    assert User.objects.get(username=logins[Role.ADMIN].username).is_superuser
    assert Group.objects.filter(name=Role.EXECUTIVE.label).exists()

"""The org admin writes through the org services: users, teams, territories."""

import pytest
from django.urls import reverse

from patron.core.models import AuditEvent
from patron.org.choices import Role
from patron.org.models import Team, User
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import _user_form, admin_url

PASSWORD = "quiet-harbour-lantern-42"


@pytest.fixture
def ops(org) -> User:
    return assign_role(user=org.sales_ops, role=Role.SALES_OPS)


def test_sales_ops_add_a_user_with_a_password(client_for, org, ops):
    # when
    response = client_for(ops).post(
        admin_url(User, "add"),
        {
            "username": "nok",
            "first_name": "Nok",
            "last_name": "",
            "email": "nok@example.com",
            "role": Role.REP,
            "team": org.team.pk,
            "manager": org.manager.pk,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "title": "",
            "hired_on": "",
            "language": "",
            "time_zone": "",
        },
    )
    # then
    assert response.status_code == 302
    user = User.objects.get(username="nok")
    assert user.check_password(PASSWORD)
    assert (user.team, user.manager) == (org.team, org.manager)
    event = AuditEvent.objects.get(record_type="org.user", record_id=user.pk)
    assert (event.action, event.source, event.actor) == ("create", "admin", ops)


def test_a_user_managed_by_their_own_report_is_refused_on_the_field(client_for, org, ops):
    # when: the manager would report to the rep who reports to them
    response = client_for(ops).post(
        admin_url(User, "change", org.manager.pk), _user_form(org.manager, manager=org.rep.pk)
    )
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["manager"] == [
        "A person cannot report to themselves or to someone who reports to them."
    ]
    org.manager.refresh_from_db()
    assert org.manager.manager == org.director
    assert not AuditEvent.objects.filter(record_type="org.user").exists()


def test_deactivating_in_the_admin_is_the_deactivate_operation(client_for, org, ops):
    data = _user_form(org.rep2)
    del data["is_active"]
    response = client_for(ops).post(admin_url(User, "change", org.rep2.pk), data)
    assert response.status_code == 302
    org.rep2.refresh_from_db()
    assert org.rep2.is_active is False
    assert AuditEvent.objects.get(record_type="org.user", record_id=org.rep2.pk).action == (
        "deactivate"
    )


def test_the_password_page_sets_the_password_through_the_service(client_for, org, ops):
    response = client_for(ops).post(
        reverse("admin:auth_user_password_change", args=[org.rep.pk]),
        {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    org.rep.refresh_from_db()
    assert org.rep.check_password(PASSWORD)
    event = AuditEvent.objects.get(record_type="org.user", record_id=org.rep.pk)
    assert (event.action, event.source, event.changes) == (
        "set_password",
        "admin",
        {"usable": True},
    )


def test_sales_ops_add_and_rename_a_team(client_for, org, ops):
    client = client_for(ops)
    response = client.post(
        admin_url(Team, "add"),
        {
            "name": "Team East",
            "parent": org.company_team.pk,
            "manager": "",
            "members-TOTAL_FORMS": 0,
            "members-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Team East")
    assert (team.parent, team.created_by) == (org.company_team, ops)


def test_a_team_parent_cycle_is_refused_on_the_field(client_for, org, ops):
    # when: the parent team would sit under its own sub-team
    response = client_for(ops).post(
        admin_url(Team, "change", org.company_team.pk),
        {
            "name": org.company_team.name,
            "parent": org.team.pk,
            "manager": org.director.pk,
            "expected_version": org.company_team.version,
            "members-TOTAL_FORMS": 0,
            "members-INITIAL_FORMS": 0,
        },
    )
    # then
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "A record cannot sit under itself or one of the records below it."
    ]
    org.company_team.refresh_from_db()
    assert (org.company_team.parent, org.company_team.version) == (None, 1)
    assert not AuditEvent.objects.filter(record_type="org.team").exists()

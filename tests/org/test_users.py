"""Users: creating one, editing details, role, sign-in and password."""

import datetime as dt

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.org.choices import Role
from patron.org.models import User
from patron.org.services.users import (
    assign_role,
    change_user_role,
    create_user,
    deactivate_user,
    reactivate_user,
    set_user_password,
    update_user,
)
from tests.org.conftest import NOT_CONFIGURERS, audit_trail, refused

GOOD_PASSWORD = "quiet-harbour-lantern-42"


def test_sales_ops_creates_a_rep_in_a_team(org):
    # when
    user = create_user(
        actor=org.sales_ops,
        username="nok",
        role=Role.REP,
        password=GOOD_PASSWORD,
        first_name="Nok",
        last_name="Srisuk",
        email=" nok@example.com ",
        team_id=org.team.pk,
        manager_id=org.manager.pk,
        title="Account executive",
        language="th",
        time_zone="Asia/Bangkok",
        hired_on=dt.date(2026, 1, 5),
    )
    # then
    user.refresh_from_db()
    assert (user.email, user.team, user.manager, user.language, user.time_zone) == (
        "nok@example.com",
        org.team,
        org.manager,
        "th",
        "Asia/Bangkok",
    )
    assert user.check_password(GOOD_PASSWORD)
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert [group.name for group in user.groups.all()] == [str(Role.REP.label)]
    [(action, changes, actor_id)] = audit_trail(user)
    assert (action, actor_id) == ("create", org.sales_ops.pk)
    assert changes["username"] == [None, "nok"]
    assert changes["manager"] == [None, org.manager.pk]
    assert "password" not in changes


def test_a_user_without_a_password_cannot_sign_in_with_one(org):
    user = create_user(actor=org.sales_ops, username="svc", role=Role.SERVICE_AGENT)
    assert not user.has_usable_password()


def test_sales_ops_are_staff(org):
    user = create_user(actor=org.sales_ops, username="ops2", role=Role.SALES_OPS)
    assert (user.is_staff, user.is_superuser) == (True, False)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"username": ""}, "username", "required"),
        ({"username": "no spaces"}, "username", "invalid_username"),
        ({"username": "REP"}, "username", "duplicate"),
        ({"role": "boss"}, "role", "unknown_choice"),
        ({"email": "not-an-email"}, "email", "invalid_email"),
        ({"language": "de"}, "language", "unknown_choice"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "unknown_time_zone"),
        ({"password": "short"}, "password", "invalid_password"),
        ({"password": "password123"}, "password", "invalid_password"),
        ({"team_id": 999_999}, "team", "unknown_team"),
        ({"manager_id": 999_999}, "manager", "unknown_user"),
        ({"first_name": "x" * 151}, "first_name", "too_long"),
    ],
)
def test_create_user_refuses_bad_values(org, changes, field, code):
    values = {"actor": org.sales_ops, "username": "new", "role": Role.REP, **changes}
    error = refused(RuleViolation, create_user, **values)
    assert (error.field, error.code) == (field, code)


def test_a_refused_password_says_why(org):
    error = refused(
        RuleViolation, create_user, actor=org.sales_ops, username="new", role="rep", password="a"
    )
    assert "too short" in error.message


@NOT_CONFIGURERS
def test_only_configurers_create_users(org, persona):
    refused(Forbidden, create_user, actor=getattr(org, persona), username="x", role=Role.REP)


def test_only_an_administrator_makes_an_administrator(org):
    refused(Forbidden, create_user, actor=org.sales_ops, username="boss", role=Role.ADMIN)
    user = create_user(actor=org.admin, username="boss", role=Role.ADMIN)
    assert user.is_superuser


def test_update_user_changes_only_the_fields_given(org):
    # when
    update_user(actor=org.sales_ops, user_id=org.rep.pk, version=1, title="Senior AE", team_id=None)
    # then
    org.rep.refresh_from_db()
    assert (org.rep.title, org.rep.team, org.rep.manager) == ("Senior AE", None, org.manager)
    [(action, changes, _actor)] = audit_trail(org.rep)
    assert action == "update"
    assert changes == {"title": ["", "Senior AE"], "team": [org.team.pk, None]}


def test_an_edit_that_changes_nothing_writes_nothing(org):
    update_user(actor=org.sales_ops, user_id=org.rep.pk, version=1, title="")
    assert audit_trail(org.rep) == []


@pytest.mark.parametrize("manager", ["manager", "rep"])
def test_nobody_reports_to_someone_below_them(org, manager):
    # the director manages the team the manager is in; the rep reports to the manager
    user = getattr(org, manager)
    error = refused(
        RuleViolation,
        update_user,
        version=1,
        actor=org.sales_ops,
        user_id=org.director.pk,
        manager_id=user.pk,
    )
    assert (error.field, error.code) == ("manager", "manager_cycle")


def test_nobody_reports_to_themselves(org):
    error = refused(
        RuleViolation,
        update_user,
        version=1,
        actor=org.sales_ops,
        user_id=org.rep.pk,
        manager_id=org.rep.pk,
    )
    assert (error.field, error.code) == ("manager", "manager_cycle")


def test_a_deactivated_manager_is_refused(org):
    User.objects.filter(pk=org.peer_manager.pk).update(is_active=False)
    error = refused(
        RuleViolation,
        update_user,
        actor=org.sales_ops,
        user_id=org.rep.pk,
        version=1,
        manager_id=org.peer_manager.pk,
    )
    assert (error.field, error.code) == ("manager", "unknown_user")


def test_an_unknown_user_is_not_visible(org):
    refused(NotVisible, update_user, version=1, actor=org.sales_ops, user_id=999_999, title="x")


@NOT_CONFIGURERS
def test_only_configurers_edit_users(org, persona):
    refused(
        Forbidden,
        update_user,
        version=1,
        actor=getattr(org, persona),
        user_id=org.rep2.pk,
        title="x",
    )


def test_sales_ops_cannot_edit_an_administrator(org):
    administrator = assign_role(user=org.admin, role=Role.ADMIN)
    refused(
        Forbidden, update_user, version=1, actor=org.sales_ops, user_id=administrator.pk, title="x"
    )


def test_changing_a_role_gives_its_access(org):
    # when
    change_user_role(actor=org.sales_ops, user_id=org.rep2.pk, role=Role.SALES_OPS)
    # then
    org.rep2.refresh_from_db()
    assert (org.rep2.role, org.rep2.is_staff) == (Role.SALES_OPS, True)
    assert [group.name for group in org.rep2.groups.all()] == [str(Role.SALES_OPS.label)]
    [(action, changes, _actor)] = audit_trail(org.rep2)
    assert action == "change_role"
    assert changes == {"role": ["rep", "sales_ops"], "is_staff": [False, True]}


@pytest.mark.parametrize(
    ("actor", "role", "error_type"),
    [
        ("sales_ops", Role.ADMIN, Forbidden),
        ("manager", Role.SALES_MANAGER, Forbidden),
        ("executive", Role.REP, Forbidden),
        ("sales_ops", "boss", RuleViolation),
    ],
)
def test_change_user_role_refusals(org, actor, role, error_type):
    refused(error_type, change_user_role, actor=getattr(org, actor), user_id=org.rep.pk, role=role)


def test_a_person_who_leaves_is_deactivated_and_can_come_back(org):
    # when
    deactivate_user(actor=org.sales_ops, user_id=org.manager.pk)
    # then: still the team's manager, but no longer signed in
    org.manager.refresh_from_db()
    assert org.manager.is_active is False
    assert org.team.manager_id == org.manager.pk
    # when
    reactivate_user(actor=org.sales_ops, user_id=org.manager.pk)
    # then
    org.manager.refresh_from_db()
    assert org.manager.is_active is True
    assert [(action, changes) for action, changes, _ in audit_trail(org.manager)] == [
        ("deactivate", {"is_active": [True, False]}),
        ("reactivate", {"is_active": [False, True]}),
    ]


def test_nobody_deactivates_themselves(org):
    error = refused(RuleViolation, deactivate_user, actor=org.sales_ops, user_id=org.sales_ops.pk)
    assert (error.field, error.code) == ("user", "deactivate_self")


@NOT_CONFIGURERS
def test_only_configurers_deactivate(org, persona):
    refused(Forbidden, deactivate_user, actor=getattr(org, persona), user_id=org.rep2.pk)


def test_setting_a_password_is_audited_without_the_hash(org):
    # when
    set_user_password(actor=org.sales_ops, user_id=org.rep.pk, password=GOOD_PASSWORD)
    # then
    org.rep.refresh_from_db()
    assert org.rep.check_password(GOOD_PASSWORD)
    assert audit_trail(org.rep) == [("set_password", {"usable": True}, org.sales_ops.pk)]


def test_a_password_can_be_made_unusable(org):
    set_user_password(actor=org.sales_ops, user_id=org.rep.pk, password=None)
    org.rep.refresh_from_db()
    assert not org.rep.has_usable_password()


def test_a_weak_password_is_refused(org):
    error = refused(
        RuleViolation, set_user_password, actor=org.sales_ops, user_id=org.rep.pk, password="rep"
    )
    assert (error.field, error.code) == ("password", "invalid_password")


@NOT_CONFIGURERS
def test_only_configurers_set_passwords(org, persona):
    refused(
        Forbidden,
        set_user_password,
        actor=getattr(org, persona),
        user_id=org.rep2.pk,
        password=GOOD_PASSWORD,
    )


def test_an_edit_read_before_another_change_is_refused(org):
    # given: a configurer read the rep at version 1, then someone changed their role
    change_user_role(actor=org.admin, user_id=org.rep.pk, role=Role.ACCOUNT_MANAGER)
    # when
    error = refused(
        StaleVersion, update_user, actor=org.sales_ops, user_id=org.rep.pk, version=1, title="x"
    )
    # then
    assert (error.field, error.code, error.current_version) == ("version", "stale_version", 2)
    org.rep.refresh_from_db()
    assert org.rep.title == ""


def test_each_change_of_a_user_moves_the_version_on(org):
    update_user(actor=org.sales_ops, user_id=org.rep.pk, version=1, title="Senior AE")
    deactivate_user(actor=org.sales_ops, user_id=org.rep.pk)
    set_user_password(actor=org.sales_ops, user_id=org.rep.pk, password=None)
    org.rep.refresh_from_db()
    assert org.rep.version == 4

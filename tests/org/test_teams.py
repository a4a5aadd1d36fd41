"""Teams: creating, reshaping the tree, deleting an empty team."""

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.org.models import Team
from patron.org.services.teams import create_team, delete_team, update_team
from tests.org.conftest import NOT_CONFIGURERS, audit_trail, refused


def test_sales_ops_creates_a_team_under_another(org):
    # when
    team = create_team(
        actor=org.sales_ops, name="Team East", parent_id=org.company_team.pk, manager_id=org.rep.pk
    )
    # then
    assert (team.parent, team.manager, team.created_by) == (
        org.company_team,
        org.rep,
        org.sales_ops,
    )
    [(action, changes, actor_id)] = audit_trail(team)
    assert (action, actor_id) == ("create", org.sales_ops.pk)
    assert changes == {
        "name": [None, "Team East"],
        "parent": [None, org.company_team.pk],
        "manager": [None, org.rep.pk],
    }


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"name": "team north"}, "name", "duplicate"),
        ({"name": "x" * 121}, "name", "too_long"),
        ({"parent_id": 999_999}, "parent", "unknown_team"),
        ({"manager_id": 999_999}, "manager", "unknown_user"),
    ],
)
def test_create_team_refuses_bad_values(org, values, field, code):
    error = refused(RuleViolation, create_team, actor=org.sales_ops, **{"name": "New", **values})
    assert (error.field, error.code) == (field, code)


@NOT_CONFIGURERS
def test_only_configurers_create_teams(org, persona):
    refused(Forbidden, create_team, actor=getattr(org, persona), name="New")


def test_a_team_moves_and_gets_a_new_manager(org):
    # when
    team = update_team(
        actor=org.sales_ops,
        team_id=org.team.pk,
        version=org.team.version,
        parent_id=None,
        manager_id=org.rep.pk,
    )
    # then
    team.refresh_from_db()
    assert (team.parent, team.manager, team.version) == (None, org.rep, 2)
    [(action, changes, _actor)] = audit_trail(team)
    assert action == "update"
    assert changes == {
        "parent": [org.company_team.pk, None],
        "manager": [org.manager.pk, org.rep.pk],
    }


@pytest.mark.parametrize("parent", ["team", "sub_team"])
def test_a_team_cannot_move_under_itself_or_below_it(org, parent):
    sub_team = Team.objects.create(name="Sub", parent=org.team)
    parent_id = sub_team.pk if parent == "sub_team" else org.team.pk
    error = refused(
        RuleViolation,
        update_team,
        actor=org.sales_ops,
        team_id=org.team.pk,
        version=org.team.version,
        parent_id=parent_id,
    )
    assert (error.field, error.code) == ("parent", "parent_cycle")


def test_a_stale_team_edit_is_refused(org):
    refused(
        StaleVersion,
        update_team,
        actor=org.sales_ops,
        team_id=org.team.pk,
        version=org.team.version + 1,
        name="Renamed",
    )


def test_an_unknown_team_is_not_visible(org):
    refused(NotVisible, update_team, actor=org.sales_ops, team_id=999_999, version=1, name="X")


@NOT_CONFIGURERS
def test_only_configurers_change_teams(org, persona):
    refused(
        Forbidden,
        update_team,
        actor=getattr(org, persona),
        team_id=org.team.pk,
        version=org.team.version,
        name="Renamed",
    )


def test_an_empty_team_is_deleted(org):
    # given
    team = Team.objects.create(name="Empty")
    # when
    delete_team(actor=org.sales_ops, team_id=team.pk, version=team.version)
    # then
    assert not Team.objects.filter(pk=team.pk).exists()
    assert audit_trail(team) == [("delete", {"name": ["Empty", None]}, org.sales_ops.pk)]


@pytest.mark.parametrize("team", ["team", "company_team"])
def test_a_team_with_members_or_sub_teams_stays(org, team):
    record = getattr(org, team)
    error = refused(
        RuleViolation, delete_team, actor=org.sales_ops, team_id=record.pk, version=record.version
    )
    assert (error.field, error.code) == (None, "team_not_empty")


@NOT_CONFIGURERS
def test_only_configurers_delete_teams(org, persona):
    team = Team.objects.create(name="Empty")
    refused(Forbidden, delete_team, actor=getattr(org, persona), team_id=team.pk, version=1)

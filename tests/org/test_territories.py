"""Territories and their assignment rules."""

import pytest

from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from patron.org.models import TerritoryRule
from patron.org.services.territories import (
    create_territory,
    create_territory_rule,
    delete_territory_rule,
    update_territory,
    update_territory_rule,
)
from tests.factories.org import TerritoryFactory, TerritoryRuleFactory
from tests.org.conftest import NOT_CONFIGURERS, audit_trail, refused


def test_sales_ops_creates_a_territory_with_members(org):
    # given
    region = TerritoryFactory(code="APAC")
    # when
    territory = create_territory(
        actor=org.sales_ops,
        name="Thailand",
        code="TH",
        parent_id=region.pk,
        owner_id=org.manager.pk,
        member_ids=[org.rep2.pk, org.rep.pk, org.rep.pk],
    )
    # then
    assert (territory.parent, territory.owner) == (region, org.manager)
    assert sorted(territory.members.values_list("pk", flat=True)) == [org.rep.pk, org.rep2.pk]
    [(action, changes, _actor)] = audit_trail(territory)
    assert action == "create"
    assert changes == {
        "name": [None, "Thailand"],
        "code": [None, "TH"],
        "parent": [None, region.pk],
        "owner": [None, org.manager.pk],
        "members": [None, sorted([org.rep.pk, org.rep2.pk])],
    }


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"code": ""}, "code", "required"),
        ({"code": "TAKEN"}, "code", "duplicate"),
        ({"name": ""}, "name", "required"),
        ({"parent_id": 999_999}, "parent", "unknown_territory"),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
        ({"member_ids": [999_999]}, "members", "unknown_user"),
    ],
)
def test_create_territory_refuses_bad_values(org, values, field, code):
    TerritoryFactory(code="TAKEN")
    error = refused(
        RuleViolation,
        create_territory,
        actor=org.sales_ops,
        **{"name": "New", "code": "NEW", **values},
    )
    assert (error.field, error.code) == (field, code)


@NOT_CONFIGURERS
def test_only_configurers_create_territories(org, persona):
    refused(Forbidden, create_territory, actor=getattr(org, persona), name="X", code="X")


def test_members_change_with_the_list_before_and_after(org):
    # given
    territory = TerritoryFactory()
    territory.members.set([org.rep])
    # when
    update_territory(
        actor=org.sales_ops,
        territory_id=territory.pk,
        version=territory.version,
        member_ids=[org.rep2.pk],
        name="Renamed",
    )
    # then
    territory.refresh_from_db()
    assert list(territory.members.all()) == [org.rep2]
    assert territory.version == 2
    [(action, changes, _actor)] = audit_trail(territory)
    assert action == "update"
    assert changes["members"] == [[org.rep.pk], [org.rep2.pk]]
    assert changes["name"][1] == "Renamed"


def test_a_territory_cannot_sit_below_itself(org):
    top = TerritoryFactory()
    below = TerritoryFactory(parent=top)
    error = refused(
        RuleViolation,
        update_territory,
        actor=org.sales_ops,
        territory_id=top.pk,
        version=top.version,
        parent_id=below.pk,
    )
    assert (error.field, error.code) == ("parent", "parent_cycle")


def test_a_stale_territory_edit_is_refused(org):
    territory = TerritoryFactory()
    refused(
        StaleVersion,
        update_territory,
        actor=org.sales_ops,
        territory_id=territory.pk,
        version=territory.version + 1,
        name="X",
    )


def test_an_unknown_territory_is_not_visible(org):
    refused(NotVisible, update_territory, actor=org.sales_ops, territory_id=999_999, version=1)


@NOT_CONFIGURERS
def test_only_configurers_change_territories(org, persona):
    territory = TerritoryFactory()
    refused(
        Forbidden,
        update_territory,
        actor=getattr(org, persona),
        territory_id=territory.pk,
        version=1,
        name="X",
    )


def test_a_rule_is_created_with_its_conditions(org):
    # given
    territory = TerritoryFactory()
    # when
    rule = create_territory_rule(
        actor=org.sales_ops,
        territory_id=territory.pk,
        priority=10,
        country="th",
        industry="Manufacturing",
        min_employees=50,
        max_employees=500,
    )
    # then
    assert (rule.country, rule.industry, rule.priority) == ("TH", "Manufacturing", 10)
    [(action, changes, _actor)] = audit_trail(rule)
    assert action == "create"
    assert changes == {
        "territory": [None, territory.pk],
        "priority": [None, 10],
        "country": [None, "TH"],
        "industry": [None, "Manufacturing"],
        "min_employees": [None, 50],
        "max_employees": [None, 500],
    }


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"country": "XX"}, "country", "unknown_country"),
        ({"priority": -1}, "priority", "out_of_range"),
        ({"min_employees": 10, "max_employees": 5}, "max_employees", "employee_range"),
        ({"min_employees": -5}, "min_employees", "out_of_range"),
        ({"segment": "x" * 33}, "segment", "too_long"),
    ],
)
def test_a_rule_refuses_bad_conditions(org, values, field, code):
    territory = TerritoryFactory()
    error = refused(
        RuleViolation,
        create_territory_rule,
        actor=org.sales_ops,
        territory_id=territory.pk,
        **values,
    )
    assert (error.field, error.code) == (field, code)


def test_a_rule_for_an_unknown_territory_is_not_visible(org):
    refused(NotVisible, create_territory_rule, actor=org.sales_ops, territory_id=999_999)


def test_a_rule_edit_checks_the_range_it_will_have(org):
    rule = TerritoryRuleFactory(min_employees=100, max_employees=200)
    error = refused(
        RuleViolation,
        update_territory_rule,
        actor=org.sales_ops,
        rule_id=rule.pk,
        version=rule.version,
        max_employees=50,
    )
    assert (error.field, error.code) == ("max_employees", "employee_range")


def test_a_rule_is_changed_and_deleted(org):
    # given
    rule = TerritoryRuleFactory(priority=100)
    # when
    rule = update_territory_rule(
        actor=org.sales_ops, rule_id=rule.pk, version=rule.version, priority=5
    )
    delete_territory_rule(actor=org.sales_ops, rule_id=rule.pk, version=rule.version)
    # then
    assert not TerritoryRule.objects.filter(pk=rule.pk).exists()
    assert [action for action, _changes, _actor in audit_trail(rule)] == ["update", "delete"]
    assert audit_trail(rule)[0][1] == {"priority": [100, 5]}


def test_a_stale_rule_edit_is_refused(org):
    rule = TerritoryRuleFactory()
    refused(
        StaleVersion,
        update_territory_rule,
        actor=org.sales_ops,
        rule_id=rule.pk,
        version=rule.version + 1,
        priority=1,
    )
    refused(StaleVersion, delete_territory_rule, actor=org.sales_ops, rule_id=rule.pk, version=9)


@NOT_CONFIGURERS
def test_only_configurers_change_rules(org, persona):
    rule = TerritoryRuleFactory()
    actor = getattr(org, persona)
    refused(Forbidden, create_territory_rule, actor=actor, territory_id=rule.territory_id)
    refused(Forbidden, update_territory_rule, actor=actor, rule_id=rule.pk, version=1, priority=1)
    refused(Forbidden, delete_territory_rule, actor=actor, rule_id=rule.pk, version=1)

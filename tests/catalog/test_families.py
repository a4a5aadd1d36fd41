"""Product families."""

import pytest

from patron.catalog.services.families import create_product_family, update_product_family
from patron.core.errors import Forbidden, NotVisible, RuleViolation, StaleVersion
from tests.factories.catalog import ProductFamilyFactory
from tests.org.conftest import NOT_CONFIGURERS, audit_trail, refused


def test_sales_ops_create_and_rename_a_family(org):
    # when
    family = create_product_family(actor=org.sales_ops, name="Analytics", code="AN")
    family = update_product_family(
        actor=org.sales_ops, family_id=family.pk, version=family.version, name="Insight"
    )
    # then
    family.refresh_from_db()
    assert (family.name, family.code, family.version) == ("Insight", "AN", 2)
    assert audit_trail(family) == [
        ("create", {"name": [None, "Analytics"], "code": [None, "AN"]}, org.sales_ops.pk),
        ("update", {"name": ["Analytics", "Insight"]}, org.sales_ops.pk),
    ]


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "taken"}, "name", "duplicate"),
        ({"code": "TK"}, "code", "duplicate"),
        ({"code": "x" * 33}, "code", "too_long"),
    ],
)
def test_a_family_refuses_bad_values(org, values, field, code):
    ProductFamilyFactory(name="Taken", code="TK")
    error = refused(
        RuleViolation,
        create_product_family,
        actor=org.sales_ops,
        **{"name": "New", "code": "NEW", **values},
    )
    assert (error.field, error.code) == (field, code)


def test_a_stale_family_edit_is_refused(org):
    family = ProductFamilyFactory()
    refused(
        StaleVersion,
        update_product_family,
        actor=org.sales_ops,
        family_id=family.pk,
        version=2,
        name="X",
    )


def test_an_unknown_family_is_not_visible(org):
    refused(NotVisible, update_product_family, actor=org.sales_ops, family_id=999_999, version=1)


@NOT_CONFIGURERS
def test_only_configurers_change_families(org, persona):
    family = ProductFamilyFactory()
    actor = getattr(org, persona)
    refused(Forbidden, create_product_family, actor=actor, name="X", code="X")
    refused(Forbidden, update_product_family, actor=actor, family_id=family.pk, version=1, name="Y")

import pytest

from patron.accounts.services.competitors import create_competitor
from patron.core.errors import Forbidden, RuleViolation
from tests.accounts.conftest import NOW, audit_trail, refused
from tests.factories.accounts import CompetitorFactory


def test_a_rep_records_a_competitor_met_in_a_deal(org):
    # when
    competitor = create_competitor(
        actor=org.rep,
        name=" Acme CRM ",
        website="https://acme.example",
        strengths="Cheap",
        weaknesses="No Thai support",
    )
    # then
    competitor.refresh_from_db()
    assert (competitor.name, competitor.website, competitor.strengths, competitor.weaknesses) == (
        "Acme CRM",
        "https://acme.example",
        "Cheap",
        "No Thai support",
    )
    assert (competitor.created_by, competitor.created_at, competitor.version) == (org.rep, NOW, 1)
    assert audit_trail(competitor) == [
        (
            "create",
            {
                "name": [None, "Acme CRM"],
                "website": [None, "https://acme.example"],
                "strengths": [None, "Cheap"],
                "weaknesses": [None, "No Thai support"],
            },
            org.rep.pk,
            "create_competitor",
        )
    ]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"name": "acme crm"}, "name", "duplicate"),
        ({"website": "acme"}, "website", "invalid_url"),
        ({"website": "ftp://acme.example"}, "website", "invalid_url"),
        ({"strengths": "x" * 10_001}, "strengths", "too_long"),
    ],
)
def test_invalid_values_are_refused_by_field(org, changes, field, code):
    CompetitorFactory(name="Acme CRM")
    error = refused(
        RuleViolation, create_competitor, **{"actor": org.rep, "name": "Newco", **changes}
    )
    assert (error.field, error.code) == (field, code)


@pytest.mark.parametrize("persona", ["executive", "service_agent"])
def test_people_who_do_not_sell_are_forbidden(org, persona):
    refused(Forbidden, create_competitor, actor=getattr(org, persona), name="Newco")


@pytest.mark.parametrize("persona", ["account_manager", "manager", "sales_ops", "admin"])
def test_every_seller_may_record_one(org, persona):
    assert create_competitor(actor=getattr(org, persona), name="Newco").name == "Newco"

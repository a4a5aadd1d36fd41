import pytest

from patron.core.errors import Forbidden, RuleViolation
from patron.pipeline.choices import LeadStatus
from patron.pipeline.services.leads import create_lead
from tests.factories.pipeline import CampaignFactory
from tests.pipeline.conftest import NOW, refused


def test_a_rep_records_a_lead_from_a_campaign(org):
    # given
    campaign = CampaignFactory(name="Bangkok CIO breakfast")
    # when
    lead = create_lead(
        actor=org.rep,
        first_name=" Somchai ",
        last_name="Wong",
        company="Thai Oil",
        title="CIO",
        email="somchai@thaioil.example",
        phone="+66 2 123 4567",
        country="th",
        source="campaign",
        campaign_id=campaign.pk,
    )
    # then
    lead.refresh_from_db()
    assert (lead.first_name, lead.last_name, lead.company, lead.title) == (
        "Somchai",
        "Wong",
        "Thai Oil",
        "CIO",
    )
    assert (lead.email, lead.phone, lead.country) == (
        "somchai@thaioil.example",
        "+66 2 123 4567",
        "TH",
    )
    assert (lead.source, lead.campaign, lead.status) == ("campaign", campaign, LeadStatus.NEW)
    assert (lead.owner, lead.created_by, lead.created_at) == (org.rep, org.rep, NOW)
    assert (lead.first_responded_at, lead.qualified_at, lead.converted_at) == (None, None, None)


def test_a_manager_routes_a_new_lead_to_a_rep(org):
    lead = create_lead(
        actor=org.manager, first_name="Ana", company="PLDT", source="web", owner_id=org.rep2.pk
    )
    assert (lead.owner, lead.created_by) == (org.rep2, org.manager)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"first_name": " "}, "first_name", "required"),
        ({"company": ""}, "company", "required"),
        ({"company": "x" * 201}, "company", "too_long"),
        ({"source": "billboard"}, "source", "unknown_choice"),
        ({"email": "not an address"}, "email", "invalid_email"),
        ({"country": "XX"}, "country", "unknown_country"),
        ({"country": "001"}, "country", "unknown_country"),
        ({"campaign_id": 999_999}, "campaign", "unknown_campaign"),
        ({"owner_id": 999_999}, "owner", "unknown_user"),
    ],
)
def test_invalid_values_are_refused_by_field(org, changes, field, code):
    arguments = {"actor": org.rep, "first_name": "Ana", "company": "PLDT", "source": "web"}
    error = refused(RuleViolation, create_lead, **{**arguments, **changes})
    assert (error.field, error.code) == (field, code)


@pytest.mark.parametrize(
    ("actor", "owner"), [("rep", "rep2"), ("executive", None), ("service_agent", None)]
)
def test_people_who_may_not_own_or_assign_the_lead_are_forbidden(org, actor, owner):
    refused(
        Forbidden,
        create_lead,
        actor=getattr(org, actor),
        first_name="Ana",
        company="PLDT",
        source="web",
        owner_id=getattr(org, owner).pk if owner else None,
    )

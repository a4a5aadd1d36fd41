"""The clean step of a new lead: every wrong field at once, no query per row, and the
same refusal as the service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import Forbidden, RuleViolation
from patron.pipeline.cleaning.leads import LeadInput, clean_lead, lead_context
from patron.pipeline.services.leads import create_lead
from tests.factories.pipeline import CampaignFactory
from tests.pipeline.conftest import refused


def context_for(actor, rows):
    return lead_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        campaign_ids=[row.campaign_id for row in rows],
    )


def test_every_wrong_field_is_reported_with_its_code(org):
    # given
    row = LeadInput(
        first_name="",
        company="x" * 201,
        source="billboard",
        email="not-an-email",
        country="XX",
        campaign_id=999_999,
        owner_id=org.director.pk + 100_000,
    )
    # when
    cleaned = clean_lead(row, context_for(org.rep, [row]))
    # then
    assert not cleaned.ok
    assert cleaned.values is None
    assert [(error.field, error.code) for error in cleaned.errors] == [
        ("owner", "unknown_user"),
        ("first_name", "required"),
        ("company", "too_long"),
        ("email", "invalid_email"),
        ("country", "unknown_country"),
        ("source", "unknown_choice"),
        ("campaign", "unknown_campaign"),
    ]
    assert cleaned.errors[1].message == "This field is required."


def test_an_owner_the_actor_may_not_change_is_reported_on_the_owner_field(org):
    # given: a rep may not give a lead to a peer
    row = LeadInput(first_name="Ann", company="Thai Oil", source="web", owner_id=org.peer_rep.pk)
    # when
    cleaned = clean_lead(row, context_for(org.rep, [row]))
    # then
    assert [(error.field, error.code) for error in cleaned.errors] == [("owner", "forbidden")]


def test_a_clean_row_gives_the_values_the_service_writes(org):
    # given
    campaign = CampaignFactory()
    row = LeadInput(
        first_name=" Somchai ",
        company="Thai Oil",
        source="campaign",
        country="th",
        campaign_id=campaign.pk,
        owner_id=org.rep.pk,
    )
    # when
    values = clean_lead(row, context_for(org.manager, [row])).value_or_raise()
    lead = create_lead(actor=org.manager, **vars(row))
    # then
    assert (values.first_name, values.country, values.campaign_id, values.owner) == (
        "Somchai",
        "TH",
        campaign.pk,
        org.rep,
    )
    assert (lead.first_name, lead.country, lead.campaign_id, lead.owner) == (
        values.first_name,
        values.country,
        values.campaign_id,
        values.owner,
    )


def test_two_hundred_rows_are_cleaned_without_a_query(org, django_assert_num_queries):
    # given
    campaigns = [CampaignFactory() for _ in range(3)]
    owners = [org.rep, org.rep2, org.manager]
    rows = [
        LeadInput(
            first_name=f"Lead {number}",
            company="Thai Oil",
            source="web" if number % 7 else "billboard",
            campaign_id=campaigns[number % 3].pk,
            owner_id=owners[number % 3].pk,
        )
        for number in range(200)
    ]
    context = context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_lead(row, context) for row in rows]
    # then
    refused_rows = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused_rows == [number for number in range(200) if number % 7 == 0]


def test_the_context_costs_the_same_queries_for_one_row_or_many(org):
    # given
    campaigns = [CampaignFactory() for _ in range(5)]
    owners = [org.rep, org.rep2, org.manager]

    def rows(count):
        return [
            LeadInput(
                first_name="A",
                company="B",
                source="web",
                campaign_id=campaigns[number % 5].pk,
                owner_id=owners[number % 3].pk,
            )
            for number in range(count)
        ]

    # when
    counts = []
    for count in (1, 50):
        actor = type(org.manager).objects.get(pk=org.manager.pk)  # a fresh reporting tree
        with CaptureQueriesContext(connection) as queries:
            context_for(actor, rows(count))
        counts.append(len(queries))
    # then
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("fields", "error_type", "field", "code"),
    [
        ({"first_name": "", "source": "billboard"}, RuleViolation, "first_name", "required"),
        ({"source": "billboard", "country": "XX"}, RuleViolation, "country", "unknown_country"),
        ({"campaign_id": 999_999, "email": "x"}, RuleViolation, "email", "invalid_email"),
        ({"owner_id": -1, "first_name": ""}, RuleViolation, "owner", "unknown_user"),
    ],
)
def test_the_clean_step_and_the_service_refuse_with_the_same_first_code(
    org, fields, error_type, field, code
):
    # given
    row = LeadInput(**{"first_name": "Ann", "company": "Thai Oil", "source": "web", **fields})
    # when
    cleaned = clean_lead(row, context_for(org.rep, [row]))
    error = refused(error_type, create_lead, actor=org.rep, **vars(row))
    # then
    assert (cleaned.errors[0].field, cleaned.errors[0].code) == (field, code)
    assert (error.field, error.code) == (field, code)


def test_an_executive_is_forbidden_by_both(org):
    # given
    row = LeadInput(first_name="Ann", company="Thai Oil", source="web")
    # when
    cleaned = clean_lead(row, context_for(org.executive, [row]))
    error = refused(Forbidden, create_lead, actor=org.executive, **vars(row))
    # then
    assert cleaned.errors[0].code == error.code == "forbidden"

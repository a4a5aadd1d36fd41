"""The clean steps of pipelines, stages, campaigns and the people and competitors in a
deal: the values of a good row, every wrong field of a bad one at once, no query while
cleaning, and a context whose cost does not grow with the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patron.core.errors import DomainError
from patron.core.models import ExchangeRate
from patron.core.money import Money
from patron.org.models import User
from patron.pipeline.cleaning.campaigns import CampaignInput, campaign_context, clean_campaign
from patron.pipeline.cleaning.configuration import (
    PipelineInput,
    StageInput,
    clean_pipeline,
    clean_stage,
    pipeline_context,
    stage_context,
)
from patron.pipeline.cleaning.deal_people import (
    OpportunityCompetitorInput,
    OpportunityContactRoleInput,
    clean_opportunity_competitor,
    clean_opportunity_contact_role,
    opportunity_competitor_context,
    opportunity_contact_role_context,
)
from patron.pipeline.models import OpportunityCompetitor, OpportunityContactRole
from patron.pipeline.services.campaigns import create_campaign
from patron.pipeline.services.configuration import create_pipeline, create_stage
from patron.pipeline.services.deal_people import (
    add_opportunity_competitor,
    add_opportunity_contact_role,
)
from patron.pipeline.services.opportunities import create_opportunity
from tests.factories.accounts import AccountFactory, CompetitorFactory, ContactFactory
from tests.factories.org import TeamFactory
from tests.pipeline.conftest import CLOSE, OPENED, usd

START = dt.date(2026, 3, 1)


def fresh(user: User) -> User:
    """The user loaded again: their reporting tree not walked yet."""
    return User.objects.get(pk=user.pk)


def queries_of(build) -> int:
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured)


def codes(cleaned) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in cleaned.errors]


# Pipelines


def pipeline_context_for(actor, rows):
    return pipeline_context(
        actor,
        names=[row.name for row in rows],
        team_ids=[pk for row in rows for pk in row.default_for_team_ids],
    )


def test_a_clean_pipeline_gives_the_values_the_service_writes(org, pipeline):
    # given
    row = PipelineInput(
        name=" Renewals ",
        is_default=True,
        default_for_type="renewal",
        default_for_team_ids=[org.team.pk],
    )
    # when
    values = clean_pipeline(row, pipeline_context_for(org.sales_ops, [row])).value_or_raise()
    created = create_pipeline(actor=org.sales_ops, **vars(row))
    # then
    assert (values.name, values.is_default, values.default_for_type, values.teams) == (
        "Renewals",
        True,
        "renewal",
        (org.team,),
    )
    assert (created.name, created.is_default, created.default_for_type) == (
        values.name,
        values.is_default,
        values.default_for_type,
    )
    assert list(created.default_for_teams.all()) == [org.team]


def test_every_wrong_pipeline_field_is_reported(org, pipeline):
    # given: a rep sets up nothing, the name is taken whatever its case
    row = PipelineInput(
        name="NEW BUSINESS", default_for_type="upsell_x", default_for_team_ids=[999_999]
    )
    # when
    cleaned = clean_pipeline(row, pipeline_context_for(org.rep, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        (None, "forbidden"),
        ("name", "duplicate"),
        ("default_for_type", "unknown_choice"),
        ("default_for_teams", "unknown_reference"),
    ]
    assert cleaned.errors[1].message == "Another pipeline already has this name."


def test_pipelines_are_cleaned_without_a_query(org, pipeline, django_assert_num_queries):
    # given: every seventh row takes the existing pipeline's name
    rows = [
        PipelineInput(
            name="new business" if number % 7 == 0 else f"Pipeline {number}",
            default_for_team_ids=[[org.team, org.peer_team][number % 2].pk],
        )
        for number in range(100)
    ]
    context = pipeline_context_for(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_pipeline(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(100) if number % 7 == 0]


def test_a_pipeline_context_costs_the_same_queries_for_one_row_or_many(org, pipeline):
    teams = [TeamFactory() for _ in range(5)]

    def rows(count):
        return [
            PipelineInput(name=f"P{number}", default_for_team_ids=[teams[number % 5].pk])
            for number in range(count)
        ]

    assert queries_of(lambda: pipeline_context_for(org.sales_ops, rows(1))) == queries_of(
        lambda: pipeline_context_for(org.sales_ops, rows(80))
    )


# Stages


def stage_context_for(actor, rows):
    return stage_context(
        actor,
        pipeline_ids=[row.pipeline_id for row in rows],
        names=[(row.pipeline_id, row.name) for row in rows],
    )


def test_a_clean_stage_gives_the_values_the_service_writes(org, pipeline):
    # given
    row = StageInput(
        pipeline_id=pipeline.pk, name=" Discovery ", order=7, probability=15, is_qualified=True
    )
    # when
    values = clean_stage(row, stage_context_for(org.admin, [row])).value_or_raise()
    created = create_stage(actor=org.admin, **vars(row))
    # then
    assert (values.pipeline, values.name, values.order, values.probability) == (
        pipeline,
        "Discovery",
        7,
        15,
    )
    assert (values.category, values.is_qualified) == ("open", True)
    assert (created.name, created.order, created.probability, created.category) == (
        values.name,
        values.order,
        values.probability,
        values.category,
    )


def test_every_wrong_stage_field_is_reported(org, pipeline):
    # given: a manager configures nothing; the name and the place are the Proposal
    # stage's, and the pipeline already has its won stage
    row = StageInput(
        pipeline_id=pipeline.pk, name="PROPOSAL", order=3, probability=150, category="won"
    )
    # when
    cleaned = clean_stage(row, stage_context_for(org.manager, [row]))
    # then
    assert cleaned.values is None
    assert codes(cleaned) == [
        (None, "forbidden"),
        ("name", "duplicate"),
        ("order", "duplicate"),
        ("probability", "out_of_range"),
        ("category", "closing_stage_taken"),
    ]


def test_a_closed_stage_with_the_wrong_probability_is_refused_on_both_rules(org, pipeline):
    row = StageInput(pipeline_id=pipeline.pk, name="Gone", order=9, probability=5, category="lost")
    cleaned = clean_stage(row, stage_context_for(org.sales_ops, [row]))
    assert codes(cleaned) == [
        ("probability", "probability_for_category"),
        ("category", "closing_stage_taken"),
    ]
    assert cleaned.errors[0].message == "A Lost stage has a probability of 0%."


def test_an_unknown_pipeline_is_reported_with_the_stages_own_errors(org):
    row = StageInput(pipeline_id=999_999, name="", order=0, probability=10, category="maybe")
    cleaned = clean_stage(row, stage_context_for(org.sales_ops, [row]))
    assert codes(cleaned) == [
        ("pipeline", "not_found"),
        ("name", "required"),
        ("order", "out_of_range"),
        ("category", "unknown_choice"),
    ]


def test_stages_are_cleaned_without_a_query(org, pipeline, django_assert_num_queries):
    # given: rows in the standard pipeline and an empty one; every fifth row takes a
    # place the standard pipeline already has
    empty = create_pipeline(actor=org.sales_ops, name="Renewals")
    rows = [
        StageInput(
            pipeline_id=[pipeline, empty][number % 2].pk,
            name=f"Stage {number}",
            order=2 if number % 5 == 0 and number % 2 == 0 else 100 + number,
            probability=50,
        )
        for number in range(120)
    ]
    context = stage_context_for(org.sales_ops, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_stage(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(120) if number % 10 == 0]


def test_a_stage_context_costs_the_same_queries_for_one_row_or_many(org, pipeline):
    others = [create_pipeline(actor=org.sales_ops, name=f"Other {n}") for n in range(3)]
    pipelines = [pipeline, *others]

    def rows(count):
        return [
            StageInput(
                pipeline_id=pipelines[number % 4].pk, name=f"S{number}", order=1, probability=5
            )
            for number in range(count)
        ]

    assert queries_of(lambda: stage_context_for(org.sales_ops, rows(1))) == queries_of(
        lambda: stage_context_for(org.sales_ops, rows(60))
    )


# Campaigns


def campaign_context_for(actor, rows):
    return campaign_context(
        actor,
        owner_ids=[row.owner_id for row in rows],
        currencies=[row.cost.currency if row.cost else row.currency for row in rows],
    )


@pytest.fixture
def thb_rates(db):
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 1, 1), rate="0.0280")
    ExchangeRate.objects.create(currency="THB", valid_from=dt.date(2026, 4, 1), rate="0.0300")


def test_a_clean_campaign_gives_the_values_the_service_writes(org, thb_rates):
    # given: 1,000.00 THB committed on 1 March, at the January rate
    row = CampaignInput(
        name=" Bangkok Expo ",
        channel="event",
        starts_on=START,
        ends_on=dt.date(2026, 3, 3),
        cost=Money(Decimal("1000.00"), "THB"),
        owner_id=org.rep.pk,
    )
    # when
    values = clean_campaign(row, campaign_context_for(org.manager, [row])).value_or_raise()
    campaign = create_campaign(actor=org.manager, **vars(row))
    # then
    assert (values.name, values.channel, values.owner, values.currency) == (
        "Bangkok Expo",
        "event",
        org.rep,
        "THB",
    )
    assert (values.cost_minor, values.cost_base_minor) == (100_000, 2_800)
    assert (campaign.cost_minor, campaign.cost_base_minor, campaign.owner) == (
        values.cost_minor,
        values.cost_base_minor,
        values.owner,
    )


def test_every_wrong_campaign_field_is_reported(org):
    row = CampaignInput(
        name=" ",
        channel="radio",
        starts_on=START,
        ends_on=dt.date(2026, 2, 28),
        cost=usd("-1.00"),
        owner_id=999_999,
    )
    cleaned = clean_campaign(row, campaign_context_for(org.sales_ops, [row]))
    assert cleaned.values is None
    assert codes(cleaned) == [
        ("owner", "unknown_user"),
        ("cost", "negative_amount"),
        ("ends_on", "ends_before_start"),
        ("name", "required"),
        ("channel", "unknown_choice"),
    ]
    assert cleaned.errors[2].message == "A campaign cannot end before it starts (2026-03-01)."


def test_a_cost_without_a_rate_and_an_actor_who_runs_no_campaign_are_reported(org, thb_rates):
    row = CampaignInput(
        name="Old expo",
        channel="event",
        starts_on=dt.date(2025, 12, 1),
        cost=Money(Decimal("10.00"), "THB"),
    )
    cleaned = clean_campaign(row, campaign_context_for(org.rep, [row]))
    assert codes(cleaned) == [("owner", "forbidden"), ("cost", "no_exchange_rate")]


@pytest.mark.parametrize(
    ("actor", "changes"),
    [
        ("rep", {"name": ""}),
        ("manager", {"owner_id": "peer_rep", "channel": "radio"}),
        ("sales_ops", {"cost": "THB", "starts_on": dt.date(2025, 1, 1), "name": ""}),
        ("sales_ops", {"cost": "THB", "starts_on": dt.date(2025, 1, 1)}),
    ],
)
def test_the_clean_step_and_the_service_refuse_a_campaign_alike(org, thb_rates, actor, changes):
    # given
    references = {"peer_rep": org.peer_rep.pk, "THB": Money(Decimal("5.00"), "THB")}
    arguments = {"name": "Expo", "channel": "event", "starts_on": START, **changes}
    arguments = {key: references.get(value, value) for key, value in arguments.items()}
    row = CampaignInput(**arguments)
    user = getattr(org, actor)
    # when
    cleaned = clean_campaign(row, campaign_context_for(user, [row]))
    with pytest.raises(DomainError) as refusal:
        create_campaign(actor=user, **arguments)
    # then
    assert (cleaned.errors[0].code, cleaned.errors[0].message) == (
        refusal.value.code,
        refusal.value.message,
    )


def test_campaigns_are_cleaned_without_a_query(org, thb_rates, django_assert_num_queries):
    # given: every ninth row's cost has no rate that early
    owners = [org.manager, org.rep, org.rep2]
    rows = [
        CampaignInput(
            name=f"Campaign {number}",
            channel="webinar",
            starts_on=dt.date(2025, 6, 1) if number % 9 == 0 else START,
            cost=Money(Decimal("100.00"), "THB") if number % 3 == 0 else usd("20.00"),
            owner_id=owners[number % 3].pk,
        )
        for number in range(150)
    ]
    context = campaign_context_for(org.manager, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_campaign(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(150) if number % 9 == 0]


def test_a_campaign_context_costs_the_same_queries_for_one_row_or_many(org, thb_rates):
    owners = [org.manager, org.rep, org.rep2]

    def rows(count):
        return [
            CampaignInput(
                name="C",
                channel="event",
                starts_on=START,
                cost=Money(Decimal("1.00"), ["THB", "USD", "EUR"][number % 3]),
                owner_id=owners[number % 3].pk,
            )
            for number in range(count)
        ]

    assert queries_of(lambda: campaign_context_for(fresh(org.manager), rows(1))) == queries_of(
        lambda: campaign_context_for(fresh(org.manager), rows(90))
    )


# Contacts and competitors in a deal


def contact_role_context_for(actor, rows):
    return opportunity_contact_role_context(
        actor,
        opportunity_ids=[row.opportunity_id for row in rows],
        contact_ids=[row.contact_id for row in rows],
    )


def competitor_context_for(actor, rows):
    return opportunity_competitor_context(
        actor,
        opportunity_ids=[row.opportunity_id for row in rows],
        competitor_ids=[row.competitor_id for row in rows],
    )


def more_deals(org, count):
    """`count` deals of the rep, each at an account of its own with one contact."""
    deals = []
    for number in range(count):
        account = AccountFactory(owner=org.rep)
        ContactFactory(account=account)
        deals.append(
            create_opportunity(
                actor=org.rep,
                account_id=account.pk,
                name=f"Deal {number}",
                close_date=CLOSE,
                opened_on=OPENED,
            )
        )
    return deals


def test_a_clean_contact_role_gives_the_values_the_service_writes(org, deal, customer):
    # given
    contact = ContactFactory(account=customer)
    row = OpportunityContactRoleInput(
        opportunity_id=deal.pk, contact_id=contact.pk, role="economic_buyer", is_primary=True
    )
    # when
    values = clean_opportunity_contact_role(
        row, contact_role_context_for(org.manager, [row])
    ).value_or_raise()
    link = add_opportunity_contact_role(actor=org.manager, **vars(row))
    # then
    assert (values.opportunity, values.contact, values.role, values.is_primary) == (
        deal,
        contact,
        "economic_buyer",
        True,
    )
    assert (link.opportunity, link.contact, link.role, link.is_primary) == (
        values.opportunity,
        values.contact,
        values.role,
        values.is_primary,
    )


def test_every_wrong_contact_role_field_is_reported(org, deal, customer):
    # given: a contact of another company, then one already in the deal
    stranger = ContactFactory(account=AccountFactory(owner=org.rep))
    member = ContactFactory(account=customer)
    OpportunityContactRole.objects.create(opportunity=deal, contact=member)
    rows = [
        OpportunityContactRoleInput(opportunity_id=deal.pk, contact_id=stranger.pk, role="king"),
        OpportunityContactRoleInput(opportunity_id=deal.pk, contact_id=member.pk, role="king"),
    ]
    context = contact_role_context_for(org.rep, rows)
    # when
    outcomes = [clean_opportunity_contact_role(row, context) for row in rows]
    # then
    assert [codes(outcome) for outcome in outcomes] == [
        [("contact", "contact_not_on_account"), ("role", "unknown_choice")],
        [("role", "unknown_choice"), ("contact", "duplicate")],
    ]


@pytest.mark.parametrize(
    ("persona", "code"),
    [("peer_rep", "not_found"), ("account_manager", "forbidden"), ("executive", "forbidden")],
)
def test_who_may_not_change_the_deal_is_refused_first(org, deal, customer, persona, code):
    # given
    contact = ContactFactory(account=customer)
    row = OpportunityContactRoleInput(opportunity_id=deal.pk, contact_id=contact.pk, role="x")
    user = getattr(org, persona)
    # when
    cleaned = clean_opportunity_contact_role(row, contact_role_context_for(user, [row]))
    with pytest.raises(DomainError) as refusal:
        add_opportunity_contact_role(actor=user, **vars(row))
    # then
    assert codes(cleaned) == [("opportunity", code), ("role", "unknown_choice")]
    assert (refusal.value.code, refusal.value.message) == (code, cleaned.errors[0].message)


def test_contact_roles_are_cleaned_without_a_query(org, pipeline, django_assert_num_queries):
    # given: every fourth row names a contact of the next deal's account
    deals = more_deals(org, 4)
    contacts = [deal.account.contacts.get() for deal in deals]
    rows = [
        OpportunityContactRoleInput(
            opportunity_id=deals[number % 4].pk,
            contact_id=contacts[(number + (number % 4 == 0)) % 4].pk,
        )
        for number in range(100)
    ]
    context = contact_role_context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_opportunity_contact_role(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(100) if number % 4 == 0]


def test_a_contact_role_context_costs_the_same_queries_for_one_row_or_many(org, pipeline):
    deals = more_deals(org, 5)
    contacts = [deal.account.contacts.get() for deal in deals]

    def rows(count):
        return [
            OpportunityContactRoleInput(
                opportunity_id=deals[number % 5].pk, contact_id=contacts[number % 5].pk
            )
            for number in range(count)
        ]

    assert queries_of(lambda: contact_role_context_for(fresh(org.manager), rows(1))) == (
        queries_of(lambda: contact_role_context_for(fresh(org.manager), rows(50)))
    )


def test_a_clean_deal_competitor_gives_the_values_the_service_writes(org, deal):
    # given
    competitor = CompetitorFactory()
    row = OpportunityCompetitorInput(
        opportunity_id=deal.pk, competitor_id=competitor.pk, note=" Cheaper "
    )
    # when
    values = clean_opportunity_competitor(
        row, competitor_context_for(org.rep, [row])
    ).value_or_raise()
    link = add_opportunity_competitor(actor=org.rep, **vars(row))
    # then
    assert (values.opportunity, values.competitor, values.note) == (deal, competitor, "Cheaper")
    assert (link.opportunity, link.competitor, link.note) == (deal, competitor, "Cheaper")


def test_every_wrong_deal_competitor_field_is_reported(org, deal):
    # given: a deal the peer rep cannot see and a competitor that does not exist; a
    # competitor already in the deal
    known = CompetitorFactory()
    OpportunityCompetitor.objects.create(opportunity=deal, competitor=known)
    rows = [
        OpportunityCompetitorInput(opportunity_id=deal.pk, competitor_id=999_999),
        OpportunityCompetitorInput(opportunity_id=deal.pk, competitor_id=known.pk),
    ]
    # when
    hidden = [clean_opportunity_competitor(rows[0], competitor_context_for(org.peer_rep, rows))]
    seen = [
        clean_opportunity_competitor(row, competitor_context_for(org.rep, rows)) for row in rows
    ]
    # then
    assert codes(hidden[0]) == [("opportunity", "not_found"), ("competitor", "unknown_competitor")]
    assert [codes(outcome) for outcome in seen] == [
        [("competitor", "unknown_competitor")],
        [("competitor", "duplicate")],
    ]
    assert seen[1].errors[0].message == "This competitor is already in the deal."


def test_deal_competitors_are_cleaned_without_a_query(org, pipeline, django_assert_num_queries):
    # given: every sixth row names a competitor that does not exist
    deals = more_deals(org, 3)
    competitors = [CompetitorFactory() for _ in range(4)]
    rows = [
        OpportunityCompetitorInput(
            opportunity_id=deals[number % 3].pk,
            competitor_id=999_999 if number % 6 == 0 else competitors[number % 4].pk,
        )
        for number in range(120)
    ]
    context = competitor_context_for(org.rep, rows)
    # when
    with django_assert_num_queries(0):
        outcomes = [clean_opportunity_competitor(row, context) for row in rows]
    # then
    refused = [number for number, outcome in enumerate(outcomes) if not outcome.ok]
    assert refused == [number for number in range(120) if number % 6 == 0]


def test_a_deal_competitor_context_costs_the_same_queries_for_one_row_or_many(org, pipeline):
    deals = more_deals(org, 4)
    competitors = [CompetitorFactory() for _ in range(4)]

    def rows(count):
        return [
            OpportunityCompetitorInput(
                opportunity_id=deals[number % 4].pk, competitor_id=competitors[number % 4].pk
            )
            for number in range(count)
        ]

    assert queries_of(lambda: competitor_context_for(fresh(org.rep), rows(1))) == queries_of(
        lambda: competitor_context_for(fresh(org.rep), rows(40))
    )

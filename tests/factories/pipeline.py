"""Pipeline factories. `default_pipeline()` builds the standard six-stage pipeline once."""

import datetime as dt

import factory

from patron.pipeline.choices import OpportunityStatus, StageCategory
from patron.pipeline.models import Campaign, Lead, Opportunity, Pipeline, Stage
from tests.factories.accounts import AccountFactory

STANDARD_STAGES = [
    # name, probability, category, qualified
    ("Prospecting", 10, StageCategory.OPEN, False),
    ("Qualification", 20, StageCategory.OPEN, True),
    ("Proposal", 50, StageCategory.OPEN, True),
    ("Negotiation", 80, StageCategory.OPEN, True),
    ("Closed won", 100, StageCategory.WON, True),
    ("Closed lost", 0, StageCategory.LOST, False),
]


def default_pipeline() -> Pipeline:
    pipeline, created = Pipeline.objects.get_or_create(
        name="New business", defaults={"is_default": True}
    )
    if created:
        for order, (name, probability, category, qualified) in enumerate(STANDARD_STAGES, 1):
            Stage.objects.create(
                pipeline=pipeline,
                name=name,
                order=order,
                probability=probability,
                category=category,
                is_qualified=qualified,
            )
    return pipeline


def stage(name: str) -> Stage:
    return default_pipeline().stages.get(name=name)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    channel = "webinar"
    starts_on = dt.date(2026, 1, 1)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    company = factory.Sequence(lambda n: f"Lead Company {n}")
    email = factory.Sequence(lambda n: f"lead{n}@prospect.example")
    source = "web"


class OpportunityFactory(factory.django.DjangoModelFactory):
    """An open deal in the first stage. Inserted directly (no history): tests of the
    services create deals through `pipeline.services.create_opportunity` instead."""

    class Meta:
        model = Opportunity

    name = factory.Sequence(lambda n: f"Deal {n}")
    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")
    pipeline = factory.LazyFunction(default_pipeline)
    stage = factory.LazyAttribute(lambda deal: deal.pipeline.stages.order_by("order").first())
    status = OpportunityStatus.OPEN
    currency = "USD"
    amount_minor = 1_000_000
    amount_base_minor = 1_000_000
    opened_on = dt.date(2026, 1, 5)
    close_date = dt.date(2026, 3, 31)

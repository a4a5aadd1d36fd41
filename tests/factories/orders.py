"""Order-to-cash factories. Rows are inserted directly, in the state asked for: tests of
a service build the records it starts from here and run the service under test."""

import datetime as dt

import factory

from patron.orders.choices import ContractStatus, OrderStatus
from patron.orders.models import Contract, SalesOrder
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.models import Opportunity
from tests.factories.accounts import AccountFactory
from tests.factories.pipeline import OpportunityFactory, stage


def won_opportunity(**fields: object) -> Opportunity:
    """A deal inserted as won on 27 February 2026, as orders and contracts start from.
    (Inserted directly: winning a deal is the pipeline services' job, not tested here.)"""
    return OpportunityFactory(
        status=OpportunityStatus.WON,
        stage=stage("Closed won"),
        close_date=dt.date(2026, 2, 27),
        closed_at=dt.datetime(2026, 2, 27, 15, 0, tzinfo=dt.UTC),
        **fields,
    )


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")
    number = factory.Sequence(lambda n: f"CT-TEST-{n:06d}")
    status = ContractStatus.ACTIVE
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2026, 12, 31)
    currency = "USD"
    total_value_minor = 1_200_000
    annual_value_minor = 1_200_000
    total_value_base_minor = 1_200_000


class SalesOrderFactory(factory.django.DjangoModelFactory):
    """An order without lines, carrying just its total (what invoicing reads)."""

    class Meta:
        model = SalesOrder

    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")
    number = factory.Sequence(lambda n: f"SO-TEST-{n:06d}")
    status = OrderStatus.CONFIRMED
    order_date = dt.date(2026, 3, 2)
    currency = "USD"
    total_minor = 100_000
    total_base_minor = 100_000
    confirmed_at = factory.LazyFunction(lambda: dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))

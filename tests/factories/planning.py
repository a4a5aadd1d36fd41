import datetime as dt

import factory

from patron.planning.choices import QuotaMetric
from patron.planning.models import AccountPlan, AccountPlanAction, AccountPlanTarget, Quota
from tests.factories.accounts import AccountFactory
from tests.factories.catalog import ProductFactory


class AccountPlanFactory(factory.django.DjangoModelFactory):
    """A draft plan for FY2026 in USD, owned by the account's owner."""

    class Meta:
        model = AccountPlan

    account = factory.SubFactory(AccountFactory)
    fiscal_year = 2026
    owner = factory.SelfAttribute("account.owner")
    currency = "USD"


class AccountPlanTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountPlanTarget

    plan = factory.SubFactory(AccountPlanFactory)
    product = factory.SubFactory(ProductFactory)
    target_minor = 5_000_000


class AccountPlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountPlanAction

    plan = factory.SubFactory(AccountPlanFactory)
    description = factory.Sequence(lambda n: f"Step {n}")
    owner = factory.SelfAttribute("plan.owner")
    due_on = dt.date(2026, 4, 30)


class QuotaFactory(factory.django.DjangoModelFactory):
    """A bookings quota for the first quarter of 2026."""

    class Meta:
        model = Quota

    metric = QuotaMetric.BOOKINGS
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 4, 1)
    target = 50_000_000

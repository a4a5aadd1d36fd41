"""Customer-service factories: SLA policies and cases inserted in the state asked for."""

import datetime as dt

import factory

from patron.service.choices import CasePriority, CaseStatus
from patron.service.models import Case, SlaPolicy
from tests.factories.accounts import AccountFactory


class SlaPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlaPolicy
        django_get_or_create = ("priority",)

    name = factory.LazyAttribute(lambda policy: f"{policy.priority} SLA")
    priority = CasePriority.NORMAL
    first_response_minutes = 240
    resolution_minutes = 2880


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    number = factory.Sequence(lambda n: f"CS-TEST-{n:06d}")
    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")
    subject = factory.Sequence(lambda n: f"Problem {n}")
    status = CaseStatus.NEW
    opened_at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

import datetime as dt

import factory

from patron.activities.choices import ActivityKind, ActivityStatus
from patron.activities.models import Activity
from tests.factories.accounts import AccountFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    """A planned call on an account, owned by the account's owner. Inserted directly:
    tests of the services log activities through `activities.services`."""

    class Meta:
        model = Activity

    kind = ActivityKind.CALL
    subject = factory.Sequence(lambda n: f"Call {n}")
    account = factory.SubFactory(AccountFactory)
    owner = factory.SelfAttribute("account.owner")
    status = ActivityStatus.PLANNED
    starts_at = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
    duration_minutes = 30

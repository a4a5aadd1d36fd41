"""Forecast factories: rows inserted directly (no audit event); tests of the services
submit through `patron.forecasting.services` instead."""

import datetime as dt

import factory
from django.utils import timezone

from patron.forecasting.choices import SubmissionKind
from patron.forecasting.models import ForecastSubmission
from tests.factories.org import UserFactory


class ForecastSubmissionFactory(factory.django.DjangoModelFactory):
    """A rep's own call for the second quarter of 2026."""

    class Meta:
        model = ForecastSubmission

    user = factory.SubFactory(UserFactory)
    submitted_by = factory.SelfAttribute("user")
    kind = SubmissionKind.SUBMISSION
    period_start = dt.date(2026, 4, 1)
    period_end = dt.date(2026, 7, 1)
    commit_minor = 5_000_000
    best_case_minor = 8_000_000
    submitted_at = factory.LazyFunction(timezone.now)

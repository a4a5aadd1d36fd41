"""Pages show times in the signed-in user's time zone, else in the company's."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from patron.core.models import CompanySettings
from patron.pipeline.models import OpportunityHistory
from patron.web.middleware import TimeZoneMiddleware
from tests.factories.pipeline import OpportunityFactory

# 20:00 UTC on 31 March: 03:00 on 1 April in Bangkok (UTC+7), 04:00 in Manila (UTC+8).
CHANGED_AT = dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def company_in_manila(company):
    CompanySettings.objects.filter(pk=company.pk).update(time_zone="Asia/Manila")


def zone_seen_by_the_view(user) -> str:
    """The time zone active while a view runs behind the middleware."""
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user
    TimeZoneMiddleware(view)(request)
    return seen[0]


def test_a_user_with_a_time_zone_sees_their_own(org, company_in_manila):
    org.rep.time_zone = "Asia/Bangkok"
    assert zone_seen_by_the_view(org.rep) == "Asia/Bangkok"


def test_a_user_without_a_time_zone_sees_the_companys(org, company_in_manila):
    assert org.rep.time_zone == ""
    assert zone_seen_by_the_view(org.rep) == "Asia/Manila"


def test_an_unknown_user_time_zone_falls_back_to_the_companys(org, company_in_manila):
    org.rep.time_zone = "Asia/Atlantis"
    assert zone_seen_by_the_view(org.rep) == "Asia/Manila"


def test_anonymous_visitors_see_the_companys(company_in_manila):
    assert zone_seen_by_the_view(AnonymousUser()) == "Asia/Manila"


def test_the_zone_does_not_outlive_the_request(org, company_in_manila):
    org.rep.time_zone = "Asia/Bangkok"
    zone_seen_by_the_view(org.rep)
    assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.parametrize(
    ("own_zone", "shown"),
    [("Asia/Bangkok", "2026-04-01T03:00:00+07:00"), ("", "2026-04-01T04:00:00+08:00")],
)
def test_the_deal_history_is_dated_in_the_viewers_zone(
    client_for, org, company_in_manila, own_zone, shown
):
    # given
    org.rep.time_zone = own_zone
    org.rep.save(update_fields=["time_zone"])
    deal = OpportunityFactory(owner=org.rep)
    OpportunityHistory.objects.create(
        opportunity=deal,
        field="close_date",
        old_value="2026-04-30",
        new_value="2026-05-31",
        changed_by=org.rep,
        changed_at=CHANGED_AT,
    )
    # when
    html = client_for(org.rep).get(reverse("web:opportunity-detail", args=[deal.pk])).content
    # then
    assert f'datetime="{shown}"'.encode() in html

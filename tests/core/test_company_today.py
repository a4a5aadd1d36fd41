"""Business dates are the company's dates: "today" is cut in the company's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from patron.core.models import CompanySettings, company_today, known_zone

# 20:00 UTC on 31 March is already 1 April in Bangkok (UTC+7).
LATE_ON_MARCH_31_UTC = dt.datetime(2026, 3, 31, 20, 0, tzinfo=dt.UTC)


def set_company_zone(name: str) -> None:
    CompanySettings.objects.filter(pk=CompanySettings.current().pk).update(time_zone=name)


@time_machine.travel(LATE_ON_MARCH_31_UTC, tick=False)
def test_today_is_the_date_in_the_company_time_zone(company):
    set_company_zone("Asia/Bangkok")
    assert company_today() == dt.date(2026, 4, 1)


@time_machine.travel(LATE_ON_MARCH_31_UTC, tick=False)
def test_an_unknown_company_zone_counts_as_utc(company):
    set_company_zone("Mars/Olympus_Mons")
    assert CompanySettings.current().zone == ZoneInfo("UTC")
    assert company_today() == dt.date(2026, 3, 31)


@pytest.mark.parametrize("name", ["", "Nowhere/City", "../../etc/passwd"])
def test_a_blank_or_unknown_zone_name_is_no_zone(name):
    assert known_zone(name) is None


def test_a_known_zone_name_is_that_zone():
    assert known_zone("Asia/Manila") == ZoneInfo("Asia/Manila")

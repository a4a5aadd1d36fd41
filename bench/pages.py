"""Benchmark every page of Patron for every kind of person on a generated company.

    python bench/demo_data.py --scale large --home /tmp/bench/large      # once
    python bench/pages.py --home /tmp/bench/large [--repeat 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/pages.py

Each page is requested through Django's test client (no network, no web server: the
figure is Patron's own work — queries, visibility, templates) as seven people of the
generated company: the account executive with the most accounts, the account manager
on the most account teams, the first-line manager of the biggest squad, the director
whose people own closest to half the company's deals, sales operations, a service
agent and an executive. Per page and person it prints the median (p50) and the 95th
percentile (p95) of `--repeat` requests and the number of SQL queries. As a baseline
measured in the same run, the sign-in page (no query, same middleware and template
engine) is timed the same way; each page's median is also printed as a ratio of it.

Query counts must not grow with the rows a page shows: every list is requested once
with a full page and once narrowed to a row or two, every detail page for the record
with the most related rows and for one with the fewest; the run fails (exit status 1)
when the bigger page needs more queries. `--targets` also fails it when a page misses
the performance targets (p95 ≤ 200 ms everywhere, p50 ≤ 50 ms for the account
executive and the account manager).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

P95_TARGET_MS = 200.0
P50_TARGET_MS = 50.0
P50_PEOPLE = {"account executive", "account manager"}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="PATRON_HOME of the generated company")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", help="only the people whose name contains this")
    parser.add_argument("--targets", action="store_true", help="fail when a page misses its target")
    return parser.parse_args()


def _people() -> dict[str, Any]:
    from django.db.models import Count

    from patron.accounts.models import Account, AccountTeamMember
    from patron.org.choices import Role
    from patron.org.models import Team, User
    from patron.pipeline.models import Opportunity, OpportunityAccess

    def top(rows: Any, field: str) -> User:
        row = rows.values(field).annotate(n=Count("pk")).order_by("-n", field)[0]
        return User.objects.get(pk=row[field])

    deals = Opportunity.objects.count()
    managers = list(User.objects.filter(role=Role.SALES_MANAGER, is_active=True))
    reach = dict(
        OpportunityAccess.objects.filter(viewer__in=managers)
        .values_list("viewer")
        .annotate(n=Count("pk"))
    )
    director = min(managers, key=lambda user: (abs(reach.get(user.pk, 0) - deals / 2), user.pk))
    leaf_teams = Team.objects.filter(
        children__isnull=True, manager__role=Role.SALES_MANAGER, manager__is_active=True
    )
    squad = leaf_teams.annotate(n=Count("members")).order_by("-n", "pk")[0]
    return {
        "account executive": top(Account.objects.filter(owner__role=Role.REP), "owner"),
        "account manager": top(
            AccountTeamMember.objects.filter(user__role=Role.ACCOUNT_MANAGER), "user"
        ),
        "first-line manager": squad.manager,
        "director": director,
        "sales operations": User.objects.filter(role=Role.SALES_OPS).order_by("pk")[0],
        "service agent": User.objects.filter(role=Role.SERVICE_AGENT).order_by("pk")[0],
        "executive": User.objects.filter(role=Role.EXECUTIVE).order_by("pk")[0],
    }


@dataclass(frozen=True)
class Page:
    """A page to time, and the same page showing fewer rows (for the query check)."""

    name: str
    url: str
    smaller: str | None = None


def _pages(person: Any) -> list[Page]:
    from django.db.models import Count

    from patron.accounts.models import Account
    from patron.pipeline.models import Opportunity
    from patron.pipeline.selectors import sees_any_opportunities

    accounts = Account.objects.visible_to(person)
    first_account = accounts.order_by("name", "pk").first()
    # Detail pages: the visible account with the most deals among the first visible
    # ones, and one of the same shape (a parent or none; at least one deal) with the
    # fewest — optional sections (the parent) cost their query on both.
    sample = list(
        accounts.order_by("pk")[:200]
        .annotate(n=Count("opportunities"))
        .values_list("pk", "n", "parent_id")
    )
    busiest_row = max(sample, key=lambda row: (row[1], -row[0]))
    same_shape = [
        row for row in sample if (row[2] is None) == (busiest_row[2] is None) and row[1] > 0
    ] or [busiest_row]
    busiest = busiest_row[0]
    quietest = min(same_shape, key=lambda row: (row[1], row[0]))[0]
    search = first_account.name if first_account else "x"
    pages = [
        Page("home", "/"),
        Page("accounts", "/accounts/", f"/accounts/?q={search}"),
        Page("accounts, search 'th'", "/accounts/?q=th", f"/accounts/?q={search}"),
        Page("accounts, by name, page 3", "/accounts/?sort=name&page=3"),
        Page("account", f"/accounts/{busiest}/", f"/accounts/{quietest}/"),
    ]
    if sees_any_opportunities(person):
        deals = Opportunity.objects.visible_to(person)
        deal = deals.order_by("-pk").first()
        deal_search = deal.name if deal else "x"
        pages += [
            Page("opportunities", "/opportunities/", f"/opportunities/?q={deal_search}"),
            Page(
                "opportunities, by amount",
                "/opportunities/?sort=-amount",
                f"/opportunities/?sort=-amount&q={deal_search}",
            ),
            Page("opportunities, open", "/opportunities/?status=open"),
            Page("opportunity", f"/opportunities/{deal.pk}/"),
        ]
    return pages


@dataclass(frozen=True)
class Timing:
    p50: float
    p95: float
    queries: int


def _queries(client: Any, url: str) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response.status_code


def _time(client: Any, url: str, repeat: int) -> Timing:
    client.get(url)  # warm: template compilation, first connection
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    timings.sort()
    queries, status = _queries(client, url)
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    p95 = timings[min(len(timings) - 1, math.ceil(0.95 * len(timings)) - 1)]
    return Timing(statistics.median(timings), p95, queries)


def main() -> None:
    arguments = _arguments()
    if arguments.home:
        os.environ["PATRON_HOME"] = str(arguments.home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patron.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    from patron.accounts.models import Account
    from patron.pipeline.models import Opportunity

    print(
        f"database: {connection.vendor}, {Account.objects.count():,} accounts, "
        f"{Opportunity.objects.count():,} opportunities; {arguments.repeat} requests per page"
    )
    baseline = _time(Client(), "/login/", arguments.repeat).p50
    print(f"baseline: sign-in page {baseline * 1000:.1f} ms (median)")
    print(
        f"{'person':19s} {'page':27s} {'p50':>8s} {'p95':>8s} {'queries':>7s} "
        f"{'fewer rows':>10s} ratio"
    )
    failures: list[str] = []
    for role, person in _people().items():
        if arguments.only and arguments.only not in role:
            continue
        client = Client()
        client.force_login(person)
        for page in _pages(person):
            timing = _time(client, page.url, arguments.repeat)
            fewer = ""
            if page.smaller:
                smaller_queries, _status = _queries(client, page.smaller)
                fewer = str(smaller_queries)
                if timing.queries > smaller_queries:
                    failures.append(
                        f"{role}, {page.name}: {timing.queries} queries for a full page, "
                        f"{smaller_queries} for fewer rows — a query per row"
                    )
            print(
                f"{role:19s} {page.name:27s} {timing.p50 * 1000:6.1f}ms {timing.p95 * 1000:6.1f}ms "
                f"{timing.queries:7d} {fewer:>10s} {timing.p50 / baseline:5.1f}×"
            )
            if arguments.targets:
                if timing.p95 * 1000 > P95_TARGET_MS:
                    failures.append(f"{role}, {page.name}: p95 {timing.p95 * 1000:.0f} ms")
                if role in P50_PEOPLE and timing.p50 * 1000 > P50_TARGET_MS:
                    failures.append(f"{role}, {page.name}: p50 {timing.p50 * 1000:.0f} ms")
        print(f"{'':19s} ({person.username}, {role})", file=sys.stderr)
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

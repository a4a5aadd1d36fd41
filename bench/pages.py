"""Benchmark the first pages on a generated company: how long each takes to render.

    python bench/demo_data.py --scale large --home /tmp/bench/large      # once
    python bench/pages.py --home /tmp/bench/large [--repeat 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/pages.py

Each page is requested through Django's test client (no network, no web server: the
figure is Patron's own work — queries, visibility, template) as four people of the
generated company: the account executive with the most accounts, a sales manager with
the biggest team, sales operations (sees everything) and a service agent. The median
and the slowest of `--repeat` requests are printed per page and person, with the
number of SQL queries. As a baseline measured in the same run, the sign-in page (no
query, same middleware and template engine) is timed the same way; each page's
median is also printed as a ratio of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="PATRON_HOME of the generated company")
    parser.add_argument("--repeat", type=int, default=15)
    return parser.parse_args()


def _people() -> dict[str, object]:
    from django.db.models import Count

    from patron.accounts.models import Account
    from patron.org.choices import Role
    from patron.org.models import Team, User

    top_owner = (
        Account.objects.filter(owner__role=Role.REP)
        .values("owner")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner")[0]["owner"]
    )
    biggest_team = (
        Team.objects.filter(manager__isnull=False, manager__role=Role.SALES_MANAGER)
        .annotate(n=Count("members"))
        .order_by("-n", "pk")
        .first()
    )
    return {
        "account executive": User.objects.get(pk=top_owner),
        "sales manager": biggest_team.manager,
        "sales operations": User.objects.filter(role=Role.SALES_OPS).order_by("pk")[0],
        "service agent": User.objects.filter(role=Role.SERVICE_AGENT).order_by("pk")[0],
    }


def _pages(person: object) -> dict[str, str]:
    from patron.accounts.models import Account
    from patron.pipeline.models import Opportunity

    account = Account.objects.visible_to(person).order_by("pk").first()
    deal = Opportunity.objects.visible_to(person).order_by("-pk").first()
    pages = {
        "home": "/",
        "accounts": "/accounts/",
        "accounts, search 'th'": "/accounts/?q=th",
        "accounts, sorted by name, page 3": "/accounts/?sort=name&page=3",
        "account detail": f"/accounts/{account.pk}/",
    }
    if deal is not None:
        pages["opportunities"] = "/opportunities/"
        pages["opportunities, sorted by amount"] = "/opportunities/?sort=-amount"
        pages["opportunity detail"] = f"/opportunities/{deal.pk}/"
    return pages


def _time(client: object, url: str, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: template compilation, first connection
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(timings), max(timings), len(queries), response.status_code


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
    baseline, _slowest, _queries, _status = _time(Client(), "/login/", arguments.repeat)
    print(f"baseline: sign-in page {baseline * 1000:.1f} ms (median)")
    print(f"{'person':18s} {'page':34s} {'median':>9s} {'slowest':>9s} {'queries':>8s} ratio")
    for role, person in _people().items():
        client = Client()
        client.force_login(person)
        for name, url in _pages(person).items():
            median, slowest, queries, status = _time(client, url, arguments.repeat)
            if status != 200:
                raise SystemExit(f"{url} answered {status} for {role}")
            print(
                f"{role:18s} {name:34s} {median * 1000:7.1f}ms {slowest * 1000:7.1f}ms "
                f"{queries:8d} {median / baseline:5.1f}×"
            )


if __name__ == "__main__":
    main()

"""Measure the ways of asking "which deals may this person see" on a generated company.

    python bench/visibility.py --home /tmp/bench/large
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/visibility.py

For the account executive with the most accounts, a rep who sees few deals, the
director whose people own closest to half the company's deals and the head of sales
who sees nearly all, it times three questions a page asks — the first 25 deals by close
date, the number of deals counted up to 10,001, the open pipeline's count and sum —
each in every form considered by decision 0021:

- `rule`: the rule evaluated at request time, as before the access tables —
  `owner in (their people) or account in (accounts their people own or sit on the team
  of)`; this is the **baseline**, measured in the same run;
- `access IN`: `id in (their rows of the deal access table)`;
- `access EXISTS`: `exists (their row for this deal)`, one probe per deal read;
- `chosen`: what `Opportunity.objects.visible_to` does (IN below 20,000 rows of reach,
  EXISTS above).

Every form must return the same answer (the run stops if not); the median of
`--repeat` runs is printed with its ratio to the rule.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="PATRON_HOME of the generated company")
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


def _people() -> dict[str, Any]:
    from django.db.models import Count

    from patron.accounts.models import Account
    from patron.org.choices import Role
    from patron.org.models import User
    from patron.pipeline.models import Opportunity, OpportunityAccess

    deals = Opportunity.objects.count()
    reach = dict(OpportunityAccess.objects.values_list("viewer").annotate(n=Count("pk")).order_by())
    sellers = User.objects.filter(role__in=[Role.REP, Role.SALES_MANAGER], is_active=True)
    by_reach = sorted(sellers, key=lambda user: (reach.get(user.pk, 0), user.pk))
    with_deals = [user for user in by_reach if reach.get(user.pk, 0) > 0]
    top_owner = (
        Account.objects.filter(owner__role=Role.REP)
        .values("owner")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner")[0]["owner"]
    )
    managers = [user for user in by_reach if user.role == Role.SALES_MANAGER]
    return {
        "rep, fewest deals": with_deals[0],
        "account executive": User.objects.get(pk=top_owner),
        "director (half)": min(
            managers, key=lambda user: (abs(reach.get(user.pk, 0) - deals / 2), user.pk)
        ),
        "head of sales (all)": managers[-1],
    }


def _forms(person: Any) -> dict[str, Any]:
    from django.db.models import Exists, OuterRef, Q

    from patron.accounts.models import Account, AccountTeamMember
    from patron.org.visibility import visible_owner_ids
    from patron.pipeline.models import Opportunity, OpportunityAccess

    owners = sorted(visible_owner_ids(person))
    accounts = Account.objects.filter(
        Q(owner_id__in=owners)
        | Q(pk__in=AccountTeamMember.objects.filter(user_id__in=owners).values("account_id"))
    ).values("pk")
    mine = OpportunityAccess.objects.filter(viewer_id=person.pk)
    deals = Opportunity.objects
    return {
        "rule": deals.filter(Q(owner_id__in=owners) | Q(account_id__in=accounts)),
        "access IN": deals.filter(pk__in=mine.values("opportunity_id")),
        "access EXISTS": deals.filter(Exists(mine.filter(opportunity_id=OuterRef("pk")))),
        "chosen": deals.visible_to(person),
    }


def _first_page(rows: Any) -> Any:
    return list(rows.order_by("close_date", "pk").values_list("pk", flat=True)[:25])


def _bounded_count(rows: Any) -> Any:
    return rows.order_by().values("pk")[:10_001].count()


def _open_pipeline(rows: Any) -> Any:
    from django.db.models import Count, Sum

    totals = (
        rows.filter(status="open")
        .order_by()
        .aggregate(n=Count("pk"), amount=Sum("amount_base_minor"))
    )
    return totals["n"], totals["amount"]


QUESTIONS: dict[str, Callable[[Any], Any]] = {
    "first 25 by close date": _first_page,
    "count up to 10,001": _bounded_count,
    "open: count and sum": _open_pipeline,
}


def main() -> None:
    arguments = _arguments()
    if arguments.home:
        os.environ["PATRON_HOME"] = str(arguments.home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patron.settings")
    import django

    django.setup()
    from django.db import connection

    from patron.pipeline.models import Opportunity

    print(f"database: {connection.vendor}, {Opportunity.objects.count():,} opportunities")
    print(f"{'person':20s} {'question':24s} {'form':14s} {'median':>10s} {'vs rule':>8s}")
    for role, person in _people().items():
        forms = _forms(person)
        for question, ask in QUESTIONS.items():
            answers: dict[str, Any] = {}
            baseline = 0.0
            for form, rows in forms.items():
                ask(rows)  # warm the cache: every form reads warm pages
                timings = []
                for _ in range(arguments.repeat):
                    started = time.perf_counter()
                    answers[form] = ask(rows)
                    timings.append(time.perf_counter() - started)
                median = statistics.median(timings)
                baseline = baseline or median
                print(
                    f"{role:20s} {question:24s} {form:14s} {median * 1000:8.1f}ms "
                    f"{median / baseline:7.2f}×"
                )
            if len({repr(answer) for answer in answers.values()}) != 1:
                raise SystemExit(f"{role}, {question}: the forms disagree: {answers}")


if __name__ == "__main__":
    main()

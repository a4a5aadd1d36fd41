"""`patron access`: are the access tables exactly what the visibility rule gives?"""

from __future__ import annotations

import time

import typer

from patron.cli import app, setup_django


@app.command("access")
def access(
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Rebuild every access table from the rule, then check."
    ),
) -> None:
    """Compare each access table with the rule it is derived from (decision 0021).

    One line per table: ok or DIFFERENT, the rows missing from it and the rows it
    holds that the rule does not give, with a few examples (viewer, record). Exits with
    1 on any difference. `--rebuild` first rewrites the reporting lines and the
    account and deal access tables from the rule in one transaction — after a restore,
    or to repair what the check found.
    """
    setup_django()
    from django.db import transaction

    from patron.pipeline.access import access_differences, rebuild_access

    if rebuild:
        started = time.perf_counter()
        with transaction.atomic():
            rows = rebuild_access()
        typer.echo(
            f"rebuilt in {time.perf_counter() - started:.1f} s: {rows.reach:,} reporting lines,"
            f" {rows.accounts:,} account access rows, {rows.opportunities:,} opportunity"
            " access rows"
        )
    differences = access_differences()
    for difference in differences:
        status = "ok" if difference.ok else "DIFFERENT"
        typer.echo(
            f"{status:<9}  {difference.table:<18}  {difference.missing:>9,} missing"
            f"  {difference.extra:>9,} extra"
        )
        for example in difference.examples:
            typer.echo(f"           viewer {example[0]} → {example[1]}")
    if not all(difference.ok for difference in differences):
        typer.echo(
            "The access tables differ from the rule: run `patron access --rebuild`.", err=True
        )
        raise typer.Exit(code=1)

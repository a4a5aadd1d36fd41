"""`patron check-data`: does the stored data keep every rule the services keep?"""

from __future__ import annotations

import typer

from patron.cli import app, setup_django


@app.command("check-data")
def check_data() -> None:
    """Count the rows breaking each data rule; exit with 1 when any rule is broken.

    Rows written in bulk (an import, demo data) skip the services, so run this after a
    load, or at any time on any database: it reads only. Prints one line per rule:
    ok or BROKEN, the rule's name, how many rows break it, and the rule itself.
    """
    setup_django()
    from patron.bulk.invariants import count_all

    counts = count_all()
    width = max(len(count.check) for count in counts)
    for count in counts:
        status = "BROKEN" if count.rows else "ok"
        typer.echo(f"{status:<6}  {count.check:<{width}}  {count.rows:>9,}  {count.rule}")
    broken = [count.check for count in counts if count.rows]
    if broken:
        typer.echo(f"{len(broken)} of {len(counts)} rules broken: {', '.join(broken)}.", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"All {len(counts)} rules hold.")

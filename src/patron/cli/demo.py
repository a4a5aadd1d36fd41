"""Demo commands: `patron demo` (try Patron in one command) and `patron demo-data`
(generate deterministic demo data at a chosen scale)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from patron.cli import app, setup_django

console = Console()
errors = Console(stderr=True)


class ScaleName(StrEnum):
    tiny = "tiny"
    small = "small"
    medium = "medium"
    large = "large"


ScaleOption = Annotated[
    ScaleName,
    typer.Option(
        help="tiny (tests, seconds), small (~2,000 deals), medium (~50,000), "
        "large (100k accounts, 1M deals, 5M order lines, 2M activities)."
    ),
]
SeedOption = Annotated[int, typer.Option(help="Same seed and same --today: the same data.")]


def _today(value: str | None) -> date:
    if value is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--today") from error


def _migrate() -> None:
    from django.core.management import call_command

    with console.status("Preparing the database (migrations)…"):
        call_command("migrate", interactive=False, verbosity=0)


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                for task in tasks.values():
                    progress.update(task, completed=progress.tasks[task].total)
                tasks[phase] = progress.add_task(phase, total=total)
            progress.update(tasks[phase], completed=done, total=total)

        yield report
        for task in tasks.values():
            progress.update(task, completed=progress.tasks[task].total)


def _generate(scale: ScaleName, seed: int, today: date, *, replace: bool) -> None:
    from patron.demo.generator import DatabaseNotEmpty, generate

    try:
        with _progress() as report:
            result = generate(
                scale=scale.value, seed=seed, today=today, replace=replace, progress=report
            )
    except DatabaseNotEmpty as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(code=1) from error
    rate = result.total_rows / result.seconds if result.seconds else 0
    console.print(
        f"Generated {result.total_rows:,} rows ({scale.value}, seed {seed}, today "
        f"{today.isoformat()}) in {result.seconds:.1f} s — {rate:,.0f} rows/s."
    )


def _check() -> None:
    """The invariants (with the demo's story rules), then every stored row whose create
    has a clean step read back through it (`patron.bulk.cleaning`)."""
    from patron.bulk.cleaning import clean_step_counts
    from patron.bulk.invariants import check_all
    from patron.cli.data import echo_clean_steps
    from patron.demo.story_rules import STORY_RULES

    with console.status("Checking the invariants…"):
        violations = check_all(extra=STORY_RULES)
    if violations:
        table = Table("check", "rule", "rows breaking it", title="Invariant violations")
        for violation in violations:
            table.add_row(violation.check, violation.rule, f"{violation.rows:,}")
        errors.print(table)
    else:
        console.print("Every invariant holds.")
    with console.status("Cleaning the stored rows with the create services' clean steps…"):
        counts = clean_step_counts()
    cleaned = echo_clean_steps(counts)
    if violations or not cleaned:
        raise typer.Exit(code=1)


@app.command("demo-data")
def demo_data(
    scale: ScaleOption = ScaleName.small,
    seed: SeedOption = 1,
    today: Annotated[
        str | None, typer.Option(help="Last day of history + 1 (YYYY-MM-DD); default today UTC.")
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Delete all existing business data (and users) first.")
    ] = False,
    check: Annotated[
        bool | None,
        typer.Option(help="Check every invariant afterwards (default: on for tiny and small)."),
    ] = None,
) -> None:
    """Generate three years of deterministic, realistic demo data."""
    day = _today(today)
    setup_django()
    _migrate()
    _generate(scale, seed, day, replace=replace)
    if check if check is not None else scale in (ScaleName.tiny, ScaleName.small):
        _check()


@app.command("demo")
def demo(
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    host: Annotated[
        str, typer.Option(help="Address to serve on (add other names to ALLOWED_HOSTS).")
    ] = "127.0.0.1",
    scale: ScaleOption = ScaleName.small,
    seed: SeedOption = 1,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Prepare everything, print the logins, exit.")
    ] = False,
) -> None:
    """Migrate, generate demo data into an empty database, print a login per role, serve."""
    setup_django()
    _migrate()
    from patron.accounts.models import Account

    if not Account.objects.exists():
        _generate(scale, seed, datetime.now(UTC).date(), replace=False)
    from patron.demo.logins import refresh_demo_logins
    from patron.org.choices import Role

    logins = refresh_demo_logins()
    table = Table(title="Demo logins (new passwords)")
    table.add_column("role")
    # Never shortened: they are typed or pasted into the sign-in page.
    table.add_column("username", no_wrap=True)
    table.add_column("password", no_wrap=True)
    table.add_column("who")
    for login in logins:
        table.add_row(str(Role(login.role).label), login.username, login.password, login.name)
    console.print(table)
    url = f"http://{host}:{port}/"
    if no_serve:
        console.print(f"Ready. Serve it with `patron demo`, then open {url}")
        return
    console.print(f"Serving Patron at {url} (Ctrl+C to stop).")
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False)

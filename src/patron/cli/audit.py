"""`patron audit`: who changed what, when, and from what — for administrators.

The command runs on the server with the database's own access, so whoever may run it
may read the whole trail; pages show each record's trail to those who see the record.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from patron.cli import app, setup_django

console = Console()


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _record_type(text: str) -> str:
    """ "accounts.account", "Account" or "account" → "accounts.account"."""
    from django.apps import apps

    if "." in text:
        try:
            return apps.get_model(text)._meta.label_lower
        except (LookupError, ValueError) as error:
            raise typer.BadParameter(f"no record type {text!r}", param_hint="--object") from error
    matches = [
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("patron.") and model._meta.model_name == text.lower()
    ]
    if len(matches) != 1:
        raise typer.BadParameter(
            f"no single record type called {text!r}; write it as app.model", param_hint="--object"
        )
    return matches[0]


def _object(value: str) -> tuple[str, int | None]:
    record_type, _, record_id = value.partition(":")
    if record_id and not record_id.isdigit():
        raise typer.BadParameter("use TYPE:ID, e.g. account:42", param_hint="--object")
    return _record_type(record_type), int(record_id) if record_id else None


def _since(value: str) -> datetime:
    from patron.core.models import CompanySettings

    try:
        day = datetime.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--since") from error
    # A day is the company's day: it starts at midnight in the company's time zone.
    return day.replace(tzinfo=CompanySettings.current().zone).astimezone(UTC)


def _rows(events: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": event.id,
            "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
            "actor": event.actor.get_username() if event.actor else None,
            "source": event.source,
            "request_id": event.request_id,
            "operation": event.operation,
            "operation_id": str(event.operation_id),
            "record_type": event.record_type,
            "record_id": event.record_id,
            "action": event.action,
            "changes": event.changes,
        }
        for event in events
    ]


@app.command("audit")
def audit(
    object_: Annotated[
        str | None,
        typer.Option("--object", help="A record type, or one record: account, account:42."),
    ] = None,
    user: Annotated[str | None, typer.Option(help="Only changes made by this username.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only changes from this day on (YYYY-MM-DD).")
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="table, json or csv.")
    ] = OutputFormat.table,
    limit: Annotated[
        int, typer.Option(min=0, help="At most this many events, newest first (0: all).")
    ] = 200,
) -> None:
    """Show the audit trail: who changed which record, when, through which interface,
    and each field's old → new value (as stored: ids, codes, minor units)."""
    setup_django()
    from patron.core.spreadsheet import safe_cell
    from patron.core.trail import audit_events
    from patron.org.models import User

    record_type, record_id = _object(object_) if object_ else (None, None)
    actor_id = None
    if user is not None:
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise typer.BadParameter(f"no user {user!r}", param_hint="--user")
        actor_id = actor.pk
    events = audit_events(
        record_type=record_type,
        record_id=record_id,
        actor_id=actor_id,
        since=_since(since) if since else None,
    )
    rows = _rows(events[:limit] if limit else events.iterator())
    if output is OutputFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if output is OutputFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=_COLUMNS)
        writer.writeheader()
        for row in rows:
            cells = {**row, "changes": json.dumps(row["changes"], ensure_ascii=False)}
            writer.writerow({name: safe_cell(value) for name, value in cells.items()})
        return
    table = Table("when (UTC)", "who", "source", "record", "action", "changes")
    for row in rows:
        changes = "; ".join(
            f"{name}: {value[0]!r} → {value[1]!r}"
            if isinstance(value, list) and len(value) == 2
            else f"{name}: {value!r}"
            for name, value in row["changes"].items()
        )
        table.add_row(
            row["occurred_at"][:19].replace("T", " "),
            row["actor"] or "—",
            row["source"],
            f"{row['record_type']}:{row['record_id']}",
            row["action"],
            changes,
        )
    console.print(table)
    if not rows:
        console.print("No audit events match.")


_COLUMNS = [
    "id",
    "occurred_at",
    "actor",
    "source",
    "request_id",
    "operation",
    "operation_id",
    "record_type",
    "record_id",
    "action",
    "changes",
]

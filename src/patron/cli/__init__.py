"""The `patron` command: start a demo, generate data, and run Django management commands."""

from __future__ import annotations

import os
import sys

import typer

app = typer.Typer(
    name="patron",
    help="Patron — the platform for the people who own a company's customer accounts.",
    no_args_is_help=True,
    add_completion=False,
)


def setup_django() -> None:
    """Configure Django once, before any command touches models."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patron.settings")
    import django

    django.setup()


@app.command(
    "manage",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (migrate, createsuperuser, makemigrations …)."""
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patron.settings")
    execute_from_command_line(["patron manage", *ctx.args])


@app.command("version")
def version() -> None:
    """Print Patron's version."""
    from patron import __version__

    typer.echo(__version__)


def main() -> None:
    from patron.cli import access, audit, data, demo  # noqa: F401  (register their commands)
    from patron.core.operations import audit_source

    # Whatever a command changes is recorded as coming from the command line.
    with audit_source("cli"):
        app()


if __name__ == "__main__":
    main()
    sys.exit(0)

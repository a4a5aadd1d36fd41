"""`patron check-data`: does the stored data keep every rule the services keep?"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from patron.cli import app, setup_django

if TYPE_CHECKING:
    from patron.bulk.cleaning import CleanCount

# The word naming one row of each entity in a refusal line.
ROW_NAMES = {
    "exchange_rates": "exchange rate",
    "teams": "team",
    "users": "user",
    "territories": "territory",
    "territory_rules": "territory rule",
    "product_families": "product family",
    "products": "product",
    "competitors": "competitor",
    "pipelines": "pipeline",
    "stages": "stage",
    "sla_policies": "SLA policy",
    "training_courses": "training course",
    "campaigns": "campaign",
    "accounts": "account",
    "account_team_members": "account team member",
    "contacts": "contact",
    "account_competitors": "account competitor",
    "opportunities": "opportunity",
    "opportunity_competitors": "opportunity competitor",
    "contact_roles": "contact role",
    "leads": "lead",
    "contracts": "contract",
    "orders": "order",
    "invoices": "invoice",
    "payments": "payment",
    "cases": "case",
    "survey_responses": "survey response",
    "activities": "activity",
    "account_plans": "account plan",
    "account_plan_targets": "account plan target",
    "account_plan_actions": "account plan action",
    "quotas": "quota",
    "coaching_notes": "coaching note",
    "training_assignments": "training assignment",
    "skill_assessments": "skill assessment",
    "forecast_submissions": "forecast submission",
}


def echo_clean_steps(counts: Sequence[CleanCount]) -> bool:
    """One line per entity read back through its create's clean step, then its first
    refused rows (id, field, code); True when no row is refused."""
    for count in counts:
        typer.echo(f"clean step: {count.entity} {count.rows:,} rows, {count.refused:,} refused")
        for refusal in count.first:
            typer.echo(
                f"        {ROW_NAMES.get(count.entity, count.entity)} {refusal.record_id}: "
                f"{refusal.field or '-'} {refusal.code}"
            )
    return not any(count.refused for count in counts)


@app.command("check-data")
def check_data() -> None:
    """Count the rows breaking each data rule; exit with 1 when any rule is broken.

    Rows written in bulk (an import, demo data) skip the services, so run this after a
    load, or at any time on any database: it reads only. Prints one line per rule:
    ok or BROKEN, the rule's name, how many rows break it, and the rule itself; then
    one line per entity whose stored rows were read back through its create's clean
    step (`patron.bulk.cleaning`), with the first refused rows' id, field and code.
    """
    setup_django()
    from patron.bulk.cleaning import clean_step_counts
    from patron.bulk.invariants import count_all

    counts = count_all()
    width = max(len(count.check) for count in counts)
    for count in counts:
        status = "BROKEN" if count.rows else "ok"
        typer.echo(f"{status:<6}  {count.check:<{width}}  {count.rows:>9,}  {count.rule}")
    broken = [count.check for count in counts if count.rows]
    cleaned = echo_clean_steps(clean_step_counts())
    if broken:
        typer.echo(f"{len(broken)} of {len(counts)} rules broken: {', '.join(broken)}.", err=True)
    if not cleaned:
        typer.echo("Stored rows are refused by their create's clean step.", err=True)
    if broken or not cleaned:
        raise typer.Exit(code=1)
    typer.echo(f"All {len(counts)} rules hold. Every stored row passes its clean step.")

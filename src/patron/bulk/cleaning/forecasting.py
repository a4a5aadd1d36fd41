"""Stored forecast submissions read back through the clean step of submitting one.

- A submission is cleaned as the person who submitted it (its create's actor, as
  they were then; one context per batch and person), on the day it was submitted
  (`submitted_at`, in the company's time zone): "the period has not ended" is about
  that day.
- A manager's override is not read: it has its own operation, with no clean step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from datetime import tzinfo
from typing import Any

from patron.bulk.cleaning.shared import by_actor, company_zone, day_in, each_row, money
from patron.core.cleaning import Cleaned
from patron.forecasting.cleaning.submissions import (
    ForecastContext,
    ForecastInput,
    clean_forecast,
    forecast_context,
)
from patron.forecasting.models import ForecastSubmission
from patron.org.models import User


def forecast_submissions(
    actor: User, rows: Sequence[ForecastSubmission]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    zone = company_zone()
    for submitter, grouped in by_actor(rows, lambda row: row.submitted_by_id, actor):
        context = forecast_context(submitter, team_ids=[row.team_id for row in grouped])
        yield from _submissions(context, zone, grouped)


def _submissions(
    context: ForecastContext, zone: tzinfo, rows: Sequence[ForecastSubmission]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    base = context.base_currency

    def submitted(row: ForecastSubmission) -> ForecastInput:
        return ForecastInput(
            period_start=row.period_start,
            period_end=row.period_end,
            commit=money(row.commit_minor, base, field="commit"),
            best_case=money(row.best_case_minor, base, field="best_case"),
            team_id=row.team_id,
            note=row.note,
        )

    def clean(row: ForecastSubmission, raw: ForecastInput) -> Cleaned[Any]:
        return clean_forecast(
            raw, dataclasses.replace(context, today=day_in(zone, row.submitted_at))
        )

    yield from each_row(rows, submitted, clean)

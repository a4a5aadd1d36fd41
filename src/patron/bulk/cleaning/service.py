"""Stored SLA policies, cases and survey answers read back through their creates'
clean steps.

- A policy's priority is held by the policy itself: the database keeps one policy
  per priority (its column is unique), so the rule is not asked here.
- A case's status, response and resolution times and resolution are not inputs:
  a case resolved, closed or reopened since was opened as any other.
- A CSAT answer was given when its case was resolved: a case reopened since (it
  counts a reopening) and not resolved again is taken as resolved.
- A case is rated once: a CSAT answer is refused when its case has an earlier one
  (a lower id), not for the answer itself.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from patron.bulk.cleaning.shared import earlier, with_users
from patron.core.cleaning import Cleaned
from patron.org.models import User
from patron.service.choices import CaseStatus, SurveyKind
from patron.service.cleaning.cases import CaseInput, case_context, clean_case
from patron.service.cleaning.sla import SlaPolicyInput, clean_sla_policy, sla_policy_context
from patron.service.cleaning.surveys import (
    SurveyResponseInput,
    clean_survey_response,
    survey_response_context,
)
from patron.service.models import Case, SlaPolicy, SurveyResponse

RESOLVED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


def cases(actor: User, rows: Sequence[Case]) -> Iterator[tuple[int, Cleaned[Any]]]:
    owner_ids = [row.owner_id for row in rows]
    context = case_context(
        actor,
        account_ids=[row.account_id for row in rows],
        contact_ids=[row.contact_id for row in rows],
        owner_ids=owner_ids,
    )
    context = with_users(context, "owners", owner_ids)
    for row in rows:
        raw = CaseInput(
            account_id=row.account_id,
            subject=row.subject,
            description=row.description,
            priority=row.priority,
            category=row.category,
            contact_id=row.contact_id,
            owner_id=row.owner_id,
            department=row.department,
        )
        yield row.pk, clean_case(raw, context)


def sla_policies(actor: User, rows: Sequence[SlaPolicy]) -> Iterator[tuple[int, Cleaned[Any]]]:
    context = sla_policy_context(actor, priorities=())
    for row in rows:
        raw = SlaPolicyInput(
            name=row.name,
            priority=row.priority,
            first_response_minutes=row.first_response_minutes,
            resolution_minutes=row.resolution_minutes,
        )
        yield row.pk, clean_sla_policy(raw, context)


def survey_responses(
    actor: User, rows: Sequence[SurveyResponse]
) -> Iterator[tuple[int, Cleaned[Any]]]:
    case_ids = [row.case_id for row in rows]
    context = survey_response_context(
        actor, case_ids=case_ids, contact_ids=[row.contact_id for row in rows]
    )
    context = dataclasses.replace(
        context, cases={pk: _as_answered(case) for pk, case in context.cases.items()}
    )
    rated_before = earlier(
        SurveyResponse.objects.filter(
            kind=SurveyKind.CSAT, case_id__in={pk for pk in case_ids if pk is not None}
        ).values_list("case_id", "pk", "pk")
    )
    for row in rows:
        rated: frozenset[int] = frozenset()
        if row.case_id is not None and rated_before.get(row.pk):
            rated = frozenset({row.case_id})
        raw = SurveyResponseInput(
            kind=row.kind,
            score=row.score,
            case_id=row.case_id,
            contact_id=row.contact_id,
            comment=row.comment,
        )
        yield row.pk, clean_survey_response(raw, dataclasses.replace(context, rated_case_ids=rated))


def _as_answered(case: Case) -> Case:
    """The case as its CSAT answer found it: resolved, when reopened since."""
    if case.status in RESOLVED or not case.reopen_count:
        return case
    answered = copy.copy(case)
    answered.status = CaseStatus.RESOLVED
    return answered

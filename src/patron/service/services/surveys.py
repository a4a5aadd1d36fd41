"""Satisfaction answers: CSAT after a resolved case, NPS from a contact. Both feed K16,
K17 and account health."""

from __future__ import annotations

from patron.core.audit import record_created
from patron.core.cleaning import raise_first
from patron.core.operations import service
from patron.org.models import User
from patron.service.cleaning.surveys import (
    SurveyResponseInput,
    clean_survey_response,
    survey_response_context,
)
from patron.service.models import SurveyResponse


@service
def record_survey_response(
    *,
    actor: User,
    kind: str,
    score: int,
    case_id: int | None = None,
    contact_id: int | None = None,
    comment: str = "",
) -> SurveyResponse:
    """Record one survey answer, stamped now.

    A CSAT score (1–5) answers for one resolved or closed case, once: a second answer
    would count the same case twice in K16. It is the case's account's, from the case's
    contact unless another contact of that account is named. An NPS score (0–10) is a
    contact's view of the company, tied to no case. A score outside its scale is
    refused naming `score`.
    """
    # The checks are `clean_survey_response`'s, on a context built (and the case locked)
    # for this one row; the first error found is raised.
    values = raise_first(
        clean_survey_response(
            SurveyResponseInput(
                kind=kind, score=score, case_id=case_id, contact_id=contact_id, comment=comment
            ),
            survey_response_context(actor, case_ids=[case_id], contact_ids=[contact_id], lock=True),
        )
    )
    response = SurveyResponse.objects.create(**vars(values), created_by=actor)
    record_created(response, actor=actor)
    return response

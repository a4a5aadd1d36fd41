"""Satisfaction answers: CSAT after a resolved case, NPS from a contact. Both feed K16,
K17 and account health."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.models import Contact
from patron.core.audit import record_created
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.operations import service
from patron.core.validation import require_choice, require_text
from patron.org.models import User
from patron.service.choices import CaseStatus, SurveyKind
from patron.service.errors import ServiceErrorCode
from patron.service.models import Case, SurveyResponse
from patron.service.services.access import require_may_work_cases_of

SCORE_RANGES = {SurveyKind.CSAT: (1, 5), SurveyKind.NPS: (0, 10)}
# Longest comment kept with an answer.
COMMENT_MAX_LENGTH = 10_000


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
    kind = require_choice(kind, field="kind", choices=SurveyKind.values)
    comment = require_text(comment, field="comment", limit=COMMENT_MAX_LENGTH)
    low, high = SCORE_RANGES[SurveyKind(kind)]
    if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
        raise RuleViolation(
            "score",
            ServiceErrorCode.SCORE_OUT_OF_RANGE,
            _("A %(survey)s score is from %(low)s to %(high)s.")
            % {"survey": SurveyKind(kind).label, "low": low, "high": high},
        )
    if kind == SurveyKind.CSAT:
        case = _rated_case(actor, case_id)
        account_id = case.account_id
        contact = _case_contact(case, contact_id)
    else:
        if case_id is not None:
            raise RuleViolation(
                "case",
                ServiceErrorCode.CASE_NOT_FOR_NPS,
                _("An NPS answer is about the company, not about one case."),
            )
        case = None
        contact = _visible_contact(actor, contact_id)
        account_id = contact.account_id
    require_may_work_cases_of(actor, account_id)
    response = SurveyResponse.objects.create(
        kind=kind,
        score=score,
        account_id=account_id,
        contact=contact,
        case=case,
        responded_at=timezone.now(),
        comment=comment,
        created_by=actor,
    )
    record_created(response, actor=actor)
    return response


def _rated_case(actor: User, case_id: int | None) -> Case:
    if case_id is None:
        raise RuleViolation("case", CommonErrorCode.REQUIRED, _("A CSAT answer is about one case."))
    case = Case.objects.visible_to(actor).select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotVisible(str(Case._meta.verbose_name))
    if case.status not in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        raise RuleViolation(
            "case",
            ServiceErrorCode.CASE_NOT_RESOLVED,
            _("Satisfaction is asked once a case is resolved."),
        )
    if case.survey_responses.filter(kind=SurveyKind.CSAT).exists():
        raise RuleViolation(
            "case", ServiceErrorCode.ALREADY_RATED, _("This case already has a CSAT answer.")
        )
    return case


def _case_contact(case: Case, contact_id: int | None) -> Contact | None:
    if contact_id is None:
        return case.contact
    contact = Contact.objects.filter(pk=contact_id, account_id=case.account_id).first()
    if contact is None:
        raise RuleViolation(
            "contact",
            ServiceErrorCode.CONTACT_NOT_ON_ACCOUNT,
            _("The contact must work at the case's account."),
        )
    return contact


def _visible_contact(actor: User, contact_id: int | None) -> Contact:
    if contact_id is None:
        raise RuleViolation(
            "contact", CommonErrorCode.REQUIRED, _("Choose who answered the survey.")
        )
    contact = Contact.objects.visible_to(actor).filter(pk=contact_id).first()
    if contact is None:
        raise NotVisible(str(Contact._meta.verbose_name))
    return contact

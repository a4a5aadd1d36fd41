"""The clean step of recording a survey answer (see `core.cleaning` and decision 0020):
a CSAT score for a resolved case, or an NPS score from a contact."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.models import Contact
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, ids_of
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.validation import require_choice, require_text
from patron.org.models import User
from patron.service.choices import CaseStatus, SurveyKind
from patron.service.cleaning.access import cannot_work_cases, may_work_cases, seen_for_cases
from patron.service.errors import ServiceErrorCode
from patron.service.models import Case, SurveyResponse

SCORE_RANGES = {SurveyKind.CSAT: (1, 5), SurveyKind.NPS: (0, 10)}
# Longest comment kept with an answer.
COMMENT_MAX_LENGTH = 10_000


@dataclass(frozen=True)
class SurveyResponseInput:
    """A survey answer as typed or imported."""

    kind: str
    score: int
    case_id: int | None = None
    contact_id: int | None = None
    comment: str = ""


@dataclass(frozen=True)
class SurveyResponseContext:
    """What cleaning survey answers needs from the database: the actor, the moment the
    answers are recorded, the cases the rows name that the actor sees (with their
    contacts) and which of them already have a CSAT answer, the contacts the rows name
    that work at those cases' accounts, the contacts the rows name that the actor sees,
    and, among the accounts of those cases and contacts, those the actor sees when their
    role does not decide alone whether they work the accounts' cases."""

    actor: User
    now: datetime
    cases: Mapping[int, Case]
    rated_case_ids: frozenset[int]
    case_contacts: Mapping[int, Contact]
    visible_contacts: Mapping[int, Contact]
    seen_account_ids: frozenset[int]


@dataclass(frozen=True)
class SurveyResponseValues:
    """An answer ready to be written."""

    kind: str
    score: int
    account_id: int
    contact: Contact | None
    case: Case | None
    responded_at: datetime
    comment: str


def survey_response_context(
    actor: User,
    *,
    case_ids: Iterable[int | None] = (),
    contact_ids: Iterable[int | None] = (),
    lock: bool = False,
) -> SurveyResponseContext:
    """The context for cleaning answers naming these cases and contacts: one query per
    kind (cases, their CSAT answers, contacts at their accounts, visible contacts, the
    accounts the actor sees among theirs), whatever the number of rows.

    With `lock` the cases stay locked until the transaction ends (the service, which
    writes at once: a case is rated once, so two answers for one case queue)."""
    wanted_cases = ids_of(case_ids)
    visible_cases = Case.objects.visible_to(actor).select_related("contact")
    if lock:
        visible_cases = visible_cases.select_for_update(of=("self",))
    cases = visible_cases.in_bulk(wanted_cases) if wanted_cases else {}
    rated = (
        frozenset(
            SurveyResponse.objects.filter(
                case_id__in=list(cases), kind=SurveyKind.CSAT
            ).values_list("case_id", flat=True)
        )
        if cases
        else frozenset()
    )
    wanted_contacts = ids_of(contact_ids)
    case_accounts = {case.account_id for case in cases.values()}
    case_contacts = (
        Contact.objects.filter(account_id__in=case_accounts).in_bulk(wanted_contacts)
        if wanted_contacts and case_accounts
        else {}
    )
    visible_contacts = (
        Contact.objects.visible_to(actor).in_bulk(wanted_contacts) if wanted_contacts else {}
    )
    accounts = case_accounts | {contact.account_id for contact in visible_contacts.values()}
    return SurveyResponseContext(
        actor=actor,
        now=timezone.now(),
        cases=cases,
        rated_case_ids=frozenset(pk for pk in rated if pk is not None),
        case_contacts=case_contacts,
        visible_contacts=visible_contacts,
        seen_account_ids=seen_for_cases(actor, accounts),
    )


def clean_survey_response(
    raw: SurveyResponseInput, context: SurveyResponseContext
) -> Cleaned[SurveyResponseValues]:
    """Every check of a survey answer (the rules are `record_survey_response`'s), each
    wrong field reported, in the order the service checks them."""
    errors = ErrorCollector()
    kind = errors.check(
        lambda: require_choice(raw.kind, field="kind", choices=SurveyKind.values), None
    )
    comment = errors.check(
        lambda: require_text(raw.comment, field="comment", limit=COMMENT_MAX_LENGTH), ""
    )
    if kind is None:
        return Cleaned(errors=errors.errors)
    errors.check(lambda: require_score(SurveyKind(kind), raw.score), None)
    case: Case | None = None
    contact: Contact | None = None
    account_id: int | None = None
    if kind == SurveyKind.CSAT:
        case = _rated_case(raw.case_id, context, errors)
        if case is not None:
            account_id = case.account_id
            with errors.field():
                contact = _case_contact(case, raw.contact_id, context)
    else:
        if raw.case_id is not None:
            errors.errors.append(
                FieldError(
                    "case",
                    ServiceErrorCode.CASE_NOT_FOR_NPS,
                    _("An NPS answer is about the company, not about one case."),
                )
            )
        contact = _visible_contact(raw.contact_id, context, errors)
        if contact is not None:
            account_id = contact.account_id
    if account_id is not None and not may_work_cases(
        context.actor, account_id, context.seen_account_ids
    ):
        refusal = cannot_work_cases()
        errors.errors.append(FieldError(None, refusal.code, refusal.message))
    if errors.errors or account_id is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        SurveyResponseValues(
            kind=kind,
            score=raw.score,
            account_id=account_id,
            contact=contact,
            case=case,
            responded_at=context.now,
            comment=comment,
        )
    )


def require_score(kind: SurveyKind, score: int) -> int:
    """A whole number on the survey's scale: CSAT 1–5, NPS 0–10."""
    low, high = SCORE_RANGES[kind]
    if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
        raise RuleViolation(
            "score",
            ServiceErrorCode.SCORE_OUT_OF_RANGE,
            _("A %(survey)s score is from %(low)s to %(high)s.")
            % {"survey": kind.label, "low": low, "high": high},
        )
    return score


def _rated_case(
    case_id: int | None, context: SurveyResponseContext, errors: ErrorCollector
) -> Case | None:
    """The case a CSAT answer is about: named, seen by the actor, resolved or closed,
    and not rated yet. None when it is not named or not seen."""
    if case_id is None:
        errors.errors.append(
            FieldError("case", CommonErrorCode.REQUIRED, _("A CSAT answer is about one case."))
        )
        return None
    case = context.cases.get(case_id)
    if case is None:
        refusal = NotVisible(str(Case._meta.verbose_name))
        errors.errors.append(FieldError("case", refusal.code, refusal.message))
        return None
    if case.status not in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        errors.errors.append(
            FieldError(
                "case",
                ServiceErrorCode.CASE_NOT_RESOLVED,
                _("Satisfaction is asked once a case is resolved."),
            )
        )
    elif case.pk in context.rated_case_ids:
        errors.errors.append(
            FieldError(
                "case", ServiceErrorCode.ALREADY_RATED, _("This case already has a CSAT answer.")
            )
        )
    return case


def _case_contact(
    case: Case, contact_id: int | None, context: SurveyResponseContext
) -> Contact | None:
    """Who answered for the case: its contact, unless another contact of its account
    is named."""
    if contact_id is None:
        return case.contact
    contact = context.case_contacts.get(contact_id)
    if contact is None or contact.account_id != case.account_id:
        raise RuleViolation(
            "contact",
            ServiceErrorCode.CONTACT_NOT_ON_ACCOUNT,
            _("The contact must work at the case's account."),
        )
    return contact


def _visible_contact(
    contact_id: int | None, context: SurveyResponseContext, errors: ErrorCollector
) -> Contact | None:
    """The contact an NPS answer is from: named and seen by the actor."""
    if contact_id is None:
        errors.errors.append(
            FieldError("contact", CommonErrorCode.REQUIRED, _("Choose who answered the survey."))
        )
        return None
    contact = context.visible_contacts.get(contact_id)
    if contact is None:
        refusal = NotVisible(str(Contact._meta.verbose_name))
        errors.errors.append(FieldError("contact", refusal.code, refusal.message))
    return contact

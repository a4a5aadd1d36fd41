"""Customer cases: opening one with its SLA targets, and its status flow.

new → open (first response) → pending customer ⇄ open → resolved → closed; a resolved
or closed case can be reopened. Every time in the flow is the moment of the operation,
so response and resolution times (K28) are measured, never typed in.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.models import Contact
from patron.core.errors import RuleViolation
from patron.core.models import CompanySettings, update_versioned
from patron.core.numbering import next_number
from patron.org.models import User
from patron.service.choices import CaseCategory, CasePriority, CaseStatus
from patron.service.errors import ServiceErrorCode
from patron.service.models import Case, SlaPolicy
from patron.service.services.access import (
    case_for_change,
    may_work_cases_of,
    require_may_work_cases_of,
    visible_account,
)

SUBJECT_MAX_LENGTH = 255
DEPARTMENT_MAX_LENGTH = 80


@transaction.atomic
def open_case(
    *,
    actor: User,
    account_id: int,
    subject: str,
    description: str = "",
    priority: str = CasePriority.NORMAL,
    category: str = CaseCategory.QUESTION,
    contact_id: int | None = None,
    owner_id: int | None = None,
    department: str = "",
) -> Case:
    """Open a new case, numbered CS-<year>-NNNNNN, owned by the actor unless they name
    another owner who may work the account's cases.

    Its SLA due times are fixed now from the policy of its priority — opened_at plus
    the policy's first-response and resolution minutes — so a later policy change does
    not rewrite whether past cases met their SLA. Without a policy for the priority
    the case has no SLA targets.
    """
    account = visible_account(actor, account_id)
    require_may_work_cases_of(actor, account.pk)
    subject = subject.strip()
    if not subject:
        raise RuleViolation(
            "subject", ServiceErrorCode.SUBJECT_REQUIRED, _("Say what the case is about.")
        )
    _require_max_length(subject, field="subject", limit=SUBJECT_MAX_LENGTH)
    _require_max_length(department, field="department", limit=DEPARTMENT_MAX_LENGTH)
    if priority not in CasePriority.values:
        raise RuleViolation(
            "priority", ServiceErrorCode.UNKNOWN_PRIORITY, _("Choose a priority from the list.")
        )
    if category not in CaseCategory.values:
        raise RuleViolation(
            "category", ServiceErrorCode.UNKNOWN_CATEGORY, _("Choose a category from the list.")
        )
    contact = None
    if contact_id is not None:
        contact = Contact.objects.filter(pk=contact_id, account=account).first()
        if contact is None:
            raise RuleViolation(
                "contact",
                ServiceErrorCode.CONTACT_NOT_ON_ACCOUNT,
                _("The contact must work at the case's account."),
            )
    owner = actor if owner_id is None else _case_owner(owner_id, account_id=account.pk)

    opened_at = timezone.now()
    policy = SlaPolicy.objects.filter(priority=priority).first()
    return Case.objects.create(
        number=next_number("CS", opened_at.astimezone(CompanySettings.current().zone).year),
        account=account,
        contact=contact,
        owner=owner,
        department=department,
        subject=subject,
        description=description,
        priority=priority,
        category=category,
        status=CaseStatus.NEW,
        opened_at=opened_at,
        first_response_due_at=(
            opened_at + timedelta(minutes=policy.first_response_minutes) if policy else None
        ),
        resolution_due_at=(
            opened_at + timedelta(minutes=policy.resolution_minutes) if policy else None
        ),
        created_by=actor,
    )


@transaction.atomic
def respond_to_case(*, actor: User, case_id: int, version: int) -> Case:
    """New → open: the customer got a first answer. The first response time is set once
    and never moves, so K28's first-response time is the customer's real wait."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.OPEN, allowed_from={CaseStatus.NEW})
    case.status = CaseStatus.OPEN
    if case.first_response_at is None:
        case.first_response_at = timezone.now()
    update_versioned(case, expected_version=version, fields=["status", "first_response_at"])
    return case


@transaction.atomic
def set_case_pending(*, actor: User, case_id: int, version: int) -> Case:
    """Open → pending customer: the next move is the customer's."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.PENDING_CUSTOMER, allowed_from={CaseStatus.OPEN})
    case.status = CaseStatus.PENDING_CUSTOMER
    update_versioned(case, expected_version=version, fields=["status"])
    return case


@transaction.atomic
def resume_case(*, actor: User, case_id: int, version: int) -> Case:
    """Pending customer → open: the customer answered and the case is ours again."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.OPEN, allowed_from={CaseStatus.PENDING_CUSTOMER})
    case.status = CaseStatus.OPEN
    update_versioned(case, expected_version=version, fields=["status"])
    return case


@transaction.atomic
def resolve_case(*, actor: User, case_id: int, version: int, resolution: str) -> Case:
    """New, open or pending → resolved, saying how. A case resolved before any other
    answer was first answered by its resolution, so that is its first response too."""
    case = case_for_change(actor, case_id, version)
    _require_transition(
        case,
        CaseStatus.RESOLVED,
        allowed_from={CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER},
    )
    resolution = resolution.strip()
    if not resolution:
        raise RuleViolation(
            "resolution",
            ServiceErrorCode.RESOLUTION_REQUIRED,
            _("Say how the case was resolved."),
        )
    now = timezone.now()
    case.status = CaseStatus.RESOLVED
    case.resolution = resolution
    case.resolved_at = now
    if case.first_response_at is None:
        case.first_response_at = now
    update_versioned(
        case,
        expected_version=version,
        fields=["status", "resolution", "resolved_at", "first_response_at"],
    )
    return case


@transaction.atomic
def close_case(*, actor: User, case_id: int, version: int) -> Case:
    """Resolved → closed: the customer accepted the resolution (or stopped answering)."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.CLOSED, allowed_from={CaseStatus.RESOLVED})
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    update_versioned(case, expected_version=version, fields=["status", "closed_at"])
    return case


@transaction.atomic
def reopen_case(*, actor: User, case_id: int, version: int) -> Case:
    """Resolved or closed → open: the problem came back. The reopen count feeds K28's
    reopen rate; the resolution times are cleared because the case is not resolved,
    while the SLA due times stay as fixed at opening."""
    case = case_for_change(actor, case_id, version)
    _require_transition(
        case, CaseStatus.OPEN, allowed_from={CaseStatus.RESOLVED, CaseStatus.CLOSED}
    )
    case.status = CaseStatus.OPEN
    case.reopen_count += 1
    case.resolved_at = None
    case.closed_at = None
    update_versioned(
        case,
        expected_version=version,
        fields=["status", "reopen_count", "resolved_at", "closed_at"],
    )
    return case


def _require_transition(case: Case, target: str, *, allowed_from: set[str]) -> None:
    """Each operation makes one move of the flow from the statuses it lists; any other
    move is refused, naming `status`."""
    if case.status not in allowed_from:
        raise RuleViolation(
            "status",
            ServiceErrorCode.INVALID_TRANSITION,
            _("The case is %(current)s; it cannot become %(target)s this way.")
            % {
                "current": CaseStatus(case.status).label,
                "target": CaseStatus(target).label,
            },
        )


def _case_owner(owner_id: int, *, account_id: int) -> User:
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        raise RuleViolation(
            "owner", ServiceErrorCode.UNKNOWN_OWNER, _("There is no active user with this id.")
        )
    if not may_work_cases_of(owner, account_id):
        raise RuleViolation(
            "owner",
            ServiceErrorCode.OWNER_CANNOT_WORK_CASE,
            _("%(user)s may not work this customer's cases.") % {"user": owner},
        )
    return owner


def _require_max_length(text: str, *, field: str, limit: int) -> None:
    if len(text) > limit:
        raise RuleViolation(
            field, ServiceErrorCode.TOO_LONG, _("At most %(limit)s characters.") % {"limit": limit}
        )

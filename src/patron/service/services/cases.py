"""Customer cases: opening one with its SLA targets, and its status flow.

new → open (first response) → pending customer ⇄ open → resolved → closed; a resolved
or closed case can be reopened. Every time in the flow is the moment of the operation,
so response and resolution times (K28) are measured, never typed in.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.models import Contact
from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import CompanySettings, update_versioned
from patron.core.numbering import next_number
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_text
from patron.org.models import User
from patron.org.policy import active_user
from patron.service.choices import CaseCategory, CasePriority, CaseStatus
from patron.service.cleaning.cases import (
    DEPARTMENT_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    CaseInput,
    case_context,
    clean_case,
    sla_due_times,
)
from patron.service.errors import ServiceErrorCode
from patron.service.models import Case, SlaPolicy
from patron.service.services.access import (
    case_for_change,
    may_work_cases_of,
)


@service
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

    The checks are `clean_case`'s, on a context built for this one row (an import
    builds one for a whole file); the first error found is raised.
    """
    values = raise_first(
        clean_case(
            CaseInput(
                account_id=account_id,
                subject=subject,
                description=description,
                priority=priority,
                category=category,
                contact_id=contact_id,
                owner_id=owner_id,
                department=department,
            ),
            case_context(
                actor, account_ids=[account_id], contact_ids=[contact_id], owner_ids=[owner_id]
            ),
        )
    )
    opened_at = values.opened_at
    case = Case.objects.create(
        number=next_number("CS", opened_at.astimezone(CompanySettings.current().zone).year),
        **vars(values),
        status=CaseStatus.NEW,
        created_by=actor,
    )
    record_created(case, actor=actor)
    return case


@service
def update_case(
    *,
    actor: User,
    case_id: int,
    version: int,
    subject: str | Unset = UNSET,
    description: str | Unset = UNSET,
    priority: str | Unset = UNSET,
    category: str | Unset = UNSET,
    owner_id: int | Unset | None = UNSET,
    contact_id: int | Unset | None = UNSET,
    department: str | Unset = UNSET,
) -> Case:
    """Change a case's details; arguments left out keep their value.

    Status and its times move only through the flow's operations. A closed case is
    history: reopen it first. A new owner must be someone who may work the account's
    cases (None leaves the case unassigned). A new priority brings the SLA targets of
    that priority — opened_at plus the minutes of its policy as it stands now — since
    the case is now promised what that priority promises; the targets of a case whose
    priority stays are never rewritten (a policy change does not rewrite history).
    """
    case = case_for_change(actor, case_id, version)
    if case.status == CaseStatus.CLOSED:
        raise RuleViolation(
            "status",
            ServiceErrorCode.CASE_CLOSED,
            _("This case is closed; reopen it to change it."),
        )
    before = snapshot(case)
    if not isinstance(subject, Unset):
        case.subject = require_text(
            subject, field="subject", limit=SUBJECT_MAX_LENGTH, required=True
        )
    if not isinstance(description, Unset):
        case.description = require_text(description, field="description", limit=TEXT_MAX_LENGTH)
    if not isinstance(department, Unset):
        case.department = require_text(department, field="department", limit=DEPARTMENT_MAX_LENGTH)
    if not isinstance(category, Unset):
        case.category = require_choice(category, field="category", choices=CaseCategory.values)
    if not isinstance(owner_id, Unset):
        case.owner = None if owner_id is None else _case_owner(owner_id, account_id=case.account_id)
    if not isinstance(contact_id, Unset):
        case.contact = (
            None if contact_id is None else _account_contact(contact_id, account_id=case.account_id)
        )
    if not isinstance(priority, Unset):
        priority = require_choice(priority, field="priority", choices=CasePriority.values)
        if priority != case.priority:
            case.priority = priority
            case.first_response_due_at, case.resolution_due_at = _sla_due_times(
                priority, case.opened_at
            )
    update_versioned(
        case,
        expected_version=version,
        fields=[
            "subject",
            "description",
            "department",
            "category",
            "owner",
            "contact",
            "priority",
            "first_response_due_at",
            "resolution_due_at",
        ],
    )
    record_changed(case, actor=actor, before=before)
    return case


@service
def respond_to_case(*, actor: User, case_id: int, version: int) -> Case:
    """New → open: the customer got a first answer. The first response time is set once
    and never moves, so K28's first-response time is the customer's real wait."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.OPEN, allowed_from={CaseStatus.NEW})
    before = snapshot(case)
    case.status = CaseStatus.OPEN
    if case.first_response_at is None:
        case.first_response_at = timezone.now()
    update_versioned(case, expected_version=version, fields=["status", "first_response_at"])
    record_changed(case, actor=actor, before=before, action="respond")
    return case


@service
def set_case_pending(*, actor: User, case_id: int, version: int) -> Case:
    """Open → pending customer: the next move is the customer's."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.PENDING_CUSTOMER, allowed_from={CaseStatus.OPEN})
    before = snapshot(case)
    case.status = CaseStatus.PENDING_CUSTOMER
    update_versioned(case, expected_version=version, fields=["status"])
    record_changed(case, actor=actor, before=before, action="pending")
    return case


@service
def resume_case(*, actor: User, case_id: int, version: int) -> Case:
    """Pending customer → open: the customer answered and the case is ours again."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.OPEN, allowed_from={CaseStatus.PENDING_CUSTOMER})
    before = snapshot(case)
    case.status = CaseStatus.OPEN
    update_versioned(case, expected_version=version, fields=["status"])
    record_changed(case, actor=actor, before=before, action="resume")
    return case


@service
def resolve_case(*, actor: User, case_id: int, version: int, resolution: str) -> Case:
    """New, open or pending → resolved, saying how. A case resolved before any other
    answer was first answered by its resolution, so that is its first response too."""
    case = case_for_change(actor, case_id, version)
    _require_transition(
        case,
        CaseStatus.RESOLVED,
        allowed_from={CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER},
    )
    resolution = require_text(resolution, field="resolution", limit=TEXT_MAX_LENGTH, required=True)
    before = snapshot(case)
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
    record_changed(case, actor=actor, before=before, action="resolve")
    return case


@service
def close_case(*, actor: User, case_id: int, version: int) -> Case:
    """Resolved → closed: the customer accepted the resolution (or stopped answering)."""
    case = case_for_change(actor, case_id, version)
    _require_transition(case, CaseStatus.CLOSED, allowed_from={CaseStatus.RESOLVED})
    before = snapshot(case)
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    update_versioned(case, expected_version=version, fields=["status", "closed_at"])
    record_changed(case, actor=actor, before=before, action="close")
    return case


@service
def reopen_case(*, actor: User, case_id: int, version: int) -> Case:
    """Resolved or closed → open: the problem came back. The reopen count feeds K28's
    reopen rate; the resolution times are cleared because the case is not resolved,
    while the SLA due times stay as fixed at opening."""
    case = case_for_change(actor, case_id, version)
    _require_transition(
        case, CaseStatus.OPEN, allowed_from={CaseStatus.RESOLVED, CaseStatus.CLOSED}
    )
    before = snapshot(case)
    case.status = CaseStatus.OPEN
    case.reopen_count += 1
    case.resolved_at = None
    case.closed_at = None
    update_versioned(
        case,
        expected_version=version,
        fields=["status", "reopen_count", "resolved_at", "closed_at"],
    )
    record_changed(case, actor=actor, before=before, action="reopen")
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
    owner = active_user(owner_id, field="owner")
    if not may_work_cases_of(owner, account_id):
        raise RuleViolation(
            "owner",
            ServiceErrorCode.OWNER_CANNOT_WORK_CASE,
            _("%(user)s may not work this customer's cases.") % {"user": owner},
        )
    return owner


def _account_contact(contact_id: int, *, account_id: int) -> Contact:
    contact = Contact.objects.filter(pk=contact_id, account_id=account_id).first()
    if contact is None:
        raise RuleViolation(
            "contact",
            ServiceErrorCode.CONTACT_NOT_ON_ACCOUNT,
            _("The contact must work at the case's account."),
        )
    return contact


def _sla_due_times(priority: str, opened_at: datetime) -> tuple[datetime | None, datetime | None]:
    """The first-response and resolution due times the policy of `priority` gives a case
    opened at `opened_at`; none without a policy for that priority."""
    return sla_due_times(SlaPolicy.objects.filter(priority=priority).first(), opened_at)

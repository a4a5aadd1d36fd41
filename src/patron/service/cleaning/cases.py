"""The clean step of opening a case (see `core.cleaning` and decision 0020): the raw
values and a context loaded beforehand in, the checked case or every wrong field out,
with no query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from patron.accounts.models import Account, Contact
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError
from patron.core.errors import DomainError, NotVisible, RuleViolation
from patron.core.validation import require_choice, require_text
from patron.org.models import User
from patron.org.policy import active_user_among, active_users_by_id
from patron.service.choices import CaseCategory, CasePriority
from patron.service.cleaning.access import cannot_work_cases, may_work_cases, seen_for_cases
from patron.service.errors import ServiceErrorCode
from patron.service.models import SlaPolicy

SUBJECT_MAX_LENGTH = 255
DEPARTMENT_MAX_LENGTH = 80
# Longest description or resolution kept: a detailed report, not an attached document.
TEXT_MAX_LENGTH = 10_000


@dataclass(frozen=True)
class CaseInput:
    """A case as typed or imported."""

    account_id: int
    subject: str
    description: str = ""
    priority: str = CasePriority.NORMAL
    category: str = CaseCategory.QUESTION
    contact_id: int | None = None
    owner_id: int | None = None
    department: str = ""


@dataclass(frozen=True)
class CaseContext:
    """What cleaning cases needs from the database: the actor, the moment the cases are
    opened, the accounts the actor sees, the contacts named (on those accounts), the
    active users named as owners with the named accounts each may see, and the SLA
    policy of each priority."""

    actor: User
    now: datetime
    accounts: Mapping[int, Account]
    contacts: Mapping[int, Contact]
    owners: Mapping[int, User]
    owner_account_ids: Mapping[int, frozenset[int]]
    sla_policies: Mapping[str, SlaPolicy]


@dataclass(frozen=True)
class CaseValues:
    """A case ready to be written (new, with its SLA targets fixed)."""

    account: Account
    contact: Contact | None
    owner: User
    department: str
    subject: str
    description: str
    priority: str
    category: str
    opened_at: datetime
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None


def case_context(
    actor: User,
    *,
    account_ids: Iterable[int],
    contact_ids: Iterable[int | None] = (),
    owner_ids: Iterable[int | None] = (),
) -> CaseContext:
    """The context for cleaning cases naming these references: one query per kind
    (accounts, contacts, owners, SLA policies), plus one per named owner whose role does
    not work every case (which of the accounts they see)."""
    wanted_accounts = set(account_ids)
    accounts = Account.objects.visible_to(actor).in_bulk(wanted_accounts) if wanted_accounts else {}
    wanted_contacts = {pk for pk in contact_ids if pk is not None}
    contacts = (
        Contact.objects.filter(account_id__in=list(accounts)).in_bulk(wanted_contacts)
        if wanted_contacts and accounts
        else {}
    )
    owners = active_users_by_id(owner_ids)
    owner_account_ids = {
        pk: seen_for_cases(owner, accounts) for pk, owner in owners.items() if pk != actor.pk
    }
    return CaseContext(
        actor=actor,
        now=timezone.now(),
        accounts=accounts,
        contacts=contacts,
        owners=owners,
        owner_account_ids=owner_account_ids,
        sla_policies={policy.priority: policy for policy in SlaPolicy.objects.all()},
    )


def clean_case(raw: CaseInput, context: CaseContext) -> Cleaned[CaseValues]:
    """Every check of a new case (the rules are `open_case`'s), each wrong field
    reported, in the order the service checks them."""
    errors = ErrorCollector()
    account = context.accounts.get(raw.account_id)
    error: DomainError
    if account is None:
        error = NotVisible(str(Account._meta.verbose_name))
        errors.errors.append(FieldError("account", error.code, error.message))
    elif not _may_work_cases_of(context.actor, account.pk, context):
        error = cannot_work_cases()
        errors.errors.append(FieldError("account", error.code, error.message))
    subject = errors.check(
        lambda: require_text(raw.subject, field="subject", limit=SUBJECT_MAX_LENGTH, required=True),
        "",
    )
    department = errors.check(
        lambda: require_text(raw.department, field="department", limit=DEPARTMENT_MAX_LENGTH), ""
    )
    description = errors.check(
        lambda: require_text(raw.description, field="description", limit=TEXT_MAX_LENGTH), ""
    )
    priority = errors.check(
        lambda: require_choice(raw.priority, field="priority", choices=CasePriority.values), ""
    )
    category = errors.check(
        lambda: require_choice(raw.category, field="category", choices=CaseCategory.values), ""
    )
    contact: Contact | None = None
    owner: User | None = context.actor
    if account is not None:
        if raw.contact_id is not None:
            with errors.field():
                contact = _account_contact(raw.contact_id, account, context)
        if raw.owner_id is not None:
            owner = None
            with errors.field():
                owner = _case_owner(raw.owner_id, account, context)
    if errors.errors or account is None or owner is None:
        return Cleaned(errors=errors.errors)
    first_response_due_at, resolution_due_at = sla_due_times(
        context.sla_policies.get(priority), context.now
    )
    return Cleaned(
        CaseValues(
            account=account,
            contact=contact,
            owner=owner,
            department=department,
            subject=subject,
            description=description,
            priority=priority,
            category=category,
            opened_at=context.now,
            first_response_due_at=first_response_due_at,
            resolution_due_at=resolution_due_at,
        )
    )


def sla_due_times(
    policy: SlaPolicy | None, opened_at: datetime
) -> tuple[datetime | None, datetime | None]:
    """The first-response and resolution due times `policy` gives a case opened at
    `opened_at`; none without a policy."""
    if policy is None:
        return None, None
    return (
        opened_at + timedelta(minutes=policy.first_response_minutes),
        opened_at + timedelta(minutes=policy.resolution_minutes),
    )


def _may_work_cases_of(user: User, account_id: int, context: CaseContext) -> bool:
    """`cleaning.access.may_work_cases`, reading the accounts the context loaded (the
    actor's visible accounts, each named owner's)."""
    if user.pk == context.actor.pk:
        return may_work_cases(user, account_id, context.accounts)
    return may_work_cases(user, account_id, context.owner_account_ids.get(user.pk, frozenset()))


def _case_owner(owner_id: int, account: Account, context: CaseContext) -> User:
    owner = active_user_among(context.owners, owner_id, field="owner")
    if not _may_work_cases_of(owner, account.pk, context):
        raise RuleViolation(
            "owner",
            ServiceErrorCode.OWNER_CANNOT_WORK_CASE,
            _("%(user)s may not work this customer's cases.") % {"user": owner},
        )
    return owner


def _account_contact(contact_id: int, account: Account, context: CaseContext) -> Contact:
    contact = context.contacts.get(contact_id)
    if contact is None or contact.account_id != account.pk:
        raise RuleViolation(
            "contact",
            ServiceErrorCode.CONTACT_NOT_ON_ACCOUNT,
            _("The contact must work at the case's account."),
        )
    return contact

"""The clean steps of recording a competitor and its presence at an account (see
`core.cleaning` and decision 0020); a competitor's own fields are checked here for
`update_competitor` too."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext as _

from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account, AccountCompetitor, Competitor
from patron.accounts.services.checks import require_seller
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.validation import require_text
from patron.org.models import User

# Longest name and web address (the columns' lengths); the notes are free text, kept
# to what a battlecard holds.
COMPETITOR_NAME_MAX_LENGTH = 200
WEBSITE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 10_000


@dataclass(frozen=True)
class CompetitorInput:
    """A competitor's own fields as typed or imported."""

    name: str
    website: str = ""
    strengths: str = ""
    weaknesses: str = ""


# A competitor's own fields, as `update_competitor` takes them.
COMPETITOR_FIELDS = tuple(CompetitorInput.__dataclass_fields__)


@dataclass(frozen=True)
class CompetitorValues:
    """A competitor's own fields, checked and trimmed: ready to be written."""

    name: str
    website: str
    strengths: str
    weaknesses: str


@dataclass(frozen=True)
class CompetitorContext:
    """What cleaning new competitors needs from the database: the actor, and the names
    (as `name_key` gives them) competitors already have among those the rows name."""

    actor: User
    taken_names: frozenset[str]


def competitor_context(actor: User, *, names: Iterable[str] = ()) -> CompetitorContext:
    """The context for cleaning competitors with these names (one query)."""
    return CompetitorContext(actor=actor, taken_names=taken_competitor_names(names))


def clean_competitor(raw: CompetitorInput, context: CompetitorContext) -> Cleaned[CompetitorValues]:
    """Every check of a new competitor (the rules are `create_competitor`'s), each
    wrong field reported, in the order the service checks them: who records, the
    fields, then the name no other competitor has."""
    errors = ErrorCollector()
    with errors.field():
        require_seller(context.actor)
    name, fields = _competitor_fields(raw, errors)
    if name is not None:
        errors.check(lambda: require_unique_competitor_name(name, context.taken_names), None)
    if errors.errors or fields is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(fields)


def clean_competitor_fields(raw: CompetitorInput) -> Cleaned[CompetitorValues]:
    """A competitor's own fields checked and trimmed, or every error (also the check
    of `update_competitor`)."""
    errors = ErrorCollector()
    _name, fields = _competitor_fields(raw, errors)
    return Cleaned(fields, errors.errors)


def name_key(name: str) -> str:
    """A name as competitor names are compared: trimmed, without regard to case ("Acme"
    and "ACME" are one company)."""
    return name.strip().upper()


def taken_competitor_names(
    names: Iterable[str], *, other_than: int | None = None
) -> frozenset[str]:
    """The names (as `name_key` gives them) that competitors other than `other_than`
    have, among `names`: one query, compared as the database compares (`iexact`)."""
    wanted = {name.strip() for name in names if isinstance(name, str) and name.strip()}
    if not wanted:
        return frozenset()
    found = Competitor.objects.filter(reduce(operator.or_, (Q(name__iexact=n) for n in wanted)))
    if other_than is not None:
        found = found.exclude(pk=other_than)
    return frozenset(name_key(name) for name in found.values_list("name", flat=True))


def require_unique_competitor_name(name: str, taken_names: frozenset[str]) -> None:
    if name_key(name) in taken_names:
        raise RuleViolation(
            "name",
            CommonErrorCode.DUPLICATE,
            _("Another competitor already has this name."),
        )


def _competitor_fields(
    raw: CompetitorInput, errors: ErrorCollector
) -> tuple[str | None, CompetitorValues | None]:
    """The checked name (None when wrong) and the checked, trimmed values of a
    competitor's own fields (None when any is wrong): each text, then the web
    address's form."""
    before = len(errors.errors)
    name = errors.check(
        lambda: require_text(
            raw.name, field="name", limit=COMPETITOR_NAME_MAX_LENGTH, required=True
        ),
        None,
    )
    website = errors.check(
        lambda: require_text(raw.website, field="website", limit=WEBSITE_MAX_LENGTH), None
    )
    strengths = errors.check(
        lambda: require_text(raw.strengths, field="strengths", limit=NOTE_MAX_LENGTH), ""
    )
    weaknesses = errors.check(
        lambda: require_text(raw.weaknesses, field="weaknesses", limit=NOTE_MAX_LENGTH), ""
    )
    if website:
        errors.check(lambda: _require_web_address(website), None)
    if len(errors.errors) > before or name is None or website is None:
        return name, None
    return name, CompetitorValues(
        name=name, website=website, strengths=strengths, weaknesses=weaknesses
    )


def _require_web_address(website: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(website)
    except ValidationError as error:
        raise RuleViolation(
            "website", AccountErrorCode.INVALID_URL, _("Enter a valid web address.")
        ) from error


# A competitor at an account


@dataclass(frozen=True)
class AccountCompetitorInput:
    """A competitor present at an account, as typed or imported."""

    account_id: int
    competitor_id: int
    is_incumbent: bool = False
    note: str = ""


@dataclass(frozen=True)
class AccountCompetitorContext:
    """What cleaning competitors at accounts needs from the database: the actor, the
    accounts the rows name that the actor sees, the competitors the rows name that
    exist, and which (account, competitor) pairs among them are already recorded."""

    actor: User
    accounts: Mapping[int, Account]
    competitors: Mapping[int, Competitor]
    recorded: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class AccountCompetitorValues:
    """A competitor at an account, ready to be written."""

    account: Account
    competitor: Competitor
    is_incumbent: bool
    note: str


def account_competitor_context(
    actor: User, *, account_ids: Iterable[int], competitor_ids: Iterable[int]
) -> AccountCompetitorContext:
    """The context for recording these competitors at these accounts: one query each
    for the accounts, the competitors and what is already recorded, whatever the
    number of rows."""
    wanted_accounts = ids_of(account_ids)
    accounts = Account.objects.visible_to(actor).in_bulk(wanted_accounts) if wanted_accounts else {}
    wanted_competitors = ids_of(competitor_ids)
    competitors = Competitor.objects.in_bulk(wanted_competitors) if wanted_competitors else {}
    recorded = (
        frozenset(
            AccountCompetitor.objects.filter(
                account_id__in=list(accounts), competitor_id__in=list(competitors)
            ).values_list("account_id", "competitor_id")
        )
        if accounts and competitors
        else frozenset()
    )
    return AccountCompetitorContext(
        actor=actor, accounts=accounts, competitors=competitors, recorded=recorded
    )


def clean_account_competitor(
    raw: AccountCompetitorInput, context: AccountCompetitorContext
) -> Cleaned[AccountCompetitorValues]:
    """Every check of recording a competitor at an account (the rules are
    `add_account_competitor`'s), each wrong field reported, in the order the service
    checks them: the account seen, a seller recording, the competitor, the note, and
    once per account."""
    errors = ErrorCollector()
    account = context.accounts.get(raw.account_id)
    if account is None:
        refusal = NotVisible(str(Account._meta.verbose_name))
        errors.errors.append(FieldError("account", refusal.code, refusal.message))
    check_named(errors, "account", lambda: require_seller(context.actor))
    competitor = context.competitors.get(raw.competitor_id)
    if competitor is None:
        errors.errors.append(
            FieldError(
                "competitor",
                CommonErrorCode.UNKNOWN_REFERENCE,
                _("There is no such competitor."),
            )
        )
    note = errors.check(lambda: require_text(raw.note, field="note", limit=NOTE_MAX_LENGTH), "")
    if (
        account is not None
        and competitor is not None
        and (account.pk, competitor.pk) in context.recorded
    ):
        errors.errors.append(
            FieldError(
                "competitor",
                CommonErrorCode.DUPLICATE,
                _("%(competitor)s is already recorded at this account.")
                % {"competitor": competitor},
            )
        )
    if errors.errors or account is None or competitor is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        AccountCompetitorValues(
            account=account,
            competitor=competitor,
            is_incumbent=bool(raw.is_incumbent),
            note=note,
        )
    )

"""The checks every pipeline service shares.

Who may change a lead or a deal, loading one for a change (locked, so two operations
on the same deal queue instead of racing), who may own one, and the shape of the
values people type: text lengths, choices, money in a deal's currency, dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.models import Account, Competitor
from patron.core.errors import NotVisible, RuleViolation
from patron.core.models import company_today, require_version
from patron.core.money import CurrencyError, Money, minor_digits, validate_currency
from patron.org.models import User
from patron.org.policy import require_may_change_sales_record, require_may_own
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Lead, Opportunity

# The largest amount (minor units) a deal or a line may carry: ten trillion units of a
# two-decimal currency, so sums of many deals stay inside 64-bit integer columns.
MAX_AMOUNT_MINOR = 10**15


def require_may_change(actor: User, owner_id: int | None) -> None:
    """The write rule for leads and deals: the owned-records rule (executives change
    nothing; sales ops and admins everything; sellers what they or the people below
    them own). Service agents never see the pipeline, so they never change it."""
    require_may_change_sales_record(actor, owner_id)


def opportunity_for_change(actor: User, opportunity_id: int, version: int) -> Opportunity:
    """The deal, locked until the end of the transaction, if the actor may change it
    and last saw it at `version`.

    Invisible → NotVisible (it does not exist for them); visible but not theirs to
    change → Forbidden; changed since → StaleVersion. Nothing is written before these.
    """
    deal = (
        Opportunity.objects.visible_to(actor).select_for_update().filter(pk=opportunity_id).first()
    )
    if deal is None:
        raise NotVisible(str(Opportunity._meta.verbose_name))
    require_may_change(actor, deal.owner_id)
    require_version(deal, version)
    return deal


def lead_for_change(actor: User, lead_id: int) -> Lead:
    """The lead, locked, if the actor may change it. An unassigned lead belongs to
    whoever routes leads: anyone who sees it (sales managers, sales ops) may work it."""
    lead = Lead.objects.visible_to(actor).select_for_update().filter(pk=lead_id).first()
    if lead is None:
        raise NotVisible(str(Lead._meta.verbose_name))
    if lead.owner_id is None:
        require_may_change(actor, actor.pk)
    else:
        require_may_change(actor, lead.owner_id)
    return lead


def visible_account(actor: User, account_id: int) -> Account:
    account = Account.objects.visible_to(actor).filter(pk=account_id).first()
    if account is None:
        raise NotVisible(str(Account._meta.verbose_name))
    return account


def resolve_seller(actor: User, owner_id: int | None, *, field: str = "owner") -> User:
    """The owner of a lead or deal: the actor unless they name someone else.

    The owner must be an active user who sells or runs sales (not a service agent or a
    read-only executive, who could not work the record), and the actor must be allowed
    to change records of theirs — a rep for themselves, a manager for their team.
    """
    if owner_id is None:
        owner = actor
    else:
        found = User.objects.filter(pk=owner_id, is_active=True).first()
        if found is None:
            raise RuleViolation(
                field, PipelineErrorCode.UNKNOWN_OWNER, _("There is no active user with this id.")
            )
        owner = found
    require_may_change(actor, owner.pk)
    return require_may_own(owner, field=field)


def require_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    """`value` without surrounding spaces, refused when empty (if required) or too long."""
    value = value.strip()
    if required and not value:
        raise RuleViolation(field, PipelineErrorCode.REQUIRED, _("This field is required."))
    if len(value) > limit:
        raise RuleViolation(
            field, PipelineErrorCode.TOO_LONG, _("At most %(limit)s characters.") % {"limit": limit}
        )
    return value


def require_choice(value: str, *, field: str, choices: Iterable[str], blank: bool = False) -> str:
    if (blank and value == "") or value in choices:
        return value
    raise RuleViolation(field, PipelineErrorCode.UNKNOWN_CHOICE, _("Choose a value from the list."))


def require_currency(currency: str, *, field: str = "currency") -> str:
    try:
        return validate_currency(currency)
    except CurrencyError as error:
        raise RuleViolation(
            field, PipelineErrorCode.UNKNOWN_CURRENCY, _("Unknown currency code.")
        ) from error


def minor_units(money: Money, *, currency: str, field: str) -> int:
    """`money` as minor units of `currency`: refuses another currency, fractions of the
    minor unit (0.001 USD) rather than rounding silently, negatives and absurd sizes."""
    if money.currency != currency:
        raise RuleViolation(
            field,
            PipelineErrorCode.WRONG_CURRENCY,
            _("The amount must be in %(currency)s.") % {"currency": currency},
        )
    try:
        minor = money.to_minor()
    except CurrencyError as error:
        raise RuleViolation(
            field,
            PipelineErrorCode.TOO_PRECISE,
            _("%(currency)s amounts have at most %(digits)s decimals.")
            % {"currency": currency, "digits": minor_digits(currency)},
        ) from error
    if minor < 0:
        raise RuleViolation(
            field, PipelineErrorCode.NEGATIVE_AMOUNT, _("The amount cannot be negative.")
        )
    require_storable(minor, field=field)
    return minor


def require_storable(minor: int, *, field: str) -> None:
    if minor > MAX_AMOUNT_MINOR:
        raise RuleViolation(
            field, PipelineErrorCode.AMOUNT_TOO_LARGE, _("This amount is too large to record.")
        )


def require_close_after_opening(close_date: date, opened_on: date, *, field: str) -> None:
    if close_date < opened_on:
        raise RuleViolation(
            field,
            PipelineErrorCode.CLOSES_BEFORE_OPENING,
            _("A deal cannot close before it was opened (%(day)s).")
            % {"day": opened_on.isoformat()},
        )


def require_not_future(day: date, *, field: str) -> None:
    """A fact (a win, a loss) happened today or earlier in the company's calendar."""
    if day > company_today():
        raise RuleViolation(
            field, PipelineErrorCode.IN_FUTURE, _("This date cannot be in the future.")
        )


def competitor_or_none(competitor_id: int | None, *, field: str) -> Competitor | None:
    """The competitor named by id (None when none is named); an unknown id is refused."""
    if competitor_id is None:
        return None
    competitor = Competitor.objects.filter(pk=competitor_id).first()
    if competitor is None:
        raise RuleViolation(
            field, PipelineErrorCode.UNKNOWN_COMPETITOR, _("There is no such competitor.")
        )
    return competitor

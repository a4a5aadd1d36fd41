"""The clean step of starting a campaign (see `core.cleaning` and decision 0020), and
the campaign rules `update_campaign` checks with too: who may run campaigns, the cost
and the dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, check_named
from patron.core.currency import Rates, load_rates
from patron.core.errors import Forbidden, RuleViolation
from patron.core.models import CompanySettings
from patron.core.money import Money
from patron.core.validation import minor_units, require_choice, require_currency, require_text
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import active_user_among, active_users_by_id, can, may_change_owned_by
from patron.org.visibility import with_reporting_tree
from patron.pipeline.choices import CampaignChannel
from patron.pipeline.errors import PipelineErrorCode

NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class CampaignInput:
    """A campaign as typed or imported."""

    name: str
    channel: str
    starts_on: date
    ends_on: date | None = None
    cost: Money | None = None
    currency: str | None = None
    owner_id: int | None = None


@dataclass(frozen=True)
class CampaignContext:
    """What cleaning campaigns needs from the database: the actor (with their reporting
    tree walked), the active users the rows name as owners, and the base currency with
    the dated rates of the other currencies the rows name."""

    actor: User
    owners: Mapping[int, User]
    rates: Rates


@dataclass(frozen=True)
class CampaignValues:
    """A campaign ready to be written."""

    name: str
    channel: str
    starts_on: date
    ends_on: date | None
    currency: str
    cost_minor: int
    cost_base_minor: int
    owner: User


def campaign_context(
    actor: User,
    *,
    owner_ids: Iterable[int | None] = (),
    currencies: Iterable[str | None] = (),
) -> CampaignContext:
    """The context for cleaning campaigns naming these owners and currencies (those of
    their costs, and those given without a cost): one query per kind, whatever the
    number of rows."""
    return CampaignContext(
        actor=with_reporting_tree(actor),
        owners=active_users_by_id(owner_ids),
        rates=load_rates(CompanySettings.current().base_currency, currencies),
    )


def clean_campaign(raw: CampaignInput, context: CampaignContext) -> Cleaned[CampaignValues]:
    """Every check of a new campaign (the rules are `create_campaign`'s), each wrong
    field reported, in the order the service checks them."""
    errors = ErrorCollector()
    owner = check_named(errors, "owner", lambda: _owner(raw.owner_id, context))
    money = errors.check(lambda: _currency_and_cost(raw, context.rates.base_currency), None)
    errors.check(lambda: require_ends_after_start(raw.starts_on, raw.ends_on), None)
    name = errors.check(
        lambda: require_text(raw.name, field="name", limit=NAME_MAX_LENGTH, required=True), ""
    )
    channel = errors.check(
        lambda: require_choice(raw.channel, field="channel", choices=CampaignChannel.values), ""
    )
    base_minor = None
    if money is not None:
        base_minor = errors.check(
            lambda: context.rates.base_minor(money[1], money[0], raw.starts_on, field="cost"),
            None,
        )
    if errors.errors or owner is None or money is None or base_minor is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        CampaignValues(
            name=name,
            channel=channel,
            starts_on=raw.starts_on,
            ends_on=raw.ends_on,
            currency=money[0],
            cost_minor=money[1],
            cost_base_minor=base_minor,
            owner=owner,
        )
    )


def may_run_campaigns(user: User) -> bool:
    """Configurers, and sellers' managers (a role that sells and develops people)."""
    return can(user, Capability.CONFIGURE) or (
        can(user, Capability.SELL) and can(user, Capability.DEVELOP_PEOPLE)
    )


def require_may_change_campaign(actor: User, owner_id: int | None) -> None:
    """Forbidden unless the actor runs campaigns and may change what `owner_id` owns."""
    if not may_run_campaigns(actor) or not may_change_owned_by(actor, owner_id):
        raise Forbidden()


def campaign_cost(cost: Money) -> tuple[str, int]:
    """A cost's currency and its minor units (refused naming `cost`)."""
    currency = require_currency(cost.currency, field="cost")
    return currency, minor_units(cost, currency=currency, field="cost")


def require_ends_after_start(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise RuleViolation(
            "ends_on",
            PipelineErrorCode.ENDS_BEFORE_START,
            _("A campaign cannot end before it starts (%(day)s).") % {"day": starts_on.isoformat()},
        )


def _owner(owner_id: int | None, context: CampaignContext) -> User:
    """The actor, or the active user they name, if the actor may change their records."""
    owner = (
        context.actor
        if owner_id is None
        else active_user_among(context.owners, owner_id, field="owner")
    )
    require_may_change_campaign(context.actor, owner.pk)
    return owner


def _currency_and_cost(raw: CampaignInput, base_currency: str) -> tuple[str, int]:
    """Without a cost a campaign costs nothing yet, in the given currency or the base
    currency; with one, in the cost's currency."""
    if raw.cost is None:
        return require_currency(raw.currency or base_currency), 0
    return campaign_cost(raw.cost)

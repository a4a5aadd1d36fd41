"""The clean steps of naming who is in a deal: a contact with their buying role, and a
competitor (see `core.cleaning` and decision 0020).

Both are added by whoever may change the deal (`services.checks.deal_for_change`):
a deal the actor cannot see does not exist for them, one they see but may not change
is forbidden — the first errors of a row, as the service raises them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from patron.accounts.choices import BuyingRole
from patron.accounts.models import Competitor, Contact
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.errors import CommonErrorCode, NotVisible, RuleViolation
from patron.core.validation import require_choice
from patron.org.models import User
from patron.org.policy import require_may_change_sales_record
from patron.org.visibility import with_reporting_tree
from patron.pipeline.cleaning.common import no_competitor
from patron.pipeline.errors import PipelineErrorCode
from patron.pipeline.models import Opportunity, OpportunityCompetitor, OpportunityContactRole

# Contacts in a deal


@dataclass(frozen=True)
class OpportunityContactRoleInput:
    """A contact named in a deal, as typed or imported."""

    opportunity_id: int
    contact_id: int
    role: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class OpportunityContactRoleContext:
    """What cleaning contacts in deals needs from the database: the actor (with their
    reporting tree walked), the deals the rows name that the actor sees, the contacts
    the rows name that work at those deals' accounts, and which (deal, contact) pairs
    among them are already linked."""

    actor: User
    deals: Mapping[int, Opportunity]
    contacts: Mapping[int, Contact]
    linked: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class OpportunityContactRoleValues:
    """A contact's part in a deal, ready to be written (a new primary contact demotes
    the deal's previous one when it is)."""

    opportunity: Opportunity
    contact: Contact
    role: str
    is_primary: bool


def opportunity_contact_role_context(
    actor: User,
    *,
    opportunity_ids: Iterable[int],
    contact_ids: Iterable[int],
    lock: bool = False,
) -> OpportunityContactRoleContext:
    """The context for naming these contacts in these deals: one query each for the
    deals, the contacts and the existing links, whatever the number of rows. With
    `lock` the deals stay locked until the transaction ends (the service, which writes
    at once: two changes of one deal queue instead of racing)."""
    actor = with_reporting_tree(actor)
    deals = _visible_deals(actor, opportunity_ids, lock=lock)
    wanted = ids_of(contact_ids)
    contacts = (
        Contact.objects.filter(account_id__in={deal.account_id for deal in deals.values()}).in_bulk(
            wanted
        )
        if wanted and deals
        else {}
    )
    linked = (
        frozenset(
            OpportunityContactRole.objects.filter(
                opportunity_id__in=list(deals), contact_id__in=list(contacts)
            ).values_list("opportunity_id", "contact_id")
        )
        if contacts
        else frozenset()
    )
    return OpportunityContactRoleContext(actor=actor, deals=deals, contacts=contacts, linked=linked)


def clean_opportunity_contact_role(
    raw: OpportunityContactRoleInput, context: OpportunityContactRoleContext
) -> Cleaned[OpportunityContactRoleValues]:
    """Every check of naming a contact in a deal (the rules are
    `add_opportunity_contact_role`'s), each wrong field reported, in the order the
    service checks them."""
    errors = ErrorCollector()
    deal = _deal_for_change(raw.opportunity_id, context.actor, context.deals, errors)
    contact = None
    if deal is not None:
        contact = errors.check(lambda: _deal_contact(raw.contact_id, deal, context), None)
    role = errors.check(
        lambda: require_choice(raw.role, field="role", choices=BuyingRole.values, blank=True),
        "",
    )
    if deal is not None and contact is not None and (deal.pk, contact.pk) in context.linked:
        errors.errors.append(
            FieldError(
                "contact", CommonErrorCode.DUPLICATE, _("This contact is already in the deal.")
            )
        )
    if errors.errors or deal is None or contact is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        OpportunityContactRoleValues(
            opportunity=deal, contact=contact, role=role, is_primary=raw.is_primary
        )
    )


# Competitors in a deal


@dataclass(frozen=True)
class OpportunityCompetitorInput:
    """A competitor met in a deal, as typed or imported."""

    opportunity_id: int
    competitor_id: int
    note: str = ""


@dataclass(frozen=True)
class OpportunityCompetitorContext:
    """What cleaning competitors in deals needs from the database: the actor (with their
    reporting tree walked), the deals the rows name that the actor sees, the
    competitors the rows name that exist, and which (deal, competitor) pairs among them
    are already linked."""

    actor: User
    deals: Mapping[int, Opportunity]
    competitors: Mapping[int, Competitor]
    linked: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class OpportunityCompetitorValues:
    """A competitor in a deal, ready to be written."""

    opportunity: Opportunity
    competitor: Competitor
    note: str


def opportunity_competitor_context(
    actor: User,
    *,
    opportunity_ids: Iterable[int],
    competitor_ids: Iterable[int],
    lock: bool = False,
) -> OpportunityCompetitorContext:
    """The context for naming these competitors in these deals: one query each for the
    deals, the competitors and the existing links, whatever the number of rows. With
    `lock` the deals stay locked until the transaction ends (see
    `opportunity_contact_role_context`)."""
    actor = with_reporting_tree(actor)
    deals = _visible_deals(actor, opportunity_ids, lock=lock)
    wanted = ids_of(competitor_ids)
    competitors = Competitor.objects.in_bulk(wanted) if wanted else {}
    linked = (
        frozenset(
            OpportunityCompetitor.objects.filter(
                opportunity_id__in=list(deals), competitor_id__in=list(competitors)
            ).values_list("opportunity_id", "competitor_id")
        )
        if deals and competitors
        else frozenset()
    )
    return OpportunityCompetitorContext(
        actor=actor, deals=deals, competitors=competitors, linked=linked
    )


def clean_opportunity_competitor(
    raw: OpportunityCompetitorInput, context: OpportunityCompetitorContext
) -> Cleaned[OpportunityCompetitorValues]:
    """Every check of naming a competitor in a deal (the rules are
    `add_opportunity_competitor`'s), each wrong field reported, in the order the
    service checks them."""
    errors = ErrorCollector()
    deal = _deal_for_change(raw.opportunity_id, context.actor, context.deals, errors)
    competitor = context.competitors.get(raw.competitor_id)
    if competitor is None:
        refusal = no_competitor()
        errors.errors.append(FieldError("competitor", refusal.code, refusal.message))
    elif deal is not None and (deal.pk, competitor.pk) in context.linked:
        errors.errors.append(
            FieldError(
                "competitor",
                CommonErrorCode.DUPLICATE,
                _("This competitor is already in the deal."),
            )
        )
    if errors.errors or deal is None or competitor is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        OpportunityCompetitorValues(opportunity=deal, competitor=competitor, note=raw.note.strip())
    )


def _visible_deals(
    actor: User, opportunity_ids: Iterable[int], *, lock: bool
) -> dict[int, Opportunity]:
    wanted = ids_of(opportunity_ids)
    if not wanted:
        return {}
    deals = Opportunity.objects.visible_to(actor)
    return (deals.select_for_update() if lock else deals).in_bulk(wanted)


def _deal_for_change(
    opportunity_id: int,
    actor: User,
    deals: Mapping[int, Opportunity],
    errors: ErrorCollector,
) -> Opportunity | None:
    """`services.checks.deal_for_change` against the preloaded deals: an invisible deal
    is NotVisible (and None), one the actor may not change Forbidden, both recorded
    under `opportunity`. A deal the actor sees is returned either way, so what the row
    says of it is checked too."""
    deal = deals.get(opportunity_id)
    if deal is None:
        refusal = NotVisible(str(Opportunity._meta.verbose_name))
        errors.errors.append(FieldError("opportunity", refusal.code, refusal.message))
        return None
    check_named(
        errors, "opportunity", lambda: require_may_change_sales_record(actor, deal.owner_id)
    )
    return deal


def _deal_contact(
    contact_id: int, deal: Opportunity, context: OpportunityContactRoleContext
) -> Contact:
    contact = context.contacts.get(contact_id)
    if contact is None or contact.account_id != deal.account_id:
        raise RuleViolation(
            "contact",
            PipelineErrorCode.CONTACT_NOT_ON_ACCOUNT,
            _("Choose a contact of the deal's account."),
        )
    return contact

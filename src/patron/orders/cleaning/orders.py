"""The clean step of creating a sales order (see `patron.orders.cleaning`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from patron.accounts.models import Account
from patron.catalog.models import Product
from patron.catalog.pricing import LineInput, PricedValues, price_line
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.currency import Rates, load_rates
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import CompanySettings, company_today
from patron.core.money import Money
from patron.core.validation import require_currency, require_storable
from patron.orders.choices import ContractStatus
from patron.orders.cleaning.common import not_visible, require_won
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Contract
from patron.org.models import User
from patron.org.policy import active_users_by_id
from patron.org.visibility import with_reporting_tree
from patron.pipeline.cleaning.common import owner_of
from patron.pipeline.models import Opportunity, OpportunityLine


@dataclass(frozen=True)
class OrderInput:
    """An order as typed or imported."""

    account_id: int | None = None
    opportunity_id: int | None = None
    contract_id: int | None = None
    currency: str | None = None
    lines: Sequence[LineInput] | None = None
    order_date: date | None = None
    owner_id: int | None = None


@dataclass(frozen=True)
class OrderContext:
    """What cleaning orders needs from the database: the won deals' lines are kept
    per deal, in the order they were added."""

    actor: User
    today: date
    owners: Mapping[int, User]
    accounts: Mapping[int, Account]
    opportunities: Mapping[int, Opportunity]
    opportunity_lines: Mapping[int, tuple[OpportunityLine, ...]]
    contracts: Mapping[int, Contract]
    products: Mapping[int, Product]
    rates: Rates


@dataclass(frozen=True)
class OrderLineValues:
    """A priced line and its total in the base currency."""

    priced: PricedValues
    total_base_minor: int


@dataclass(frozen=True)
class OrderValues:
    """A draft order ready to be written (its number is given when written)."""

    account: Account
    owner: User
    opportunity: Opportunity | None
    contract: Contract | None
    order_date: date
    currency: str
    lines: tuple[OrderLineValues, ...]

    @property
    def total_minor(self) -> int:
        return sum(line.priced.total_minor for line in self.lines)

    @property
    def total_base_minor(self) -> int:
        return sum(line.total_base_minor for line in self.lines)


def order_context(
    actor: User,
    *,
    owner_ids: Iterable[int | None] = (),
    account_ids: Iterable[int | None] = (),
    opportunity_ids: Iterable[int | None] = (),
    contract_ids: Iterable[int | None] = (),
    product_ids: Iterable[int] = (),
    currencies: Iterable[str | None] = (),
) -> OrderContext:
    """The context for cleaning orders that name these references (one query per
    kind); the accounts, currencies, lines and products of the deals and contracts
    named are added."""
    actor = with_reporting_tree(actor)
    deal_ids = ids_of(opportunity_ids)
    opportunities = Opportunity.objects.visible_to(actor).in_bulk(deal_ids) if deal_ids else {}
    lines: dict[int, list[OpportunityLine]] = defaultdict(list)
    if opportunities:
        for line in OpportunityLine.objects.filter(opportunity_id__in=opportunities).order_by(
            "opportunity_id", "pk"
        ):
            lines[line.opportunity_id].append(line)
    wanted_contracts = ids_of(contract_ids)
    contracts = (
        Contract.objects.visible_to(actor).in_bulk(wanted_contracts) if wanted_contracts else {}
    )
    sources = [*opportunities.values(), *contracts.values()]
    accounts = ids_of(account_ids) | {source.account_id for source in sources}
    products = set(product_ids) | {line.product_id for deal in lines.values() for line in deal}
    base_currency = CompanySettings.current().base_currency
    return OrderContext(
        actor=actor,
        today=company_today(),
        owners=active_users_by_id(owner_ids),
        accounts=Account.objects.visible_to(actor).in_bulk(accounts) if accounts else {},
        opportunities=opportunities,
        opportunity_lines={pk: tuple(deal) for pk, deal in lines.items()},
        contracts=contracts,
        products=Product.objects.in_bulk(products) if products else {},
        rates=load_rates(base_currency, [*currencies, *(source.currency for source in sources)]),
    )


def clean_order(raw: OrderInput, context: OrderContext) -> Cleaned[OrderValues]:
    """Every check of a new order (the rules are `create_order`'s), each wrong field
    reported, in the order the service checks them."""
    errors = ErrorCollector()
    contract_id = raw.contract_id
    if raw.opportunity_id is not None and contract_id is not None:
        errors.errors.append(
            FieldError(
                "contract",
                OrderErrorCode.ONE_SOURCE_ONLY,
                _("An order comes from an opportunity or from a contract, not both."),
            )
        )
        contract_id = None
    order_date = raw.order_date or context.today
    opportunity, contract, source = _source(raw.opportunity_id, contract_id, order_date, context)
    errors.errors.extend(source.errors)
    account = currency = None
    if source.values is not None:
        source_account_id, source_currency = source.values
        if raw.opportunity_id is None and contract_id is None:
            source_account_id, source_currency = raw.account_id, raw.currency
        account_id = errors.check(lambda: same_or_given(source_account_id, raw.account_id), None)
        currency = errors.check(lambda: order_currency(source_currency, raw.currency), None)
        if account_id is not None:
            account = context.accounts.get(account_id)
            if account is None:
                errors.errors.append(not_visible("account", Account))
    owner = check_named(
        errors, "owner", lambda: owner_of(context.actor, raw.owner_id, context.owners)
    )
    lines: tuple[OrderLineValues, ...] | None = None
    if currency is not None:
        lines = _lines(raw.lines, opportunity, currency, order_date, context, errors)
    if errors.errors or account is None or owner is None or currency is None or lines is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        OrderValues(
            account=account,
            owner=owner,
            opportunity=opportunity,
            contract=contract,
            order_date=order_date,
            currency=currency,
            lines=lines,
        )
    )


def require_active_contract(contract: Contract, order_date: date) -> Contract:
    """Orders are placed only under an active contract, dated within it."""
    if contract.status != ContractStatus.ACTIVE:
        raise RuleViolation(
            "contract",
            OrderErrorCode.CONTRACT_NOT_ACTIVE,
            _("Orders are placed only under an active contract."),
        )
    if not contract.start_date <= order_date <= contract.end_date:
        raise RuleViolation(
            "order_date",
            OrderErrorCode.OUTSIDE_CONTRACT,
            _("The order date must fall within the contract (%(start)s to %(end)s).")
            % {"start": contract.start_date.isoformat(), "end": contract.end_date.isoformat()},
        )
    return contract


def same_or_given(source_account_id: int | None, given_account_id: int | None) -> int:
    if source_account_id is None:
        raise RuleViolation(
            "account", CommonErrorCode.REQUIRED, _("Choose the account that orders.")
        )
    if given_account_id is not None and given_account_id != source_account_id:
        raise RuleViolation(
            "account",
            OrderErrorCode.ACCOUNT_MISMATCH,
            _("The order must be for the account of its opportunity or contract."),
        )
    return source_account_id


def order_currency(source_currency: str | None, given_currency: str | None) -> str:
    if source_currency is None:
        raise RuleViolation("currency", CommonErrorCode.REQUIRED, _("Choose the order's currency."))
    if given_currency is not None and given_currency != source_currency:
        raise RuleViolation(
            "currency",
            CommonErrorCode.WRONG_CURRENCY,
            _("The order must be in %(currency)s, like its opportunity or contract.")
            % {"currency": source_currency},
        )
    return require_currency(source_currency, field="currency")


def _source(
    opportunity_id: int | None, contract_id: int | None, order_date: date, context: OrderContext
) -> tuple[Opportunity | None, Contract | None, Cleaned[tuple[int | None, str | None]]]:
    """The won deal or active contract the order comes from, and its account and
    currency (none for an ad hoc order); refused, the order's source is unknown."""
    errors = ErrorCollector()
    if opportunity_id is not None:
        opportunity = context.opportunities.get(opportunity_id)
        if opportunity is None:
            return None, None, Cleaned(errors=[not_visible("opportunity", Opportunity)])
        if errors.check(lambda: require_won(opportunity), None) is None:
            return None, None, Cleaned(errors=errors.errors)
        return opportunity, None, Cleaned((opportunity.account_id, opportunity.currency))
    if contract_id is not None:
        contract = context.contracts.get(contract_id)
        if contract is None:
            return None, None, Cleaned(errors=[not_visible("contract", Contract)])
        if errors.check(lambda: require_active_contract(contract, order_date), None) is None:
            return None, None, Cleaned(errors=errors.errors)
        return None, contract, Cleaned((contract.account_id, contract.currency))
    return None, None, Cleaned((None, None))


def _lines(
    lines: Sequence[LineInput] | None,
    opportunity: Opportunity | None,
    currency: str,
    order_date: date,
    context: OrderContext,
    errors: ErrorCollector,
) -> tuple[OrderLineValues, ...] | None:
    """Every line priced by `catalog.pricing` (a won deal's lines copied when none are
    given, keeping a product withdrawn since), with its base total at the order date's
    rate."""
    check_active = True
    if lines is None and opportunity is not None:
        lines = [
            LineInput(
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=Money.from_minor(line.unit_price_minor, currency),
                discount_percent=line.discount_percent,
            )
            for line in context.opportunity_lines.get(opportunity.pk, ())
        ]
        check_active = False
    if not lines:
        errors.errors.append(
            FieldError("lines", OrderErrorCode.NO_LINES, _("An order needs at least one line."))
        )
        return None
    priced = [
        check_named(
            errors,
            f"lines.{number}",
            partial(_price, number, line, currency, check_active, context),
        )
        for number, line in enumerate(lines)
    ]
    checked = [line for line in priced if line is not None]
    if len(checked) != len(priced):
        return None
    found = len(errors.errors)
    errors.check(
        lambda: require_storable(sum(line.total_minor for line in checked), field="lines"), 0
    )
    if len(errors.errors) > found:
        return None
    # One currency and one date: the rate converts every line or none, refused once.
    return errors.check(lambda: _in_base(checked, currency, order_date, context.rates), None)


def _price(
    number: int, line: LineInput, currency: str, check_active: bool, context: OrderContext
) -> PricedValues:
    return price_line(number, line, context.products, currency=currency, check_active=check_active)


def _in_base(
    lines: Sequence[PricedValues], currency: str, order_date: date, rates: Rates
) -> tuple[OrderLineValues, ...]:
    return tuple(
        OrderLineValues(line, rates.base_minor(line.total_minor, currency, order_date))
        for line in lines
    )

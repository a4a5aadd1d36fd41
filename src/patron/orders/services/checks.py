"""The checks every order-to-cash service shares.

Who may change an order, invoice or contract; loading one for a change (locked, so
concurrent operations on the same order queue instead of racing); the version of a
stale edit; the status flow of an order; and amounts given as Money in a document's
currency.
"""

from __future__ import annotations

from django.db.models import BigIntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from patron.accounts.models import Account
from patron.core.errors import NotVisible, RuleViolation
from patron.core.money import CurrencyError, Money, minor_digits
from patron.orders.choices import InvoiceStatus, OrderStatus
from patron.orders.errors import OrderErrorCode
from patron.orders.models import Contract, Invoice, SalesOrder
from patron.org.models import User
from patron.org.policy import require_may_change_sales_record
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.models import Opportunity

# The largest amount (in minor units) a single line, order, invoice, payment or contract
# may carry: ten trillion units of a two-decimal currency. It keeps any sum of thousands
# of them inside the 64-bit integer columns on both databases.
MAX_AMOUNT_MINOR = 10**15


def require_order_transition(order: SalesOrder, target: str, *, allowed_from: set[str]) -> None:
    """The order status flow (SPEC 2.3): draft → confirmed → fulfilled → invoiced → paid,
    or cancelled. Each operation makes one move from the statuses it lists (invoicing
    may come before fulfilment: a prepaid order); any other move is refused, naming
    `status`."""
    if order.status not in allowed_from:
        raise RuleViolation(
            "status",
            OrderErrorCode.INVALID_TRANSITION,
            _("The order is %(current)s; it cannot become %(target)s.")
            % {
                "current": OrderStatus(order.status).label,
                "target": OrderStatus(target).label,
            },
        )


def require_change_allowed(actor: User, owner_id: int | None) -> None:
    """The write rule for order-to-cash records: the owned-records rule (executives
    change nothing; sales ops and admins everything; sellers what they or the people
    below them own). Service agents never see orders, so they never change them."""
    require_may_change_sales_record(actor, owner_id)


def visible_account(actor: User, account_id: int) -> Account:
    account = Account.objects.visible_to(actor).filter(pk=account_id).first()
    if account is None:
        raise NotVisible(str(Account._meta.verbose_name))
    return account


def won_opportunity(actor: User, opportunity_id: int) -> Opportunity:
    """A won deal the actor may see: only a won deal becomes an order or a contract."""
    opportunity = Opportunity.objects.visible_to(actor).filter(pk=opportunity_id).first()
    if opportunity is None:
        raise NotVisible(str(Opportunity._meta.verbose_name))
    if opportunity.status != OpportunityStatus.WON:
        raise RuleViolation(
            "opportunity",
            OrderErrorCode.OPPORTUNITY_NOT_WON,
            _("Only a won opportunity can become an order or a contract."),
        )
    return opportunity


def resolve_owner(actor: User, owner_id: int | None) -> User:
    """The owner of a new record: the actor unless they name someone they may act for."""
    if owner_id is None:
        require_change_allowed(actor, actor.pk)
        return actor
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        raise RuleViolation(
            "owner", OrderErrorCode.UNKNOWN_OWNER, _("There is no active user with this id.")
        )
    require_change_allowed(actor, owner.pk)
    return owner


def order_for_change(actor: User, order_id: int) -> SalesOrder:
    """The order, locked until the end of the transaction, if the actor may change it.

    Every service that changes an order or its invoices takes this lock first, so two
    of them on one order run one after the other (PostgreSQL row lock; SQLite's
    IMMEDIATE transactions already serialise writers).
    """
    order = SalesOrder.objects.visible_to(actor).select_for_update().filter(pk=order_id).first()
    if order is None:
        raise NotVisible(str(SalesOrder._meta.verbose_name))
    require_change_allowed(actor, order.owner_id)
    return order


def invoice_for_change(actor: User, invoice_id: int) -> tuple[Invoice, SalesOrder]:
    """The invoice and its locked order, if the actor may change the order.

    The order is locked before the invoice is read again, so the invoice seen is the
    one every earlier operation on the order has committed.
    """
    invoice = Invoice.objects.visible_to(actor).filter(pk=invoice_id).first()
    if invoice is None:
        raise NotVisible(str(Invoice._meta.verbose_name))
    order = SalesOrder.objects.select_for_update().get(pk=invoice.order_id)
    require_change_allowed(actor, order.owner_id)
    invoice.refresh_from_db()
    return invoice, order


def contract_for_change(actor: User, contract_id: int) -> Contract:
    contract = Contract.objects.visible_to(actor).select_for_update().filter(pk=contract_id).first()
    if contract is None:
        raise NotVisible(str(Contract._meta.verbose_name))
    require_change_allowed(actor, contract.owner_id)
    return contract


def minor_units(money: Money, *, currency: str, field: str) -> int:
    """`money` as minor units of `currency`: refuses another currency and fractions of
    the minor unit (0.001 USD) rather than rounding the customer's money silently."""
    if money.currency != currency:
        raise RuleViolation(
            field,
            OrderErrorCode.WRONG_CURRENCY,
            _("The amount must be in %(currency)s.") % {"currency": currency},
        )
    try:
        minor = money.to_minor()
    except CurrencyError as error:
        raise RuleViolation(
            field,
            OrderErrorCode.TOO_PRECISE,
            _("%(currency)s amounts have at most %(digits)s decimals.")
            % {"currency": currency, "digits": minor_digits(currency)},
        ) from error
    require_storable(minor, field=field)
    return minor


def require_storable(minor: int, *, field: str) -> None:
    if abs(minor) > MAX_AMOUNT_MINOR:
        raise RuleViolation(
            field, OrderErrorCode.AMOUNT_TOO_LARGE, _("This amount is too large to record.")
        )


def require_max_length(text: str, *, field: str, limit: int) -> None:
    if len(text) > limit:
        raise RuleViolation(
            field,
            OrderErrorCode.TOO_LONG,
            _("At most %(limit)s characters.") % {"limit": limit},
        )


def invoiced_minor(order: SalesOrder) -> int:
    """What the order's invoices bill so far; a voided invoice bills nothing."""
    # PostgreSQL sums a bigint column as numeric; int() gives every database's sum one type.
    total = (
        Invoice.objects.filter(order=order)
        .exclude(status=InvoiceStatus.VOID)
        .aggregate(total=Coalesce(Sum("total_minor"), Value(0), output_field=BigIntegerField()))[
            "total"
        ]
    )
    return int(total)

"""Where an account stands with us: a won deal makes a prospect a customer, and a
customer who leaves is recorded as churned, with when and why."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.choices import ChurnReason, Lifecycle
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account
from patron.accounts.services.checks import account_for_change
from patron.core.audit import record_changed, snapshot
from patron.core.errors import CommonErrorCode, RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.validation import require_choice, require_not_future
from patron.org.models import User


@service
def mark_account_churned(
    *, actor: User, account_id: int, version: int, churned_on: date, reason: str
) -> Account:
    """Record that a customer was lost, when and why (K7/K8 read the date).

    Only a customer churns (a prospect was never won; a churned account already is).
    The churn date is not in the future and not before the account became a customer.
    """
    account = account_for_change(actor, account_id)
    require_version(account, version)
    if account.lifecycle != Lifecycle.CUSTOMER:
        raise RuleViolation(
            "lifecycle", AccountErrorCode.NOT_A_CUSTOMER, _("Only a customer can churn.")
        )
    if not reason:
        raise RuleViolation("reason", CommonErrorCode.REQUIRED, _("Say why the customer left."))
    require_choice(reason, field="reason", choices=ChurnReason.values)
    require_not_future(churned_on, field="churned_on")
    if account.customer_since is not None and churned_on < account.customer_since:
        raise RuleViolation(
            "churned_on",
            AccountErrorCode.BEFORE_CUSTOMER_SINCE,
            _("A customer cannot churn before it became one (%(day)s).")
            % {"day": account.customer_since.isoformat()},
        )
    before = snapshot(account)
    account.lifecycle = Lifecycle.CHURNED
    account.churned_on = churned_on
    account.churn_reason = reason
    update_versioned(
        account, expected_version=version, fields=["lifecycle", "churned_on", "churn_reason"]
    )
    record_changed(account, actor=actor, before=before, action="churn")
    return account


@service
def record_account_win(*, actor: User, account_id: int, won_on: date) -> Account:
    """A deal on the account was won on `won_on`: a prospect becomes a customer from
    that day, and a customer's `customer_since` moves back to it if the win is earlier
    (customer since the first win). Partners and churned accounts keep their lifecycle
    (a won-back customer is confirmed by a person, with `update_account`).

    Not a request of its own but part of `pipeline.win_opportunity`, whose actor may
    win a deal on an account they may not edit: no permission check here. The actor
    is the person who won the deal: the trail shows who made the account a customer.
    """
    account = Account.objects.select_for_update().get(pk=account_id)
    before = snapshot(account)
    if account.lifecycle == Lifecycle.PROSPECT:
        account.lifecycle = Lifecycle.CUSTOMER
        account.customer_since = won_on
    elif account.lifecycle == Lifecycle.CUSTOMER and (
        account.customer_since is None or won_on < account.customer_since
    ):
        account.customer_since = won_on
    else:
        return account
    update_versioned(
        account, expected_version=account.version, fields=["lifecycle", "customer_since"]
    )
    record_changed(account, actor=actor, before=before, action="win")
    return account

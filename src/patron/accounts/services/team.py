"""The account team and the AE → AM handoff."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from patron.accounts.choices import AccountTeamRole
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import AccountTeamMember, Handoff
from patron.accounts.services.checks import (
    account_for_change,
    active_user,
    require_choice,
    require_may_own,
    require_not_future,
    require_text,
)
from patron.core.errors import RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.org.models import User

HANDOFF_NOTE_MAX_LENGTH = 10_000


@transaction.atomic
def add_account_team_member(
    *, actor: User, account_id: int, user_id: int, role: str
) -> AccountTeamMember:
    """Put a user on the account team in a role; from now on they see the account and
    everything under it. A user is on a team once (change a role by removing first)."""
    account = account_for_change(actor, account_id)
    require_choice(role, field="role", choices=AccountTeamRole.values)
    user = active_user(user_id, field="user")
    if AccountTeamMember.objects.filter(account=account, user=user).exists():
        raise RuleViolation(
            "user",
            AccountErrorCode.ALREADY_ON_TEAM,
            _("%(user)s is already on this account's team.") % {"user": user},
        )
    return AccountTeamMember.objects.create(account=account, user=user, role=role, created_by=actor)


@transaction.atomic
def remove_account_team_member(*, actor: User, account_id: int, user_id: int) -> None:
    """Take a user off the account team; they keep seeing it only if they own it or
    manage someone who does."""
    account = account_for_change(actor, account_id)
    deleted, _rows = AccountTeamMember.objects.filter(account=account, user_id=user_id).delete()
    if not deleted:
        raise RuleViolation(
            "user", AccountErrorCode.NOT_ON_TEAM, _("This user is not on the account's team.")
        )


@transaction.atomic
def handoff_account(
    *,
    actor: User,
    account_id: int,
    version: int,
    to_user_id: int,
    note: str,
    handed_off_on: date | None = None,
) -> Handoff:
    """Hand an account from its owner (usually the AE who won it) to another seller
    (usually an AM), with a note on what the new owner must know (SPEC 2.1).

    The account's owner becomes the recipient; the handoff is recorded with its date
    (today unless given, never in the future), note and both people. The previous
    owner stays on the account team as account executive — they keep upselling and see
    the account — and the recipient is on it as account manager. The recipient may be
    anyone who can own accounts: handing off gives a record away, it takes none.
    Deals keep their owners (the AE still closes their open deals).

    The lifecycle is left as it is: it follows the facts, not the handoff — a won deal
    makes a prospect a customer (`record_account_win`), churn is recorded on its own.
    """
    account = account_for_change(actor, account_id)
    require_version(account, version)
    note = require_text(note, field="note", limit=HANDOFF_NOTE_MAX_LENGTH, required=True)
    to_user = active_user(to_user_id, field="to_user")
    require_may_own(to_user, field="to_user")
    if to_user.pk == account.owner_id:
        raise RuleViolation(
            "to_user", AccountErrorCode.SAME_OWNER, _("This person already owns the account.")
        )
    handed_off_on = handed_off_on or company_today()
    require_not_future(handed_off_on, field="handed_off_on")
    from_user_id = account.owner_id
    account.owner = to_user
    update_versioned(account, expected_version=version, fields=["owner"])
    for user_id, role in (
        (from_user_id, AccountTeamRole.ACCOUNT_EXECUTIVE),
        (to_user.pk, AccountTeamRole.ACCOUNT_MANAGER),
    ):
        AccountTeamMember.objects.update_or_create(
            account=account,
            user_id=user_id,
            defaults={"role": role},
            create_defaults={"role": role, "created_by": actor},
        )
    return Handoff.objects.create(
        account=account,
        from_user_id=from_user_id,
        to_user=to_user,
        handed_off_on=handed_off_on,
        note=note,
        created_by=actor,
    )

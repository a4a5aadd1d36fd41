"""The account team and the AE → AM handoff."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.accounts.choices import AccountTeamRole
from patron.accounts.cleaning.team import (
    AccountTeamMemberInput,
    account_team_member_context,
    clean_account_team_member,
)
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account, AccountTeamMember, Handoff
from patron.accounts.services.checks import account_for_change
from patron.core.audit import record_changed, record_created, record_deleted, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import company_today, require_version, update_versioned
from patron.core.operations import service
from patron.core.validation import require_not_future, require_text
from patron.org.access import lock_tree, refresh_access
from patron.org.models import User
from patron.org.policy import active_user, require_may_own

HANDOFF_NOTE_MAX_LENGTH = 10_000


@service
def add_account_team_member(
    *, actor: User, account_id: int, user_id: int, role: str
) -> AccountTeamMember:
    """Put a user on the account team in a role; from now on they see the account and
    everything under it. A user is on a team once (change a role by removing first)."""
    lock_tree(exclusive=False)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    # The checks are `clean_account_team_member`'s, on a context built (and the account
    # locked) for this one row; the first error found is raised.
    values = raise_first(
        clean_account_team_member(
            AccountTeamMemberInput(account_id=account_id, user_id=user_id, role=role),
            account_team_member_context(
                actor, account_ids=[account_id], user_ids=[user_id], lock=True
            ),
        )
    )
    member = AccountTeamMember.objects.create(**vars(values), created_by=actor)
    record_created(member, actor=actor)
    refresh_access(accounts=[member.account_id])  # the member and their managers see it now
    return member


@service
def remove_account_team_member(*, actor: User, account_id: int, user_id: int) -> None:
    """Take a user off the account team; they keep seeing it only if they own it or
    manage someone who does."""
    lock_tree(exclusive=False)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    account = account_for_change(actor, account_id)
    member = AccountTeamMember.objects.filter(account=account, user_id=user_id).first()
    if member is None:
        raise RuleViolation(
            "user", AccountErrorCode.NOT_ON_TEAM, _("This user is not on the account's team.")
        )
    record_deleted(member, actor=actor, action="remove")
    member.delete()
    refresh_access(accounts=[account.pk])


@service
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
    lock_tree(exclusive=False)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
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
    before = snapshot(account)
    from_user_id = account.owner_id
    account.owner = to_user
    update_versioned(account, expected_version=version, fields=["owner"])
    record_changed(account, actor=actor, before=before, action="handoff", extra={"note": note})
    _place_on_team(account, from_user_id, AccountTeamRole.ACCOUNT_EXECUTIVE, actor=actor)
    _place_on_team(account, to_user.pk, AccountTeamRole.ACCOUNT_MANAGER, actor=actor)
    handoff = Handoff.objects.create(
        account=account,
        from_user_id=from_user_id,
        to_user=to_user,
        handed_off_on=handed_off_on,
        note=note,
        created_by=actor,
    )
    record_created(handoff, actor=actor)
    refresh_access(accounts=[account.pk])  # the new owner's line sees it, with its deals
    return handoff


def _place_on_team(account: Account, user_id: int, role: str, *, actor: User) -> None:
    """`user_id` on the account team in `role`: added, or their role changed."""
    member = (
        AccountTeamMember.objects.select_for_update()
        .filter(account=account, user_id=user_id)
        .first()
    )
    if member is None:
        member = AccountTeamMember.objects.create(
            account=account, user_id=user_id, role=role, created_by=actor
        )
        record_created(member, actor=actor)
    elif member.role != role:
        before = snapshot(member)
        member.role = role
        update_versioned(member, expected_version=member.version, fields=["role"])
        record_changed(member, actor=actor, before=before)

"""The clean step of putting a user on an account team (see `core.cleaning` and
decision 0020)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from patron.accounts.choices import AccountTeamRole
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Account, AccountTeamMember
from patron.core.cleaning import Cleaned, ErrorCollector, FieldError, check_named, ids_of
from patron.core.errors import NotVisible
from patron.core.validation import require_choice
from patron.org.models import User
from patron.org.policy import active_user_among, active_users_by_id, require_may_change_sales_record
from patron.org.visibility import with_reporting_tree


@dataclass(frozen=True)
class AccountTeamMemberInput:
    """A member of an account team, as typed or imported."""

    account_id: int
    user_id: int
    role: str


@dataclass(frozen=True)
class AccountTeamMemberContext:
    """What cleaning account team members needs from the database: the actor (with
    their reporting tree walked), the accounts the rows name that the actor sees, the
    active users the rows name, and which (account, user) pairs among them are already
    on a team."""

    actor: User
    accounts: Mapping[int, Account]
    users: Mapping[int, User]
    members: frozenset[tuple[int, int]]


@dataclass(frozen=True)
class AccountTeamMemberValues:
    """A team member ready to be written."""

    account: Account
    user: User
    role: str


def account_team_member_context(
    actor: User,
    *,
    account_ids: Iterable[int],
    user_ids: Iterable[int | None],
    lock: bool = False,
) -> AccountTeamMemberContext:
    """The context for putting these users on these accounts' teams: one query each for
    the accounts, the users and the present members, whatever the number of rows.

    With `lock` the accounts stay locked until the transaction ends (the service, which
    writes at once: two changes of one account queue instead of racing)."""
    actor = with_reporting_tree(actor)
    wanted = ids_of(account_ids)
    visible = Account.objects.visible_to(actor)
    accounts = (visible.select_for_update() if lock else visible).in_bulk(wanted) if wanted else {}
    users = active_users_by_id(user_ids)
    members = (
        frozenset(
            AccountTeamMember.objects.filter(
                account_id__in=list(accounts), user_id__in=list(users)
            ).values_list("account_id", "user_id")
        )
        if accounts and users
        else frozenset()
    )
    return AccountTeamMemberContext(actor=actor, accounts=accounts, users=users, members=members)


def clean_account_team_member(
    raw: AccountTeamMemberInput, context: AccountTeamMemberContext
) -> Cleaned[AccountTeamMemberValues]:
    """Every check of putting a user on an account team (the rules are
    `add_account_team_member`'s), each wrong field reported, in the order the service
    checks them: the account is the actor's to change, the role, an active user who
    is not on the team yet."""
    errors = ErrorCollector()
    account = context.accounts.get(raw.account_id)
    if account is None:
        refusal = NotVisible(str(Account._meta.verbose_name))
        errors.errors.append(FieldError("account", refusal.code, refusal.message))
    else:
        check_named(
            errors,
            "account",
            lambda: require_may_change_sales_record(context.actor, account.owner_id),
        )
    role = errors.check(
        lambda: require_choice(raw.role, field="role", choices=AccountTeamRole.values), ""
    )
    user = errors.check(lambda: active_user_among(context.users, raw.user_id, field="user"), None)
    if account is not None and user is not None and (account.pk, user.pk) in context.members:
        errors.errors.append(
            FieldError(
                "user",
                AccountErrorCode.ALREADY_ON_TEAM,
                _("%(user)s is already on this account's team.") % {"user": user},
            )
        )
    if errors.errors or account is None or user is None:
        return Cleaned(errors=errors.errors)
    return Cleaned(AccountTeamMemberValues(account=account, user=user, role=role))

"""Operations on users: who they are, their role, their place in the reporting tree,
whether they may sign in, and their password.

Users are configured by sales ops and administrators (`Capability.CONFIGURE`).
Anything that makes someone an administrator, or touches an administrator's account,
needs `Capability.ADMINISTER`: otherwise sales ops could raise their own rights.

A user is versioned like a business record: `update_user` takes the version the
configurer read and refuses a stale one; every operation on a user (role, sign-in,
password) moves the version on, so an edit prepared before it is refused too. The row
is locked while it is changed, so two changes of one user queue.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from patron.core.audit import record_changed, record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.errors import RuleViolation
from patron.core.models import require_version, update_versioned
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.core.validation import require_choice, require_email, require_text
from patron.org.access import lock_tree, refresh_reach
from patron.org.choices import Role
from patron.org.cleaning.teams import unknown_team
from patron.org.cleaning.users import (
    USER_TEXT_LIMITS,
    UserInput,
    clean_user,
    require_may_configure,
    require_password,
    require_username_shape,
    user_context,
)
from patron.org.errors import OrgErrorCode
from patron.org.models import Team, User
from patron.org.policy import active_user
from patron.org.roles import assign_role
from patron.org.services.checks import (
    load_for_change,
    require_language,
    require_time_zone,
    require_unique,
)
from patron.org.visibility import subordinate_ids

__all__ = [
    "assign_role",
    "change_user_role",
    "create_user",
    "deactivate_user",
    "reactivate_user",
    "set_user_password",
    "update_user",
]


def _user_for_change(actor: User, user_id: int) -> User:
    user = load_for_change(User, user_id)
    require_may_configure(actor, user)
    return user


def _manager(user: User | None, manager_id: int | None) -> User | None:
    """An active manager who is not the user nor anyone below them: a reporting line
    that loops would make each of them see the other's records as their team's."""
    if manager_id is None:
        return None
    manager = active_user(manager_id, field="manager")
    if (
        user is not None
        and user.pk is not None
        and (manager.pk == user.pk or manager.pk in subordinate_ids(user))
    ):
        raise RuleViolation(
            "manager",
            OrgErrorCode.MANAGER_CYCLE,
            _("A person cannot report to themselves or to someone who reports to them."),
        )
    return manager


def _team(team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise unknown_team("team")
    return team


def _username(value: str, *, exclude_pk: int | None = None) -> str:
    """Letters, digits and @.+-_ (Django's rule), unique ignoring case, as sign-in
    finds people by it."""
    username = require_username_shape(value)
    require_unique(
        User, field="username", value=username, exclude_pk=exclude_pk, case_insensitive=True
    )
    return username


@service
def create_user(
    *,
    actor: User,
    username: str,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    team_id: int | None = None,
    manager_id: int | None = None,
    title: str = "",
    language: str = "",
    time_zone: str = "",
    hired_on: date | None = None,
) -> User:
    """Create a person who may sign in, with their role's access.

    The password must pass Django's validators; without one the user gets an unusable
    password (they sign in once an administrator sets one, or through another backend).
    The event never carries the password hash.
    """
    lock_tree(exclusive=True)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    # The checks are `clean_user`'s, on a context built for this one row (an import
    # builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_user(
            UserInput(
                username=username,
                role=role,
                password=password,
                first_name=first_name,
                last_name=last_name,
                email=email,
                team_id=team_id,
                manager_id=manager_id,
                title=title,
                language=language,
                time_zone=time_zone,
                hired_on=hired_on,
            ),
            user_context(actor, usernames=[username], team_ids=[team_id], manager_ids=[manager_id]),
        )
    )
    user = User(**values.model_fields())
    if values.password is None:
        user.set_unusable_password()
    else:
        user.set_password(values.password)
    user.save()
    assign_role(user=user, role=values.role)
    record_created(user, actor=actor)
    refresh_reach()  # a new person in the tree: their managers now reach them
    return user


@service
def update_user(
    *,
    actor: User,
    user_id: int,
    version: int,
    username: str | Unset = UNSET,
    first_name: str | Unset = UNSET,
    last_name: str | Unset = UNSET,
    email: str | Unset = UNSET,
    team_id: int | Unset | None = UNSET,
    manager_id: int | Unset | None = UNSET,
    title: str | Unset = UNSET,
    language: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    hired_on: date | Unset | None = UNSET,
) -> User:
    """Change a person's details and place in the reporting tree (only the fields
    given), as they were at `version`; a newer stored version is refused.

    The role changes through `change_user_role`, sign-in through `deactivate_user`,
    the password through `set_user_password`: each is a decision of its own.
    """
    lock_tree(exclusive=True)  # the tree first, then rows: no lock cycle (org.access.lock_tree)
    user = _user_for_change(actor, user_id)
    require_version(user, version)
    before = snapshot(user)
    if not isinstance(username, Unset):
        user.username = _username(username, exclude_pk=user.pk)
    for name, value in (("first_name", first_name), ("last_name", last_name), ("title", title)):
        if not isinstance(value, Unset):
            setattr(user, name, require_text(value, field=name, limit=USER_TEXT_LIMITS[name]))
    if not isinstance(email, Unset):
        user.email = require_email(email)
    if not isinstance(team_id, Unset):
        user.team = _team(team_id)
    if not isinstance(manager_id, Unset):
        user.manager = _manager(user, manager_id)
    if not isinstance(language, Unset):
        user.language = require_language(language)
    if not isinstance(time_zone, Unset):
        user.time_zone = require_time_zone(time_zone)
    if not isinstance(hired_on, Unset):
        user.hired_on = hired_on
    changed = [name for name, value in snapshot(user).items() if before.get(name) != value]
    if changed:
        update_versioned(user, expected_version=version, fields=changed)
    record_changed(user, actor=actor, before=before)
    if {"team", "manager"} & set(changed):
        refresh_reach()  # who sees this person's records, in the same transaction
    return user


@service
def change_user_role(*, actor: User, user_id: int, role: str) -> User:
    """Give a person another role. What they may see and do, their group and their
    admin access all follow from the role (`assign_role`)."""
    role = require_choice(role, field="role", choices=Role.values)
    user = _user_for_change(actor, user_id)
    require_may_configure(actor, user, role)
    before = snapshot(user)
    assign_role(user=user, role=role)
    _next_version(user)
    record_changed(user, actor=actor, before=before, action="change_role")
    return user


@service
def deactivate_user(*, actor: User, user_id: int) -> User:
    """A person leaves: they can no longer sign in (their sessions end at their next
    request), and every record they own keeps them as its owner — people are never
    deleted, so history and KPIs still name them.

    Someone who still manages a team may be deactivated: the team keeps them as its
    manager until a configurer names another (their reports stay visible to the
    managers above). Nobody deactivates themselves, so an organisation always keeps
    the configurer who is acting.
    """
    user = _user_for_change(actor, user_id)
    if user.pk == actor.pk:
        raise RuleViolation(
            "user", OrgErrorCode.DEACTIVATE_SELF, _("You cannot deactivate your own account.")
        )
    return _set_active(actor, user, active=False)


@service
def reactivate_user(*, actor: User, user_id: int) -> User:
    """A person comes back: they sign in again with the role and records they had."""
    user = _user_for_change(actor, user_id)
    return _set_active(actor, user, active=True)


def _next_version(user: User) -> None:
    """The user changed (their role, through `assign_role`): an edit read before is stale."""
    update_versioned(user, expected_version=user.version, fields=[])


def _set_active(actor: User, user: User, *, active: bool) -> User:
    before = snapshot(user)
    user.is_active = active
    update_versioned(user, expected_version=user.version, fields=["is_active"])
    action = "reactivate" if active else "deactivate"
    record_changed(user, actor=actor, before=before, action=action)
    return user


@service
def set_user_password(*, actor: User, user_id: int, password: str | None) -> User:
    """Set a person's password (checked by Django's validators), or make it unusable
    with None so they can no longer sign in with one. The event records that it
    happened, never the hash."""
    user = _user_for_change(actor, user_id)
    before = snapshot(user)
    if password is None:
        user.set_unusable_password()
    else:
        require_password(password, user)
        user.set_password(password)
    update_versioned(user, expected_version=user.version, fields=["password"])
    record_changed(
        user,
        actor=actor,
        before=before,
        action="set_password",
        extra={"usable": password is not None},
    )
    return user

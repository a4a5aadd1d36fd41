"""The clean step of a new user (see `core.cleaning` and decision 0020): the raw values
and a context loaded beforehand in, the checked user or every wrong field out, with no
query."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, check_named, ids_of
from patron.core.errors import Forbidden, RuleViolation
from patron.core.validation import require_choice, require_email, require_text
from patron.org.capabilities import Capability, capabilities_of
from patron.org.choices import Role
from patron.org.cleaning.shared import Taken, taken_values
from patron.org.cleaning.teams import unknown_team
from patron.org.errors import OrgErrorCode
from patron.org.models import Team, User
from patron.org.policy import active_user_among, active_users_by_id, can, require_capability
from patron.org.services.checks import require_language, require_time_zone

# The columns' lengths.
USERNAME_LIMIT = 150
USER_TEXT_LIMITS = {"first_name": 150, "last_name": 150, "title": 120}


@dataclass(frozen=True)
class UserInput:
    """A new user as typed or imported."""

    username: str
    role: str
    password: str | None = field(default=None, repr=False)
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    team_id: int | None = None
    manager_id: int | None = None
    title: str = ""
    language: str = ""
    time_zone: str = ""
    hired_on: date | None = None


@dataclass(frozen=True)
class UserContext:
    """What cleaning new users needs from the database: the actor, the usernames the
    batch names that are taken, the named teams and the active users named as
    managers, by id."""

    actor: User
    usernames: Taken
    teams: Mapping[int, Team]
    managers: Mapping[int, User]


@dataclass(frozen=True)
class UserValues:
    """A new user ready to be written; the password (None: unusable) is hashed then."""

    username: str
    role: str
    first_name: str
    last_name: str
    email: str
    title: str
    language: str
    time_zone: str
    hired_on: date | None
    team: Team | None
    manager: User | None
    password: str | None = field(default=None, repr=False)

    def model_fields(self) -> dict[str, Any]:
        """The keyword arguments of `User(...)`: every value but the password."""
        return {name: value for name, value in vars(self).items() if name != "password"}


def user_context(
    actor: User,
    *,
    usernames: Iterable[str | None] = (),
    team_ids: Iterable[int | None] = (),
    manager_ids: Iterable[int | None] = (),
) -> UserContext:
    """The context for cleaning new users naming these usernames, teams and managers:
    one query per kind (taken usernames, teams, managers), whatever the number of rows."""
    wanted_teams = ids_of(team_ids)
    return UserContext(
        actor=actor,
        usernames=taken_values(User, field="username", values=usernames, case_insensitive=True),
        teams=Team.objects.in_bulk(wanted_teams) if wanted_teams else {},
        managers=active_users_by_id(manager_ids),
    )


def clean_user(raw: UserInput, context: UserContext) -> Cleaned[UserValues]:
    """Every check of a new user (the rules are `create_user`'s), each wrong field
    reported, in the order the service checks them.

    A new user has nobody below them yet, so any active manager is no loop.
    """
    errors = ErrorCollector()
    role = errors.check(lambda: require_choice(raw.role, field="role", choices=Role.values), "")
    with errors.field():
        require_may_configure(context.actor, role=raw.role)
    username = errors.check(lambda: _username(raw.username, context.usernames), "")
    first_name = errors.check(lambda: _text(raw.first_name, "first_name"), "")
    last_name = errors.check(lambda: _text(raw.last_name, "last_name"), "")
    email = errors.check(lambda: require_email(raw.email), "")
    title = errors.check(lambda: _text(raw.title, "title"), "")
    language = errors.check(lambda: require_language(raw.language), "")
    time_zone = errors.check(lambda: require_time_zone(raw.time_zone), "")
    team = check_named(errors, "team", lambda: _team(raw.team_id, context))
    manager = check_named(errors, "manager", lambda: _manager(raw.manager_id, context))
    if raw.password is not None:
        person = User(username=username, first_name=first_name, last_name=last_name, email=email)
        with errors.field():
            require_password(raw.password, person)
    if errors.errors:
        return Cleaned(errors=errors.errors)
    return Cleaned(
        UserValues(
            username=username,
            role=role,
            first_name=first_name,
            last_name=last_name,
            email=email,
            title=title,
            language=language,
            time_zone=time_zone,
            hired_on=raw.hired_on,
            team=team,
            manager=manager,
            password=raw.password,
        )
    )


def require_may_configure(actor: User, user: User | None = None, role: str = "") -> None:
    """Configurers manage users; only an administrator makes an administrator or
    changes an administrator's account."""
    require_capability(actor, Capability.CONFIGURE)
    touches_admin = Capability.ADMINISTER in capabilities_of(role) or (
        user is not None
        and (user.is_superuser or Capability.ADMINISTER in capabilities_of(user.role))
    )
    if touches_admin and not can(actor, Capability.ADMINISTER):
        raise Forbidden(_("Only an administrator may change an administrator's access."))


def require_password(password: str, user: User, *, field: str = "password") -> None:
    """Django's password validators (length, common passwords, similarity to the
    user's own names), so the admin, the API and an import refuse the same passwords."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise RuleViolation(
            field, OrgErrorCode.INVALID_PASSWORD, " ".join(error.messages)
        ) from None


def require_username_shape(value: str) -> str:
    """A username of letters, digits and @.+-_ (Django's rule), trimmed; whether it is
    free is asked apart (of the database, or of a context)."""
    username = require_text(value, field="username", limit=USERNAME_LIMIT, required=True)
    try:
        User.username_validator(username)
    except ValidationError as error:
        raise RuleViolation(
            "username", OrgErrorCode.INVALID_USERNAME, " ".join(error.messages)
        ) from None
    return username


def _username(value: str, taken: Taken) -> str:
    """Well formed and unique ignoring case, as sign-in finds people by it."""
    return taken.require_free(require_username_shape(value), field="username")


def _text(value: str, name: str) -> str:
    return require_text(value, field=name, limit=USER_TEXT_LIMITS[name])


def _team(team_id: int | None, context: UserContext) -> Team | None:
    if team_id is None:
        return None
    team = context.teams.get(team_id)
    if team is None:
        raise unknown_team("team")
    return team


def _manager(manager_id: int | None, context: UserContext) -> User | None:
    if manager_id is None:
        return None
    return active_user_among(context.managers, manager_id, field="manager")

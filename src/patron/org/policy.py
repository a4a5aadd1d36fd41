"""The write policy: who may change which records, built on the role table.

Which *records* a capability reaches is the reporting-tree rule of `org.visibility`
(own records and those of everyone below): a rep who may change sales records
changes their own, a manager their team's, sales ops everyone's. Every service asks
these functions; none compares roles itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from patron.core.errors import CommonErrorCode, Forbidden, RuleViolation
from patron.org.capabilities import Capability, capabilities_of
from patron.org.models import User
from patron.org.visibility import is_signed_in, visible_owner_ids


def can(user: User, capability: Capability) -> bool:
    """Whether `user`'s role gives `capability`. A superuser can do everything; an
    anonymous or deactivated user nothing."""
    if not is_signed_in(user):
        return False
    if user.is_superuser:
        return True
    return capability in capabilities_of(user.role)


def may_change_owned_by(user: User, owner_id: int | None) -> bool:
    """The write rule for owned records: executives change nothing; those who see
    everything change everything; everyone else what they or the people below them own.
    """
    if not can(user, Capability.CHANGE_RECORDS):
        return False
    if can(user, Capability.SEE_EVERYTHING):
        return True
    return owner_id is not None and owner_id in visible_owner_ids(user)


def require_may_change_sales_record(actor: User, owner_id: int | None) -> None:
    """The write rule for accounts, leads, deals, orders, contracts and plans: the
    owned-records rule, for roles that sell (service agents serve accounts; they do not
    change what sellers own)."""
    if not can(actor, Capability.SELL) or not may_change_owned_by(actor, owner_id):
        raise Forbidden()


def require_capability(actor: User, capability: Capability) -> None:
    if not can(actor, capability):
        raise Forbidden()


def active_user(user_id: int, *, field: str) -> User:
    """An active user by id; an unknown or deactivated one is refused, naming `field`."""
    found = User.objects.filter(pk=user_id, is_active=True).first()
    return active_user_among({user_id: found} if found else {}, user_id, field=field)


def active_users_by_id(user_ids: Iterable[int | None]) -> dict[int, User]:
    """The active users among `user_ids`, by id, in one query: what
    `active_user_among` and `resolve_owner_among` check a batch of rows against."""
    wanted = {pk for pk in user_ids if pk is not None}
    return User.objects.filter(is_active=True).in_bulk(wanted) if wanted else {}


def active_user_among(users: Mapping[int, User], user_id: int, *, field: str) -> User:
    """`active_user` against users loaded beforehand (the active ones, by id): the
    clean step of a bulk load asks no query per row."""
    user = users.get(user_id)
    if user is None:
        raise RuleViolation(
            field, CommonErrorCode.UNKNOWN_USER, _("There is no active user with this id.")
        )
    return user


def require_may_own(user: User, *, field: str = "owner") -> User:
    """Sales records are owned by people who sell or run sales, never by a read-only
    executive or a service agent (who could not work them)."""
    if not can(user, Capability.SELL) or not can(user, Capability.CHANGE_RECORDS):
        raise RuleViolation(
            field,
            CommonErrorCode.CANNOT_OWN,
            _("%(user)s cannot own sales records.") % {"user": user},
        )
    return user


def resolve_owner(actor: User, owner_id: int | None, *, field: str = "owner") -> User:
    """The owner of a new or reassigned sales record: the actor unless they name someone.

    The owner must be an active user who may own sales records, and the actor must be
    allowed to change that person's records — a rep for themselves, a manager for
    their team, sales ops for anyone.
    """
    owner = actor if owner_id is None else active_user(owner_id, field=field)
    require_may_change_sales_record(actor, owner.pk)
    return require_may_own(owner, field=field)


def resolve_owner_among(
    actor: User, owner_id: int | None, users: Mapping[int, User], *, field: str = "owner"
) -> User:
    """`resolve_owner` against the active users loaded beforehand (by id)."""
    owner = actor if owner_id is None else active_user_among(users, owner_id, field=field)
    require_may_change_sales_record(actor, owner.pk)
    return require_may_own(owner, field=field)


def is_configurer(user: User) -> bool:
    return can(user, Capability.CONFIGURE)


def may_develop(actor: User, person_id: int) -> bool:
    """Coaching, training and skills: a manager for the people below them, sales ops
    and admins for everyone; nobody for themselves."""
    if not can(actor, Capability.DEVELOP_PEOPLE) or person_id == actor.pk:
        return False
    if can(actor, Capability.SEE_EVERYTHING):
        return True
    return person_id in visible_owner_ids(actor)

"""Operations on users and teams."""

from __future__ import annotations

from django.db import transaction

from patron.org.capabilities import Capability, capabilities_of
from patron.org.choices import Role
from patron.org.models import User
from patron.org.roles import group_for


@transaction.atomic
def assign_role(*, user: User, role: str) -> User:
    """Give `user` a role: their group and admin access follow from it.

    Sales ops and admins use the Django admin as the configuration screen, so they
    are staff; admins are also superusers.
    """
    role = Role(role)
    user.role = role
    user.is_staff = Capability.CONFIGURE in capabilities_of(role)
    user.is_superuser = Capability.ADMINISTER in capabilities_of(role)
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    user.groups.set([group_for(role)])
    return user

"""Django groups mirroring the roles, with the model permissions each role holds.

A user's `role` is the source of truth; their group membership and staff flag follow
from it (set by `assign_role`, a step of the services in `org.services.users`). Groups
carry the permissions the Django admin checks: sales ops and admins configure
everything, executives may only view.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from patron.org.capabilities import Capability, capabilities_of
from patron.org.choices import Role
from patron.org.models import User


def patron_apps() -> list[str]:
    """Every installed Patron app that has models, in installation order: a new
    domain's permissions reach the role groups without a list to keep by hand."""
    return [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("patron.") and config.models_module is not None
    ]


def role_permissions(role: str) -> list[Permission]:
    """Configurers hold every permission of Patron's apps; roles that see everything
    without changing it hold the view permissions; the others use the pages only."""
    in_patron = Permission.objects.filter(content_type__app_label__in=patron_apps())
    held = capabilities_of(role)
    if Capability.CONFIGURE in held:
        return list(in_patron)
    if Capability.SEE_EVERYTHING in held:
        return list(in_patron.filter(codename__startswith="view_"))
    return []


def ensure_role_groups() -> None:
    """Create or refresh one group per role (idempotent; runs after every migrate)."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.label)
        group.permissions.set(role_permissions(role.value))


def group_for(role: str) -> Group:
    return Group.objects.get(name=Role(role).label)


def assign_role(*, user: User, role: str) -> User:
    """Give `user` a role: their group and admin access follow from it.

    Sales ops and admins use the Django admin as the configuration screen, so they
    are staff; admins are also superusers. A step of `create_user` and
    `change_user_role` (which check who may do it and write the audit event); called
    alone only where no person acts (the demo's logins, test set-up).
    """
    role = Role(role)
    user.role = role
    user.is_staff = Capability.CONFIGURE in capabilities_of(role)
    user.is_superuser = Capability.ADMINISTER in capabilities_of(role)
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    user.groups.set([group_for(role)])
    return user

"""Django groups mirroring the roles, with the model permissions each role holds.

A user's `role` is the source of truth; their group membership and staff flag follow
from it (set by `org.services.assign_role`). Groups carry the permissions the Django
admin checks: sales ops and admins configure everything, executives may only view.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from patron.org.choices import Role

PATRON_APPS = (
    "core",
    "org",
    "catalog",
    "accounts",
    "pipeline",
    "orders",
    "service",
    "activities",
    "planning",
    "people",
    "forecasting",
)


def role_permissions(role: str) -> list[Permission]:
    in_patron = Permission.objects.filter(content_type__app_label__in=PATRON_APPS)
    if role in (Role.SALES_OPS, Role.ADMIN):
        return list(in_patron)
    if role == Role.EXECUTIVE:
        return list(in_patron.filter(codename__startswith="view_"))
    return []


def ensure_role_groups() -> None:
    """Create or refresh one group per role (idempotent; runs after every migrate)."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.label)
        group.permissions.set(role_permissions(role.value))


def group_for(role: str) -> Group:
    return Group.objects.get(name=Role(role).label)

"""One sign-in per role for `patron demo`, each a real member of the generated company.

The logins are people who own data, so every page has something to show: the account
executive with the most open deals, that rep's own sales manager, the account manager
with the most key accounts, the service agent with the most cases, and the first sales
ops analyst, administrator and executive. Every run gives each a fresh random password
(the demo prints it; it is never stored in clear).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from patron.org.choices import Role
from patron.org.models import Team, User
from patron.org.roles import assign_role
from patron.pipeline.choices import OpportunityStatus

ROLES = (
    Role.REP,
    Role.ACCOUNT_MANAGER,
    Role.SALES_MANAGER,
    Role.SALES_OPS,
    Role.ADMIN,
    Role.SERVICE_AGENT,
    Role.EXECUTIVE,
)


@dataclass(frozen=True, slots=True)
class Login:
    role: str
    username: str
    password: str
    name: str


def _busiest(role: str, relation: str, condition: Q | None = None) -> User | None:
    """The active user of `role` with the most related rows (ties: the first created)."""
    return (
        User.objects.filter(role=role, is_active=True)
        .annotate(load=Count(relation, filter=condition))
        .order_by("-load", "pk")
        .first()
    )


def demo_members() -> dict[str, User | None]:
    rep = _busiest(Role.REP, "opportunities", Q(opportunities__status=OpportunityStatus.OPEN))
    manager = None
    if rep is not None and rep.team_id is not None:
        manager = Team.objects.filter(pk=rep.team_id).values_list("manager", flat=True).first()
    return {
        Role.REP: rep,
        Role.ACCOUNT_MANAGER: _busiest(
            Role.ACCOUNT_MANAGER, "owned_accounts", ~Q(owned_accounts__tier="")
        ),
        Role.SALES_MANAGER: (
            User.objects.filter(pk=manager).first()
            if manager
            else User.objects.filter(role=Role.SALES_MANAGER, managed_teams__isnull=False)
            .order_by("pk")
            .first()
        ),
        Role.SALES_OPS: User.objects.filter(role=Role.SALES_OPS).order_by("pk").first(),
        Role.ADMIN: User.objects.filter(role=Role.ADMIN).order_by("pk").first(),
        Role.SERVICE_AGENT: _busiest(Role.SERVICE_AGENT, "cases"),
        Role.EXECUTIVE: User.objects.filter(role=Role.EXECUTIVE).order_by("pk").first(),
    }


@transaction.atomic
def refresh_demo_logins() -> list[Login]:
    """Give each role's demo member a new password (creating a member only for a role
    the database has nobody in) and return the sign-ins to print."""
    logins = []
    for role, user in demo_members().items():
        if user is None:
            user = User.objects.create(username=f"demo.{role}", first_name="Demo")
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        assign_role(user=user, role=role)
        logins.append(Login(role, user.username, password, user.get_full_name()))
    return logins

"""Visibility of account plans (with their account) and quotas (with their holder)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from patron.accounts.querysets import on_visible_account
from patron.org.access import reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.org.visibility import is_signed_in, managed_team_ids

if TYPE_CHECKING:
    from patron.org.models import User


class AccountPlanQuerySet(models.QuerySet):
    """Plans, and through `prefix` their targets, actions and reviews."""

    prefix = ""

    def visible_to(self, user: User) -> Self:
        """Plans owned by the user or people below them, and plans of accounts they may
        see; those who do not sell (service agents) see no plans."""
        if not is_signed_in(user):
            return self.none()
        if user.sees_everything:
            return self
        if not can(user, Capability.SELL):
            return self.none()
        condition = on_visible_account(user, account_field=f"{self.prefix}account_id")
        own = Q(**{f"{self.prefix}owner_id__in": reached_owner_ids(user)})
        return self.filter(own if condition is None else own | condition)


class PlanChildQuerySet(AccountPlanQuerySet):
    prefix = "plan__"


class QuotaQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        """Quotas of the user and of people below them, of the user's own team and of
        teams they manage."""
        if not is_signed_in(user):
            return self.none()
        if user.sees_everything:
            return self
        teams = managed_team_ids(user)
        if user.team_id is not None:
            teams.add(user.team_id)
        return self.filter(Q(user_id__in=reached_owner_ids(user)) | Q(team_id__in=teams))

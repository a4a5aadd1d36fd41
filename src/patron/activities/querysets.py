"""Visibility of activities: their owner and whoever may see their account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from patron.accounts.querysets import on_visible_account
from patron.org.access import reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.org.visibility import is_signed_in

if TYPE_CHECKING:
    from patron.org.models import User


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        """Own activities and those of people below; sellers also see every activity on
        an account they may see. Those who do not sell (service agents) see only their
        own: they serve accounts without seeing their sales work."""
        if not is_signed_in(user):
            return self.none()
        if user.sees_everything:
            return self
        own = Q(owner_id__in=reached_owner_ids(user))
        if not can(user, Capability.SELL):
            return self.filter(own)
        condition = on_visible_account(user)
        return self.filter(own if condition is None else own | condition)

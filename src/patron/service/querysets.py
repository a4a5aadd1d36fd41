"""Visibility of cases and satisfaction responses.

Those who see everything or work every case (service agents) see every case; sellers
see the cases of the accounts they may see and cases they own.
"""

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


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        if can(user, Capability.SEE_EVERYTHING) or can(user, Capability.WORK_ALL_CASES):
            return self
        condition = on_visible_account(user)
        own = Q(owner_id__in=reached_owner_ids(user))
        return self.filter(own if condition is None else own | condition)


class SurveyResponseQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        if can(user, Capability.SEE_EVERYTHING) or can(user, Capability.WORK_ALL_CASES):
            return self
        condition = on_visible_account(user)
        return self if condition is None else self.filter(condition)

"""Visibility of forecast submissions: the forecaster, whoever submitted, and managers above."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from patron.org.access import reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.org.visibility import is_signed_in, managed_team_ids

if TYPE_CHECKING:
    from patron.org.models import User


class ForecastSubmissionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        if can(user, Capability.SEE_EVERYTHING):
            return self
        return self.filter(
            Q(user_id__in=reached_owner_ids(user))
            | Q(team_id__in=managed_team_ids(user))
            | Q(submitted_by_id=user.pk)
        )

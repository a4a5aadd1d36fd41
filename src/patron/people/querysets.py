"""Visibility of coaching, training and skills: the person themselves and their managers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from patron.org.access import reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.org.visibility import is_signed_in

if TYPE_CHECKING:
    from patron.org.models import User


class PersonRecordQuerySet(models.QuerySet):
    """Records about a person (`person_field`): seen by them, anyone above them, and the
    author (`author_field`) when there is one."""

    person_field = "user"
    author_field: str | None = None

    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        if can(user, Capability.SEE_EVERYTHING):
            return self
        condition = Q(**{f"{self.person_field}_id__in": reached_owner_ids(user)})
        if self.author_field:
            condition |= Q(**{f"{self.author_field}_id": user.pk})
        return self.filter(condition)


class CoachingNoteQuerySet(PersonRecordQuerySet):
    person_field = "rep"
    author_field = "author"

"""Loaders and checks the people-development services share: who may develop whom, and
loading a record for change.

Generic value checks come from `core.validation`, the write policy from `org.policy`;
only what is particular to coaching, training and skills is here.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from patron.core.errors import Forbidden, NotVisible, RuleViolation
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import active_user_among, may_develop, require_capability
from patron.people.errors import PeopleErrorCode
from patron.people.models import TrainingAssignment


def person_to_develop_among(
    actor: User, people: Mapping[int, User], person_id: int, *, field: str
) -> User:
    """An active person the actor may coach, train or assess (`org.policy.may_develop`:
    a manager the people below them, sales ops and admins everyone), from the active
    users loaded beforehand (`org.policy.active_users_by_id`); with the actor's
    reporting tree walked (`org.visibility.with_reporting_tree`), it asks no query.

    Nobody develops themselves: a note, a course or a rating one gives oneself says
    nothing about how one is doing (K27, K29, K30 would count it).
    """
    require_capability(actor, Capability.DEVELOP_PEOPLE)
    person = active_user_among(people, person_id, field=field)
    if person.pk == actor.pk:
        raise RuleViolation(
            field, PeopleErrorCode.SELF, _("You cannot coach, train or assess yourself.")
        )
    if not may_develop(actor, person.pk):
        raise Forbidden()
    return person


def assignment_for_change(actor: User, assignment_id: int) -> TrainingAssignment:
    """The assignment, locked, if visible (else NotVisible) and its person one the actor
    may develop (else Forbidden): the assignee sees it but does not record their own
    completion, cancel or move it."""
    assignment = (
        TrainingAssignment.objects.visible_to(actor)
        .select_for_update()
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotVisible(str(TrainingAssignment._meta.verbose_name))
    if not may_develop(actor, assignment.user_id):
        raise Forbidden()
    return assignment


def require_open(assignment: TrainingAssignment, *, field: str | None) -> None:
    """A completed assignment is a result K29 counts: it is not moved, re-completed or
    cancelled."""
    if assignment.completed_on is not None:
        raise RuleViolation(
            field,
            PeopleErrorCode.ALREADY_COMPLETED,
            _("This training was already completed."),
        )

"""What the clean steps of leads and deals share: the owner rule with preloaded users,
a reference that must exist, the loaders of a context, and how a service raises the
first error."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

from patron.core.errors import RuleViolation
from patron.org.models import User
from patron.org.policy import resolve_owner_among
from patron.pipeline.errors import PipelineErrorCode

T = TypeVar("T")


def owner_of(actor: User, owner_id: int | None, owners: Mapping[int, User]) -> User:
    """`org.policy.resolve_owner`, with the active users preloaded."""
    return resolve_owner_among(actor, owner_id, owners)


def require_known(
    pk: int | None, known: frozenset[int], refusal: Callable[[], RuleViolation]
) -> None:
    if pk is not None and pk not in known:
        raise refusal()


def existing_ids(model: type[Model], ids: Iterable[int | None]) -> frozenset[int]:
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return frozenset()
    return frozenset(model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True))


def no_campaign() -> RuleViolation:
    return RuleViolation(
        "campaign", PipelineErrorCode.UNKNOWN_CAMPAIGN, _("There is no such campaign.")
    )


def no_competitor() -> RuleViolation:
    return RuleViolation(
        "primary_competitor",
        PipelineErrorCode.UNKNOWN_COMPETITOR,
        _("There is no such competitor."),
    )

"""What the clean steps of leads and deals share: the owner rule with preloaded users,
a reference that must exist, the loaders of a context, and how a service raises the
first error."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

from patron.core.cleaning import Cleaned, ErrorCollector, FieldError
from patron.core.errors import CommonErrorCode, DomainError, Forbidden, NotVisible, RuleViolation
from patron.org.models import User
from patron.org.policy import resolve_owner_among
from patron.org.visibility import is_signed_in, visible_owner_ids
from patron.pipeline.errors import PipelineErrorCode

T = TypeVar("T")


def raise_first(cleaned: Cleaned[T]) -> T:
    """The values, or the first error raised as the service raises it: a record the
    actor may not see stays a NotVisible (404), one they may not change a Forbidden
    (403), anything else a RuleViolation naming its field."""
    if cleaned.errors:
        first = cleaned.errors[0]
        if first.code == CommonErrorCode.FORBIDDEN:
            raise Forbidden(first.message)
        if first.code == CommonErrorCode.NOT_FOUND:
            refusal = NotVisible.__new__(NotVisible)
            DomainError.__init__(refusal, None, first.code, first.message)
            raise refusal
    return cleaned.value_or_raise()


def check_named(errors: ErrorCollector, field: str, function: Callable[[], T]) -> T | None:
    """`errors.check`, naming `field` on a refusal that names none (a Forbidden)."""
    try:
        return function()
    except DomainError as error:
        errors.errors.append(FieldError(error.field or field, error.code, error.message))
        return None


def owner_of(actor: User, owner_id: int | None, owners: Mapping[int, User]) -> User:
    """`org.policy.resolve_owner`, with the active users preloaded."""
    return resolve_owner_among(actor, owner_id, owners)


def require_known(
    pk: int | None, known: frozenset[int], refusal: Callable[[], RuleViolation]
) -> None:
    if pk is not None and pk not in known:
        raise refusal()


def with_reporting_tree(actor: User) -> User:
    """The actor, with the owners below them walked once (`visible_owner_ids` keeps
    the answer on the user), so the write policy asks no query while cleaning."""
    if is_signed_in(actor):
        visible_owner_ids(actor)
    return actor


def active_users(ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {pk for pk in ids if pk is not None}
    return User.objects.filter(is_active=True).in_bulk(wanted) if wanted else {}


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

"""Visibility of leads, opportunities and what hangs off an opportunity.

Whoever does not sell (service agents) sees no deals and no leads; the role table
(`org.capabilities`) says who sells and who routes unassigned leads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db import models
from django.db.models import Q

from patron.accounts.querysets import visible_account_ids_by_rule
from patron.org.access import access_condition, reached_owner_ids
from patron.org.capabilities import Capability
from patron.org.policy import can
from patron.org.visibility import is_signed_in, visible_owner_ids
from patron.pipeline.choices import OpportunityStatus

if TYPE_CHECKING:
    from patron.org.models import User


def visible_opportunity_ids(user: User) -> models.QuerySet | None:
    """The viewer's rows of the deal access table, one per deal they may see; None
    means every deal (the role sees everything), none at all for a role that does not
    sell. The same decisions as `opportunity_condition`, as rows to count."""
    if user.sees_everything:
        return None
    access_model = apps.get_model("pipeline", "OpportunityAccess")
    if not can(user, Capability.SELL):
        return access_model.objects.none()
    return access_model.objects.filter(viewer_id=user.pk)


def opportunity_condition(user: User, prefix: str = "") -> Q | None:
    """Rows whose opportunity the user may see; None = all. Service agents see no deals.

    Read from the deal access table (decision 0021): one index range per viewer
    instead of `owner in (their people) or account in (their accounts)`, which the
    databases plan badly; `opportunity_condition_by_rule` is the rule the table is
    proven equal to."""
    if user.sees_everything:
        return None
    if not can(user, Capability.SELL):
        return Q(pk__in=[])
    access_model = apps.get_model("pipeline", "OpportunityAccess")
    return access_condition(user, access_model, "opportunity_id", f"{prefix}id")


def opportunity_condition_by_rule(user: User, prefix: str = "") -> Q | None:
    """The rule itself, from the reporting tree: deals owned by the user or anyone
    below them, and every deal on an account they may see."""
    if user.sees_everything:
        return None
    if not can(user, Capability.SELL):
        return Q(pk__in=[])
    account_ids = visible_account_ids_by_rule(user)
    own = Q(**{f"{prefix}owner_id__in": visible_owner_ids(user)})
    if account_ids is None:
        return own
    return own | Q(**{f"{prefix}account_id__in": account_ids})


class OpportunityQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        """Deals owned by the user or anyone below them, and every deal on an account
        they may see."""
        if not is_signed_in(user):
            return self.none()
        condition = opportunity_condition(user)
        return self if condition is None else self.filter(condition)

    def open(self) -> Self:
        return self.filter(status=OpportunityStatus.OPEN)


class OpportunityChildQuerySet(models.QuerySet):
    """Lines, history, quotes, competitors, contact roles: visible with their deal."""

    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        condition = opportunity_condition(user, prefix="opportunity__")
        return self if condition is None else self.filter(condition)


class QuoteChildQuerySet(models.QuerySet):
    """Quote lines: visible with their quote's deal."""

    def visible_to(self, user: User) -> Self:
        if not is_signed_in(user):
            return self.none()
        condition = opportunity_condition(user, prefix="quote__opportunity__")
        return self if condition is None else self.filter(condition)


class LeadQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        """Leads the user or anyone below them own; managers also see unassigned leads,
        which they route."""
        if not is_signed_in(user):
            return self.none()
        if user.sees_everything:
            return self
        if not can(user, Capability.SELL):
            return self.none()
        condition = Q(owner_id__in=reached_owner_ids(user))
        if can(user, Capability.ROUTE_LEADS):
            condition |= Q(owner__isnull=True)
        return self.filter(condition)

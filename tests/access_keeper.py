"""Access tables kept current for records a test writes directly.

Tests build their company with factories and plain saves (`rep.manager = boss;
rep.save()`), past the services; the product never does (every change goes through a
service, which refreshes the access tables itself, and bulk loads rebuild them —
decision 0021). So that such fixtures are seen as the rule says, this keeper refreshes
the tables after a direct save or delete of a user, team, account, account-team member
or deal — but never while a service runs: a service that forgets to refresh must fail
the tests that check what people see, not be rescued here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from patron.accounts.models import Account, AccountTeamMember
from patron.core.operations import current_operation
from patron.org.access import refresh_access, refresh_reach
from patron.org.models import Team, User
from patron.pipeline.models import Opportunity


def _tree_changed(sender, instance, **kwargs) -> None:
    if current_operation() is None:
        with transaction.atomic():
            refresh_reach()


def _account_changed(sender, instance, **kwargs) -> None:
    if current_operation() is None and kwargs.get("signal") is post_save:
        with transaction.atomic():
            refresh_access(accounts=[instance.pk])


def _member_changed(sender, instance, **kwargs) -> None:
    if current_operation() is None and Account.objects.filter(pk=instance.account_id).exists():
        with transaction.atomic():
            refresh_access(accounts=[instance.account_id])


def _deal_changed(sender, instance, **kwargs) -> None:
    if current_operation() is None and kwargs.get("signal") is post_save:
        with transaction.atomic():
            refresh_access(opportunities=[instance.pk])


_RECEIVERS = [
    (post_save, User, _tree_changed),
    (post_delete, User, _tree_changed),
    (post_save, Team, _tree_changed),
    (post_delete, Team, _tree_changed),
    (post_save, Account, _account_changed),
    (post_save, AccountTeamMember, _member_changed),
    (post_delete, AccountTeamMember, _member_changed),
    (post_save, Opportunity, _deal_changed),
]


def _uid(index: int) -> str:
    return f"test-access-keeper-{index}"


@contextmanager
def fixtures_keep_access() -> Iterator[None]:
    for index, (signal, model, receiver) in enumerate(_RECEIVERS):
        signal.connect(receiver, sender=model, dispatch_uid=_uid(index))
    try:
        yield
    finally:
        for index, (signal, model, _receiver) in enumerate(_RECEIVERS):
            signal.disconnect(sender=model, dispatch_uid=_uid(index))

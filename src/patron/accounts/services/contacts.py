"""Contacts: the people at an account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from patron.accounts.choices import BuyingRole
from patron.accounts.errors import AccountErrorCode
from patron.accounts.models import Contact
from patron.accounts.services.checks import (
    require_choice,
    require_text,
    resolve_owner,
    visible_account,
)
from patron.core.errors import Forbidden, RuleViolation
from patron.org.models import User


@transaction.atomic
def create_contact(
    *,
    actor: User,
    account_id: int,
    first_name: str,
    last_name: str = "",
    title: str = "",
    email: str = "",
    phone: str = "",
    buying_role: str = "",
    owner_id: int | None = None,
) -> Contact:
    """Add a person at an account, owned by the actor unless they name a seller whose
    records they may change.

    Anyone who sees the account and may change records adds its people — an account
    manager on the team maps the buying committee of an account someone else owns,
    and a service agent records who called.
    """
    account = visible_account(actor, account_id)
    if actor.is_read_only:
        raise Forbidden()
    owner = actor if owner_id is None else resolve_owner(actor, owner_id, field="owner")
    email = require_text(email, field="email", limit=254)
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise RuleViolation(
                "email", AccountErrorCode.INVALID_EMAIL, _("Enter a valid e-mail address.")
            ) from error
    return Contact.objects.create(
        account=account,
        owner=owner,
        first_name=require_text(first_name, field="first_name", limit=100, required=True),
        last_name=require_text(last_name, field="last_name", limit=100),
        title=require_text(title, field="title", limit=150),
        email=email,
        phone=require_text(phone, field="phone", limit=40),
        buying_role=require_choice(
            buying_role, field="buying_role", choices=BuyingRole.values, blank=True
        ),
        created_by=actor,
    )

"""Operations on product families: the groups KPIs break sales down by and find
cross-sell in. Configured by sales ops and administrators (`Capability.CONFIGURE`)."""

from __future__ import annotations

from patron.catalog.cleaning.families import (
    ProductFamilyInput,
    clean_product_family,
    product_family_context,
    require_family_code,
    require_family_name,
)
from patron.catalog.models import ProductFamily
from patron.core.audit import record_created, snapshot
from patron.core.cleaning import raise_first
from patron.core.models import require_version
from patron.core.operations import service
from patron.core.sentinels import UNSET, Unset
from patron.org.capabilities import Capability
from patron.org.models import User
from patron.org.policy import require_capability
from patron.org.services.checks import load_for_change, require_unique, write_changes

__all__ = ["create_product_family", "update_product_family"]


def _name(value: str, *, exclude_pk: int | None = None) -> str:
    name = require_family_name(value)
    require_unique(
        ProductFamily, field="name", value=name, exclude_pk=exclude_pk, case_insensitive=True
    )
    return name


def _code(value: str, *, exclude_pk: int | None = None) -> str:
    code = require_family_code(value)
    require_unique(ProductFamily, field="code", value=code, exclude_pk=exclude_pk)
    return code


@service
def create_product_family(*, actor: User, name: str, code: str) -> ProductFamily:
    """Create a family; its name (shown in reports) and its code (used by imports)
    each name one family."""
    # The checks are `clean_product_family`'s, on a context built for this one row (an
    # import builds one for a whole file); the first error found is raised.
    values = raise_first(
        clean_product_family(
            ProductFamilyInput(name=name, code=code),
            product_family_context(actor, names=[name], codes=[code]),
        )
    )
    family = ProductFamily.objects.create(**vars(values), created_by=actor)
    record_created(family, actor=actor)
    return family


@service
def update_product_family(
    *,
    actor: User,
    family_id: int,
    version: int,
    name: str | Unset = UNSET,
    code: str | Unset = UNSET,
) -> ProductFamily:
    """Rename a family or change its code. Its products, and the KPIs over them,
    follow: they point at the family, not at its name."""
    require_capability(actor, Capability.CONFIGURE)
    family = load_for_change(ProductFamily, family_id)
    require_version(family, version)
    before = snapshot(family)
    if not isinstance(name, Unset):
        family.name = _name(name, exclude_pk=family.pk)
    if not isinstance(code, Unset):
        family.code = _code(code, exclude_pk=family.pk)
    write_changes(family, actor=actor, before=before, version=version)
    return family

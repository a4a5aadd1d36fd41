"""The clean step of a new product family (see `core.cleaning` and decision 0020): the
raw values and a context loaded beforehand in, the checked family or every wrong field
out, with no query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from patron.catalog.models import ProductFamily
from patron.core.cleaning import Cleaned, ErrorCollector
from patron.core.validation import require_text
from patron.org.capabilities import Capability
from patron.org.cleaning.shared import Taken, taken_values
from patron.org.models import User
from patron.org.policy import require_capability

# The columns' lengths.
FAMILY_NAME_LIMIT = 120
FAMILY_CODE_LIMIT = 32


@dataclass(frozen=True)
class ProductFamilyInput:
    """A new product family as typed or imported."""

    name: str
    code: str


@dataclass(frozen=True)
class ProductFamilyContext:
    """What cleaning new product families needs from the database: the actor, and the
    names (ignoring case) and codes the batch names that are taken."""

    actor: User
    names: Taken
    codes: Taken


@dataclass(frozen=True)
class ProductFamilyValues:
    """A new product family ready to be written."""

    name: str
    code: str


def product_family_context(
    actor: User, *, names: Iterable[str | None] = (), codes: Iterable[str | None] = ()
) -> ProductFamilyContext:
    """The context for cleaning new families naming these names and codes: one query
    per kind (taken names, taken codes), whatever the number of rows."""
    return ProductFamilyContext(
        actor=actor,
        names=taken_values(ProductFamily, field="name", values=names, case_insensitive=True),
        codes=taken_values(ProductFamily, field="code", values=codes),
    )


def clean_product_family(
    raw: ProductFamilyInput, context: ProductFamilyContext
) -> Cleaned[ProductFamilyValues]:
    """Every check of a new family (the rules are `create_product_family`'s), each
    wrong field reported, in the order the service checks them: its name (shown in
    reports) and its code (used by imports) each name one family."""
    errors = ErrorCollector()
    with errors.field():
        require_capability(context.actor, Capability.CONFIGURE)
    name = errors.check(
        lambda: context.names.require_free(require_family_name(raw.name), field="name"), ""
    )
    code = errors.check(
        lambda: context.codes.require_free(require_family_code(raw.code), field="code"), ""
    )
    if errors.errors:
        return Cleaned(errors=errors.errors)
    return Cleaned(ProductFamilyValues(name=name, code=code))


def require_family_name(value: str) -> str:
    """A family's name, trimmed (whether another family has it is asked apart)."""
    return require_text(value, field="name", limit=FAMILY_NAME_LIMIT, required=True)


def require_family_code(value: str) -> str:
    """A family's code, trimmed (whether another family has it is asked apart)."""
    return require_text(value, field="code", limit=FAMILY_CODE_LIMIT, required=True)

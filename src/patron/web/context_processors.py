"""Template context shared by every page: the navigation the user's role may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from patron.pipeline.selectors import sees_any_opportunities


@dataclass(frozen=True)
class NavItem:
    """A link of the main navigation; `active` marks the section being shown."""

    url_name: str
    label: str
    icon: str
    active: bool


# url name of the section → the url names that belong to it.
SECTIONS = {
    "web:home": ("home",),
    "web:account-list": ("account-list", "account-detail"),
    "web:opportunity-list": ("opportunity-list", "opportunity-detail"),
}


def navigation(request: HttpRequest) -> dict[str, object]:
    """Links only to pages that exist and that the user's role can use: deals are not
    offered to people who see none, configuration only to staff (sales ops, admins)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "show_configuration": False}
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None and match.namespace == "web" else None
    entries = [
        ("web:home", _("Home"), "bi-house"),
        ("web:account-list", _("Accounts"), "bi-building"),
    ]
    if sees_any_opportunities(user):
        entries.append(("web:opportunity-list", _("Opportunities"), "bi-graph-up-arrow"))
    items = [
        NavItem(url_name, label, icon, current in SECTIONS[url_name])
        for url_name, label, icon in entries
    ]
    return {"navigation": items, "show_configuration": user.is_staff}

"""Filters of the accounts list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from patron.accounts.choices import Lifecycle, Tier
from patron.web.forms.filters import FilterForm, sort_choices

ACCOUNT_SORT_LABELS = {
    "name": (_("Name, A to Z"), _("Name, Z to A")),
    "owner": (_("Owner, A to Z"), _("Owner, Z to A")),
    "lifecycle": (_("Lifecycle, A to Z"), _("Lifecycle, Z to A")),
    "tier": (_("Tier, A first"), _("Tier, C first")),
    "created": (_("Oldest first"), _("Newest first")),
}


class AccountFilterForm(FilterForm):
    """Search by name, filter by lifecycle and tier, and sort."""

    defaults = {"sort": "name"}

    search = forms.CharField(
        label=_("Search accounts"), max_length=100, required=False, widget=forms.SearchInput
    )
    lifecycle = forms.ChoiceField(
        label=_("Lifecycle"),
        choices=[("", _("All lifecycles")), *Lifecycle.choices],
        required=False,
    )
    tier = forms.ChoiceField(
        label=_("Tier"), choices=[("", _("All tiers")), *Tier.choices], required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort"), choices=sort_choices(ACCOUNT_SORT_LABELS), required=False
    )

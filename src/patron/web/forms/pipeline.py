"""Filters of the opportunities list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from patron.org.models import User
from patron.pipeline import selectors
from patron.pipeline.choices import OpportunityStatus
from patron.pipeline.models import Stage
from patron.web.forms.filters import FilterForm, sort_choices
from patron.web.forms.widgets import QuickSelect

OPPORTUNITY_SORT_LABELS = {
    "close_date": (_("Close date, soonest first"), _("Close date, latest first")),
    "amount": (_("Amount, smallest first"), _("Amount, largest first")),
    "name": (_("Name, A to Z"), _("Name, Z to A")),
}


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Stage) -> str:
        return f"{obj.pipeline.name}: {obj.name}"


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class OpportunityFilterForm(FilterForm):
    """Search by deal or account name, filter by status, stage and owner, and sort.
    The owner choices are the owners of deals the viewer may see, nobody else."""

    defaults = {"sort": "close_date"}

    search = forms.CharField(
        label=_("Search opportunities"), max_length=100, required=False, widget=forms.SearchInput
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *OpportunityStatus.choices],
        required=False,
    )
    stage = StageChoiceField(
        label=_("Stage"),
        queryset=Stage.objects.none(),
        required=False,
        empty_label=_("All stages"),
        widget=QuickSelect,
    )
    owner = OwnerChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All owners"),
        widget=QuickSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sort"), choices=sort_choices(OPPORTUNITY_SORT_LABELS), required=False
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = selectors.stage_choices()
        self.fields["owner"].queryset = selectors.owner_choices(viewer=viewer)

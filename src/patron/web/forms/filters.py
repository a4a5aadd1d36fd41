"""The base of every list page's filter form: invalid input falls back to defaults."""

from __future__ import annotations

from typing import Any

from django import forms


class FilterForm(forms.Form):
    """A GET form whose bad values (a hand-edited URL, a stale link) are ignored field
    by field rather than failing the page."""

    defaults: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
                widget.attrs.setdefault("autocomplete", "off")

    def cleaned_or_default(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned.get(name) or self.defaults.get(name)
            for name in self.fields
            if cleaned.get(name) or name in self.defaults
        }


def sort_choices(labels: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """Ascending and descending choices for each sort key: {key: (asc label, desc label)}."""
    choices: list[tuple[str, str]] = []
    for key, (ascending, descending) in labels.items():
        choices += [(key, ascending), (f"-{key}", descending)]
    return choices

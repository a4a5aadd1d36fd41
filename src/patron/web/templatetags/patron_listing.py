"""Column headers that sort a list page, keeping its filters and returning to page one."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.inclusion_tag("components/_sort_header.html", takes_context=True)
def sort_header(context: dict[str, Any], key: str, label: str, current: str) -> dict[str, Any]:
    """A header link for sort `key`: ascending first, descending on a second click.

    `aria-sort` tells screen readers which column the list is sorted by.
    """
    request = context["request"]
    is_current = current.lstrip("-") == key
    descending = current.startswith("-")
    query: QueryDict = request.GET.copy()
    query["sort"] = f"-{key}" if is_current and not descending else key
    query.pop("page", None)
    direction = ""
    if is_current:
        direction = "descending" if descending else "ascending"
    return {"label": label, "url": f"{request.path}?{query.urlencode()}", "direction": direction}

"""How a page answers: the whole page or, for htmx, the fragment it swaps; and an
invisible record as 404 (QUALITY: never a 403 that confirms the record exists)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from patron.core import trail
from patron.core.errors import NotVisible


def is_fragment_request(request: HttpRequest) -> bool:
    """An htmx request for a fragment. A history restore (back button after the cache
    was evicted) asks for the whole page even though it is sent by htmx."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_fragment(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    """Render `fragment` for htmx and `page` (which includes the fragment) otherwise."""
    is_fragment = is_fragment_request(request)
    response = render(
        request, fragment if is_fragment else page, {**context, "is_fragment": is_fragment}
    )
    # The same URL answers with two bodies: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@contextmanager
def not_visible_as_404() -> Iterator[None]:
    try:
        yield
    except NotVisible as error:
        raise Http404(error.message) from error


# How many of a record's latest changes its page shows (`patron audit` shows them all).
AUDIT_TIMELINE_LENGTH = 30


def audit_timeline(record: Any) -> dict[str, Any]:
    """The context of the changes card (components/_audit_timeline.html): the latest
    events of the record and of the records that belong to it.

    Only for a record the page has already found visible to the viewer: whoever sees a
    deal sees who changed it."""
    events = trail.record_events(record)[:AUDIT_TIMELINE_LENGTH]
    return {"audit_entries": trail.timeline(events), "audit_limit": AUDIT_TIMELINE_LENGTH}

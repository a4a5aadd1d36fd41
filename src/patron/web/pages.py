"""How a page answers: the whole page or, for htmx, the fragment it swaps; and an
invisible record as 404 (QUALITY: never a 403 that confirms the record exists)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

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

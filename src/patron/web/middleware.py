"""Request-wide settings taken from the signed-in user: time zone and language."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from patron.core.models import AuditSource, CompanySettings, known_zone
from patron.core.operations import audit_source


class TimeZoneMiddleware:
    """Shows times in the user's time zone, else in the company's.

    Times are stored in UTC; this only decides how pages render them and how a time
    typed into a form is read. A user who never chose a zone (or whose zone name is not
    a known one) sees the company's, like anyone not signed in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.activate(zone_for(request))
        try:
            return self.get_response(request)
        finally:
            # The thread goes on to other work: none of it may inherit this zone. (A
            # streaming response, of which Patron has none, would render its body
            # after this, in the default zone.)
            timezone.deactivate()


def zone_for(request: HttpRequest) -> ZoneInfo:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        own = known_zone(user.time_zone)
        if own is not None:
            return own
    return CompanySettings.current().zone


class LanguageMiddleware:
    """Speaks the signed-in user's language when they chose one Patron ships.

    Django's LocaleMiddleware, earlier in the chain, has already picked a language from
    the language cookie or the browser's Accept-Language (that is what the sign-in page
    uses); a signed-in user's own choice wins over both, on every device. An unknown or
    blank choice leaves Django's pick alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        if language is not None:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def language_for(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    shipped = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in shipped else None


class AuditSourceMiddleware:
    """Operations run for a page request are recorded in the audit trail as coming from
    the web, with the request's id (a proxy's X-Request-ID when it sends one), so one
    click's events can be found together and matched with the server's logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        with audit_source(AuditSource.WEB, request_id=request_id):
            return self.get_response(request)

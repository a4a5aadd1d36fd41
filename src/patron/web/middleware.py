"""Request-wide settings taken from the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from patron.core.models import CompanySettings, known_zone


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

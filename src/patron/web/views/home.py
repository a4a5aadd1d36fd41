"""The home page: the signed-in person's own numbers, from the data they may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patron.accounts import selectors as account_selectors
from patron.pipeline import selectors as pipeline_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    sees_deals = pipeline_selectors.sees_any_opportunities(viewer)
    context = {
        "owned_accounts": account_selectors.owned_account_count(viewer=viewer),
        "sees_deals": sees_deals,
        "summary": pipeline_selectors.pipeline_summary(viewer=viewer) if sees_deals else None,
    }
    return render(request, "home/home.html", context)

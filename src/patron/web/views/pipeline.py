"""Opportunities: the list (search, filters, sort, pages) and the opportunity page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patron.pipeline import selectors
from patron.web.forms.pipeline import OpportunityFilterForm
from patron.web.pages import audit_timeline, not_visible_as_404, render_page_or_fragment
from patron.web.paging import page_of


@login_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    filters = OpportunityFilterForm(request.GET, viewer=request.user)
    params = filters.cleaned_or_default()
    deals = selectors.opportunity_list(viewer=request.user, **params)
    filters_only = {key: value for key, value in params.items() if key != "sort"}
    to_count = selectors.opportunity_list_rows_to_count(viewer=request.user, **filters_only)
    context = {
        "filters": filters,
        "sort": params["sort"],
        "page": page_of(deals, request.GET.get("page"), rows_to_count=to_count),
    }
    return render_page_or_fragment(
        request, "pipeline/opportunity_list.html", "pipeline/_opportunity_results.html", context
    )


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    with not_visible_as_404():
        deal = selectors.get_opportunity(viewer=request.user, opportunity_id=pk)
    context = {
        "deal": deal,
        "lines": selectors.opportunity_lines(viewer=request.user, opportunity=deal),
        "history": selectors.opportunity_history(viewer=request.user, opportunity=deal),
        **audit_timeline(deal),
    }
    return render(request, "pipeline/opportunity_detail.html", context)

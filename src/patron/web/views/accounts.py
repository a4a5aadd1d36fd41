"""Accounts: the list (search, filters, sort, pages) and the account page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patron.accounts import selectors
from patron.pipeline import selectors as pipeline_selectors
from patron.web.forms.accounts import AccountFilterForm
from patron.web.pages import audit_timeline, not_visible_as_404, render_page_or_fragment
from patron.web.paging import page_of


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    filters = AccountFilterForm(request.GET)
    params = filters.cleaned_or_default()
    accounts = selectors.account_list(viewer=request.user, **params)
    filters_only = {key: value for key, value in params.items() if key != "sort"}
    to_count = selectors.account_list_rows_to_count(viewer=request.user, **filters_only)
    context = {
        "filters": filters,
        "sort": params["sort"],
        "page": page_of(accounts, request.GET.get("page"), rows_to_count=to_count),
    }
    return render_page_or_fragment(request, "accounts/list.html", "accounts/_results.html", context)


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    with not_visible_as_404():
        account = selectors.get_account(viewer=request.user, account_id=pk)
    context = {
        "account": account,
        "overview": selectors.account_overview(viewer=request.user, account=account),
        "sees_deals": pipeline_selectors.sees_any_opportunities(request.user),
        "opportunities": pipeline_selectors.account_opportunities(
            viewer=request.user, account_id=account.pk
        ),
        **audit_timeline(account),
    }
    return render(request, "accounts/detail.html", context)

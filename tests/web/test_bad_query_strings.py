"""Whatever is typed into a list page's address — unknown sorts, huge page numbers,
ids of invisible owners, control characters — the page answers, changes nothing and
never shows what the viewer may not see."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patron.accounts.models import Account
from patron.pipeline.models import Opportunity

pytestmark = pytest.mark.django_db

text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=120,
)
numberish = st.one_of(
    text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "0", "-1", "last", "1e9", "9" * 40, "NaN", "1.5"]),
)
PAGES = ("/accounts/", "/opportunities/")
PARAMETERS = ("search", "lifecycle", "tier", "status", "stage", "owner", "sort", "page")
query = st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMETERS, numberish))


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=st.sampled_from(PAGES), params=query, htmx=st.booleans())
def test_any_query_string_gets_a_page_and_changes_nothing(client_for, org, book, url, params, htmx):
    # given
    client = client_for(org.rep)
    before = (Account.objects.count(), Opportunity.objects.count())
    headers = {"HX-Request": "true"} if htmx else {}
    # when
    response = client.get(f"{url}?{urlencode(params)}", headers=headers)
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert book.peer_account.name not in body
    assert book.peer_deal.name not in body
    assert (Account.objects.count(), Opportunity.objects.count()) == before


def test_filtering_by_an_invisible_owner_shows_nothing_of_theirs(client_for, org, book):
    response = client_for(org.rep).get(f"/opportunities/?owner={org.peer_rep.pk}")
    assert response.status_code == 200
    assert book.peer_deal.name not in response.content.decode()

"""Forecast submissions are shown in the admin, never added, changed or deleted there:
a forecast is judged on what was said at the time (K34), so a new call is a new
submission through `submit_forecast` or `override_forecast`."""

from __future__ import annotations

import pytest

from patron.forecasting.models import ForecastSubmission
from patron.org.choices import Role
from patron.org.roles import assign_role
from tests.admin.test_admin_pages import admin_url
from tests.factories.forecasting import ForecastSubmissionFactory


@pytest.fixture
def ops_client(org, client_for):
    return client_for(assign_role(user=org.sales_ops, role=Role.SALES_OPS))


def test_sales_ops_read_submissions_with_their_amounts(org, ops_client):
    ForecastSubmissionFactory(user=org.rep, commit_minor=5_000_000, best_case_minor=8_000_000)
    response = ops_client.get(admin_url(ForecastSubmission, "changelist"))
    assert response.status_code == 200
    assert "$50,000.00" in response.content.decode()


def test_a_submission_is_never_added_changed_or_deleted_here(org, ops_client):
    # given
    submission = ForecastSubmissionFactory(user=org.rep)
    form = {"commit_minor": "1", "best_case_minor": "2", "note": "edited"}
    # when / then
    assert ops_client.get(admin_url(ForecastSubmission, "add")).status_code == 403
    assert ops_client.post(admin_url(ForecastSubmission, "add"), form).status_code == 403
    change = ops_client.post(admin_url(ForecastSubmission, "change", submission.pk), form)
    assert change.status_code == 403
    delete = ops_client.post(
        admin_url(ForecastSubmission, "delete", submission.pk), {"post": "yes"}
    )
    assert delete.status_code == 403
    submission.refresh_from_db()
    assert (submission.commit_minor, submission.note, submission.version) == (5_000_000, "", 1)

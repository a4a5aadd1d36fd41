"""Every business model declares who may see its rows (one `visible_to` per model).

Reference data that every signed-in user may read (products, stages, teams…) is listed
explicitly; a new model must either get `visible_to` or be added here on purpose.
"""

import pytest
from django.apps import apps

from patron.org.access import ACCESS_TABLES

REFERENCE_DATA = {
    "core.CompanySettings",
    "core.ExchangeRate",
    "core.Counter",
    "org.User",
    "org.Team",
    "org.Territory",
    "org.TerritoryRule",
    "catalog.ProductFamily",
    "catalog.Product",
    "accounts.Competitor",
    "pipeline.Pipeline",
    "pipeline.Stage",
    "pipeline.Campaign",
    "service.SlaPolicy",
    "people.TrainingCourse",
}
# The trail of records, not a record of its own: whoever sees everything reads it all,
# everyone else through the pages of records they see (tests/core/test_audit_trail.py).
LOGS = {"core.AuditEvent"}
# The visibility rule itself, kept as tables (decision 0021): read by `visible_to`
# only, never shown to anyone.
ACCESS = set(ACCESS_TABLES)
DOMAINS = (
    "core",
    "org",
    "catalog",
    "accounts",
    "pipeline",
    "orders",
    "service",
    "activities",
    "planning",
    "people",
    "forecasting",
)
BUSINESS_MODELS = sorted(
    model._meta.label
    for label in DOMAINS
    for model in apps.get_app_config(label).get_models()
    if model._meta.label not in REFERENCE_DATA | LOGS | ACCESS
)


@pytest.mark.parametrize("label", BUSINESS_MODELS)
def test_every_business_model_has_a_visibility_rule(label: str) -> None:
    model = apps.get_model(label)
    assert hasattr(model.objects, "visible_to"), f"{label} has no visible_to(user)"


@pytest.mark.parametrize("label", sorted(LOGS))
def test_every_log_has_a_visibility_rule(label: str) -> None:
    assert hasattr(apps.get_model(label).objects, "visible_to")


def test_reference_data_names_real_models() -> None:
    for label in REFERENCE_DATA:
        apps.get_model(label)

"""The admin writes only through services (issue: one write path).

Generated over every registered admin: an admin that can add, change or delete a
model is a `ServiceAdmin` whose hooks call the domain's services, and the inlines
beside it write nothing. A new model registered with a plain admin fails here.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from patron.core.admin import ServiceAdmin
from patron.org.roles import patron_apps

REGISTERED = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in patron_apps()
    ),
    key=lambda pair: pair[0]._meta.label,
)


@pytest.fixture
def superuser_request(org):
    request = RequestFactory().get("/admin/")
    request.user = org.admin
    org.admin.is_superuser = True
    org.admin.is_staff = True
    return request


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[model._meta.label for model, _ in REGISTERED]
)
def test_an_admin_that_writes_calls_services(superuser_request, model, model_admin):
    writes = (
        model_admin.has_add_permission(superuser_request)
        or model_admin.has_change_permission(superuser_request)
        or model_admin.has_delete_permission(superuser_request)
    )
    if writes:
        assert isinstance(model_admin, ServiceAdmin), (
            f"{model._meta.label} can be written in the admin without a service"
        )
    for inline in model_admin.get_inline_instances(superuser_request):
        assert not inline.has_add_permission(superuser_request, None), inline
        assert not inline.has_change_permission(superuser_request, None), inline
        assert not inline.has_delete_permission(superuser_request, None), inline

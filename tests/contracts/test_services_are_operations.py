"""Every public function of a domain's services is an operation (`@service`): one
transaction, named in the audit trail, checked by the suite-wide audit observer.

Modules holding the checks services share (`checks.py`, `access.py`) are helpers, not
operations, and are skipped; anything else public in a services module must be one.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import patron

HELPER_MODULES = {"checks", "access"}


def _service_modules() -> list[str]:
    return sorted(
        module.name
        for module in pkgutil.walk_packages(patron.__path__, "patron.")
        if (module.name.endswith(".services") or ".services." in module.name)
        and module.name.rsplit(".", 1)[-1] not in HELPER_MODULES
    )


@pytest.mark.parametrize("module_name", _service_modules())
def test_every_public_function_of_a_services_module_is_an_operation(module_name):
    module = importlib.import_module(module_name)
    plain = [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module_name
        and not name.startswith("_")
        and not hasattr(function, "service_name")
    ]
    assert plain == [], f"{module_name}: decorate with @service or make private: {plain}"

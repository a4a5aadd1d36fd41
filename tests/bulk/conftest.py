"""The tiny demo company, generated once per module: the bulk-loaded data to check."""

from tests.demo.conftest import tiny_company  # noqa: F401  (the fixture, shared)

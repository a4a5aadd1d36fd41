"""Served over HTTPS, Patron passes Django's deployment check with no warning; on plain
HTTP (the demo) the check names exactly the HTTPS settings that are off."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def deploy_check(tmp_path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PATRON_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'patron.sqlite3'}",
        **env,
    }
    # Settings other tests put in this process's environment are not a deployment's.
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "PATRON_TEST_SQLITE"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "patron", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_over_https_the_deployment_check_is_clean(tmp_path):
    result = deploy_check(tmp_path, HTTPS="true", ALLOWED_HOSTS="crm.example.com")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_on_plain_http_the_check_names_the_https_settings(tmp_path):
    result = deploy_check(tmp_path, HTTPS="false")
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in result.stderr

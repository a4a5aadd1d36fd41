import pytest

from patron.core.env import ConfigurationError, env_bool, env_int, env_list, secret_key


def test_booleans_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("DEBUG", "yes")
    assert env_bool("DEBUG", default=False) is True
    monkeypatch.setenv("DEBUG", "0")
    assert env_bool("DEBUG", default=True) is False
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ConfigurationError, match="DEBUG"):
        env_bool("DEBUG", default=False)


def test_whole_numbers_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("HSTS_SECONDS", " 3600 ")
    assert env_int("HSTS_SECONDS", 0) == 3600
    monkeypatch.delenv("HSTS_SECONDS")
    assert env_int("HSTS_SECONDS", 60) == 60
    for bad in ("an hour", "1.5", "-1"):
        monkeypatch.setenv("HSTS_SECONDS", bad)
        with pytest.raises(ConfigurationError, match="HSTS_SECONDS"):
            env_int("HSTS_SECONDS", 0)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "crm.example.com, 10.0.0.5 ,")
    assert env_list("ALLOWED_HOSTS", []) == ["crm.example.com", "10.0.0.5"]


def test_the_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()

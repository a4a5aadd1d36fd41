"""The SQLite configuration Patron runs with: WAL, IMMEDIATE transactions, a busy timeout."""

from django.db.utils import ConnectionHandler

from patron import settings as patron_settings


def test_a_sqlite_database_opens_in_wal_mode_with_foreign_keys(
    tmp_path, monkeypatch, django_db_blocker
):
    # given
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'patron.sqlite3'}")
    config = patron_settings._database()
    handler = ConnectionHandler({"default": config})
    connection = handler["default"]
    # when
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA foreign_keys")
            foreign_keys = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            busy_timeout = cursor.fetchone()[0]
    finally:
        connection.close()
    # then
    assert journal == "wal"
    assert foreign_keys == 1
    assert busy_timeout == 20_000
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_default_database_is_a_sqlite_file_in_patron_home(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = patron_settings._database()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(patron_settings.PATRON_HOME / "patron.sqlite3")


def test_a_postgres_url_is_used_as_given(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://crm:secret@db.internal:5433/patron")
    config = patron_settings._database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "patron")

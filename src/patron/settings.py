"""Django settings, read from the environment (see README "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from patron.core.env import env_bool, env_int, env_list, env_str, patron_home, secret_key

BASE_DIR = Path(__file__).resolve().parent
PATRON_HOME = patron_home()

SECRET_KEY = secret_key(PATRON_HOME)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "patron.core",
    "patron.org",
    "patron.catalog",
    "patron.accounts",
    "patron.pipeline",
    "patron.orders",
    "patron.service",
    "patron.activities",
    "patron.planning",
    "patron.people",
    "patron.forecasting",
    "patron.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "patron.web.middleware.TimeZoneMiddleware",
    "patron.web.middleware.LanguageMiddleware",
    "patron.web.middleware.AuditSourceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "patron.urls"
WSGI_APPLICATION = "patron.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "patron.web.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    default_url = f"sqlite:///{PATRON_HOME / 'patron.sqlite3'}"
    config = dj_database_url.parse(env_str("DATABASE_URL", default_url), conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at the
        # start of a transaction so two writers queue instead of failing half-way with
        # "database is locked"; the busy timeout is how long they queue.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA cache_size=-64000;"
                "PRAGMA mmap_size=268435456;"
            ),
        }
        config["CONN_MAX_AGE"] = 0
        # Tests run on a file, like production: Django's in-memory test database uses a
        # shared cache where a second writer fails at once instead of queueing, so the
        # concurrency tests could not run on it. ":memory:" asks for it anyway.
        config["TEST"] = {"NAME": env_str("PATRON_TEST_SQLITE", str(PATRON_HOME / "test.sqlite3"))}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
LANGUAGES = [("en", "English"), ("th", "ไทย"), ("fil", "Filipino")]
# Patron's own catalogue first: where both translate a message, Patron's wins.
# locale_django translates Django's own messages (the admin, sign-in and password
# pages, form errors) where Django ships no catalogue (Filipino) or an incomplete one.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]


def _static_root(home: Path) -> Path:
    """Where `collectstatic` puts the assets a production server serves.

    Made (empty) up front: without collectstatic (a demo, the tests) WhiteNoise serves
    straight from the package, but warns on every start when the directory is missing.
    """
    root = home / "static"
    root.mkdir(parents=True, exist_ok=True)
    return root


STATIC_URL = "static/"
STATIC_ROOT = _static_root(PATRON_HOME)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (a demo, the tests) WhiteNoise serves straight from the package.
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Served over HTTPS (directly or behind a proxy that sets X-Forwarded-Proto): cookies
# only travel encrypted, plain HTTP is redirected, browsers are told to stay on HTTPS.
# Off by default so `patron demo` works on http://127.0.0.1.
HTTPS = env_bool("HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000)
    # Both are what Django's deployment check asks for; a company whose other
    # sub-domains still speak plain HTTP turns them off.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Django ships no Filipino locale; Patron ships its own catalogues (locale/fil and
# locale_django/fil).
_LANG_INFO_FIL = {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"}


def _register_filipino() -> None:
    from django.conf.locale import LANG_INFO

    LANG_INFO.setdefault("fil", _LANG_INFO_FIL)


_register_filipino()

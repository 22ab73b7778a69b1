"""Django settings for OnePlan, read from environment variables with safe defaults.

With nothing set, OnePlan runs on an SQLite file in the data folder (``ONEPLAN_DATA_DIR``,
default ``./data``). ``ONEPLAN_DB_URL`` selects another database, e.g. ``postgres://...``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
DATA_DIR = Path(os.environ.get("ONEPLAN_DATA_DIR", REPO_DIR / "data")).resolve()
NODE_MODULES = Path(os.environ.get("ONEPLAN_NODE_MODULES", REPO_DIR / "node_modules"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("ONEPLAN_DEBUG", False)
# A fixed development key is only acceptable while DEBUG is on; production must set its own.
SECRET_KEY = os.environ.get("ONEPLAN_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not _env_bool("ONEPLAN_ALLOW_INSECURE_KEY", True):
        raise RuntimeError("ONEPLAN_SECRET_KEY must be set when ONEPLAN_DEBUG is off")
    SECRET_KEY = "oneplan-insecure-development-key-change-me-0123456789abcdef"
ALLOWED_HOSTS = os.environ.get("ONEPLAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("ONEPLAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "oneplan.core",
    "oneplan.geo",
    "oneplan.orgs",
    "oneplan.stats",
    "oneplan.plans",
    "oneplan.valuechains",
    "oneplan.projects",
    "oneplan.analysis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "oneplan.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "oneplan.urls"
WSGI_APPLICATION = "oneplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "oneplan.core.context.oneplan",
            ],
            "builtins": ["oneplan.core.templatetags.thai", "oneplan.core.templatetags.lookups"],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'oneplan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("ONEPLAN_DB_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the pragmas run on every new connection.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Thai first: Thai is the default language, English is the switch.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "oneplan_language"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/sarabun", NODE_MODULES / "@fontsource" / "sarabun" / "files"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Sessions live in the database so any number of app servers can share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# Background work (file loads from the web): queued in the database and run by
# `oneplan db_worker`; ONEPLAN_TASKS=immediate runs them inside the request instead.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("ONEPLAN_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# API paging bounds (see oneplan/api/pagination.py).
ONEPLAN_API_MAX_LIMIT = 1000
ONEPLAN_API_MAX_OFFSET = 10_000_000
# Uploaded files are deleted this many days after the last batch using them ended.
ONEPLAN_UPLOAD_KEEP_DAYS = int(os.environ.get("ONEPLAN_UPLOAD_KEEP_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ONEPLAN_LOG_LEVEL", "WARNING")},
}
ONEPLAN_MAP_TILES = os.environ.get(
    "ONEPLAN_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

# Reminders of the budget calendar go out by e-mail; without a server they are printed.
EMAIL_BACKEND = os.environ.get(
    "ONEPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("ONEPLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ONEPLAN_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("ONEPLAN_FROM_EMAIL", "oneplan@localhost")

"""Test set-up shared by every app: the database choice, the cast and the reference geography.

``ONEPLAN_TEST_POSTGRES=1`` runs the suite against a private PostgreSQL server started here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from oneplan.testing.browser import browser, page  # noqa: F401 (fixtures for browser tests)
from oneplan.testing.cast import Cast, make_cast

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
USE_POSTGRES = os.environ.get("ONEPLAN_TEST_POSTGRES") == "1"


def pytest_report_header() -> str:
    return f"oneplan database: {'postgresql (private server)' if USE_POSTGRES else 'sqlite'}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> Iterator[None]:
    if not USE_POSTGRES:
        yield
        return
    from django.conf import settings

    from oneplan.testing.postgres import running_server

    with running_server() as server:
        settings.DATABASES["default"].update(
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "oneplan",
                "USER": server.user,
                "PASSWORD": "",
                "HOST": server.host,
                "PORT": str(server.port),
                "OPTIONS": {},
                "CONN_MAX_AGE": 0,
            }
        )
        # Django made its connection handler (and an SQLite connection) while loading the
        # models; drop both so the next use builds a PostgreSQL connection from the settings.
        from django.db import connections

        connections.close_all()
        connections.__dict__.pop("settings", None)
        for alias in list(connections.settings):
            del connections[alias]
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The cast's passwords are hashed in many tests; PBKDF2 would make that minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: Any) -> Cast:
    return make_cast()


@pytest.fixture(scope="session")
def reference_db(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The full reference geography, loaded once per run and kept for read-only tests."""
    from oneplan.geo.loaders.reference import load_reference

    with django_db_blocker.unblock():
        load_reference()

"""The suite runs on the database its header names (a private PostgreSQL server when asked)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_suite_runs_on_the_database_it_announces():
    expected = "postgresql" if os.environ.get("ONEPLAN_TEST_POSTGRES") == "1" else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute(
            "select version()" if expected == "postgresql" else "select sqlite_version()"
        )
        assert cursor.fetchone()[0]

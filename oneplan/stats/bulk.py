"""Connection settings for bulk work (loads and roll-ups), put back afterwards."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection

SQLITE_CACHE_KIB = 256 * 1024  # page cache of a connection doing bulk work on SQLite
# PostgreSQL, for bulk work only: memory for each sort or hash, and for building an index.
POSTGRES_MEMORY = {"work_mem": "256MB", "maintenance_work_mem": "1GB"}


@contextmanager
def bulk_session(cursor: Any, scratch: bool = False) -> Iterator[None]:
    """Settings for bulk work on this connection, put back afterwards whatever happens.

    SQLite: a bigger page cache, so that the index pages a big INSERT touches stay in memory
    (with ``scratch``, the temporary tables' cache too: roll-ups re-read their work table; a
    load's stage is read once and its memory is better kept low), and ``secure_delete =
    FAST`` (Debian builds SQLite with it ON), so that emptying scratch tables and replacing
    aggregates does not first overwrite every freed page with zeros. PostgreSQL sizes its
    buffers server-wide; sorts, hashes and index builds get more memory for this work only (set
    transaction-locally and put back)."""
    if connection.vendor == "postgresql":
        before = {}
        for name, value in POSTGRES_MEMORY.items():
            cursor.execute(f"SHOW {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        try:
            yield
        finally:
            # Inside a longer transaction the local settings would outlive the work. After a
            # database error the transaction (or savepoint) is rolled back, which undoes them.
            with contextlib.suppress(DatabaseError):
                if not connection.needs_rollback:
                    for name, value in before.items():
                        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        return
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    cache = int(cursor.fetchone()[0])
    cursor.execute("PRAGMA temp.cache_size")
    temp_cache = int(cursor.fetchone()[0])
    cursor.execute("PRAGMA secure_delete")
    secure = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    if scratch:
        cursor.execute(f"PRAGMA temp.cache_size = -{SQLITE_CACHE_KIB}")
    cursor.execute("PRAGMA secure_delete = FAST")
    try:
        yield
    finally:
        # On the raw connection: a dry run has marked the atomic block for rollback by now,
        # and these settings are not part of any transaction.
        raw = connection.connection
        raw.execute(f"PRAGMA cache_size = {cache}")
        raw.execute(f"PRAGMA temp.cache_size = {temp_cache}")
        raw.execute(f"PRAGMA secure_delete = {secure}")

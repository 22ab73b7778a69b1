"""Foreign keys of a bulk INSERT checked once per referenced row instead of once per new row.

PostgreSQL checks a foreign key with a trigger for every inserted row: a million observations
make three million look-ups of the same hundred indicators and few thousand areas (about half
of a large load's time). Here the referenced rows are looked up and locked ``FOR KEY SHARE``
once each, exactly the lock the per-row trigger takes, so nobody can delete them or change
their key until the load commits, and the INSERT then runs with the per-row triggers off
(``session_replication_role = replica``, transaction-local, put back straight after).

The constraints stay declared and valid: a concurrent delete of a referenced row waits for the
load and then fails on the observations it finds, as it would otherwise. Only the database
role's privilege decides which way a load goes: a superuser, or on PostgreSQL 15 and later a
role granted ``SET`` on the parameter (``GRANT SET ON PARAMETER session_replication_role TO
oneplan``). Without it (and on SQLite, whose loads are fast without it) the triggers do the
checks as usual. The result is the same either way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, IntegrityError, connection

PARAMETER = "session_replication_role"


@dataclass(frozen=True)
class Reference:
    """Rows of ``table`` (by id) that the rows about to be inserted point at: ``ids`` is a
    query giving them (with ``params``)."""

    table: str
    ids: str
    params: Sequence[Any] = ()


def may_check_once(cursor: Any) -> bool:
    """Whether this connection's role may switch the per-row triggers off for a transaction."""
    if connection.vendor != "postgresql":
        return False
    if pg_version() >= 150000:
        cursor.execute("SELECT has_parameter_privilege(%s, 'SET')", [PARAMETER])
    else:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])


def pg_version() -> int:
    """The PostgreSQL server's version number (150000 for 15.0), 0 for another database."""
    return int(getattr(connection, "pg_version", 0))


@contextmanager
def checked_once(cursor: Any, references: Sequence[Reference]) -> Iterator[bool]:
    """Inside: INSERTs on this connection skip the per-row foreign-key triggers, the references
    having been checked and locked first; yields whether that is so (False: the triggers check
    as usual). Must run inside a transaction. Raises ``IntegrityError`` naming each missing
    referenced row (then nothing has been inserted)."""
    if not may_check_once(cursor):
        yield False
        return
    _lock(cursor, references)
    cursor.execute(f"SHOW {PARAMETER}")
    before = cursor.fetchone()[0]
    cursor.execute("SELECT set_config(%s, 'replica', true)", [PARAMETER])
    try:
        yield True
    finally:
        # After a database error the transaction (or savepoint) is rolled back, and the
        # setting with it.
        with contextlib.suppress(DatabaseError):
            if not connection.needs_rollback:
                cursor.execute("SELECT set_config(%s, %s, true)", [PARAMETER, before])


def _lock(cursor: Any, references: Sequence[Reference]) -> None:
    missing: list[str] = []
    for ref in references:
        # Ordered, so that two loads lock shared rows in the same order.
        cursor.execute(
            f"SELECT t.id FROM {ref.table} t WHERE t.id IN ({ref.ids}) ORDER BY t.id "
            "FOR KEY SHARE OF t",
            list(ref.params),
        )
        held = {int(r[0]) for r in cursor.fetchall()}
        cursor.execute(f"SELECT DISTINCT x.id FROM ({ref.ids}) x(id)", list(ref.params))
        wanted = {int(r[0]) for r in cursor.fetchall() if r[0] is not None}
        missing += [f"{ref.table}.id = {pk}" for pk in sorted(wanted - held)]
    if missing:
        raise IntegrityError(
            "rows referenced by the load are gone (deleted while it ran): " + ", ".join(missing)
        )

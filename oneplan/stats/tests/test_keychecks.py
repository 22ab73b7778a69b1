"""On PostgreSQL a load checks its foreign keys once per referenced row, when the role may:
the same rows as with the per-row triggers, the constraints still declared and enforced, the
referenced rows locked against deletion while the load runs, and a missing one named."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.stats import keychecks
from oneplan.stats.batches import undo_batch
from oneplan.stats.keychecks import Reference, checked_once, may_check_once
from oneplan.stats.loading import load_file
from oneplan.stats.models import Indicator, Observation
from oneplan.stats.tests.factories import indicator, write_csv

pytestmark = [
    pytest.mark.usefixtures("reference_db"),
    pytest.mark.skipif(
        os.environ.get("ONEPLAN_TEST_POSTGRES") != "1",
        reason="per-row foreign-key triggers are PostgreSQL's; SQLite checks no foreign keys "
        "row by row in a load (run with ONEPLAN_TEST_POSTGRES=1)",
    ),
]
HEADER = ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"]


def role_setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return str(cursor.fetchone()[0])


def foreign_keys() -> dict[str, bool]:
    """The observation table's foreign-key constraints: name → validated."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, convalidated FROM pg_constraint "
            "WHERE conrelid = 'stats_observation'::regclass AND contype = 'f'"
        )
        return dict(cursor.fetchall())


def stored() -> set[tuple[str, str, str, float]]:
    return set(Observation.objects.values_list("indicator__code", "area__code", "period", "value"))


@pytest.fixture
def csv_file(db: Any, tmp_path: Path) -> Path:
    indicator("POP", min_area_level=AreaLevel.SUBDISTRICT)
    codes = Area.objects.filter(code__startswith="1201", level=AreaLevel.SUBDISTRICT)
    rows = [
        ["POP", code, year, n + int(year)]
        for n, code in enumerate(codes.values_list("code", flat=True))
        for year in ("2566", "2567")
    ]
    return write_csv(tmp_path, "pop.csv", [HEADER, *rows])


@pytest.fixture
def other_session() -> Iterator[Any]:
    """A second connection to the test database, as another user's request would be."""
    import psycopg

    s = connection.settings_dict
    with psycopg.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
    ) as other:
        other.execute("SET lock_timeout = '300ms'")
        yield other


def test_a_load_by_a_privileged_role_gives_what_the_triggers_give(
    csv_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = foreign_keys()
    assert set(before)
    assert all(before.values())
    once = load_file(csv_file, refresh=False)
    assert once.keys_checked_once  # the test server's role is a superuser
    assert role_setting() == "origin"  # put back for the rest of the transaction
    rows = stored()
    assert once.batch is not None
    assert len(rows) == once.added > 0
    undo_batch(once.batch, None, refresh=False)

    monkeypatch.setattr(keychecks, "may_check_once", lambda cursor: False)
    per_row = load_file(csv_file, refresh=False)
    assert not per_row.keys_checked_once
    assert stored() == rows
    assert foreign_keys() == before  # declared and valid all along


def test_a_reload_takes_the_same_way(csv_file: Path, tmp_path: Path) -> None:
    load_file(csv_file, refresh=False)
    first = Observation.objects.values_list("area__code", "period").first()
    assert first is not None
    area, period = first
    changed = write_csv(tmp_path, "again.csv", [HEADER, ["POP", area, period, 1.5]])
    again = load_file(changed, refresh=False)
    assert again.keys_checked_once
    assert (again.added, again.changed) == (0, 1)
    assert Observation.objects.get(area__code=area, period=period).batch == again.batch


def test_the_constraints_still_hold_the_loaded_rows(csv_file: Path) -> None:
    load_file(csv_file, refresh=False)
    pop = Indicator.objects.get(code="POP")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DELETE FROM stats_freshness WHERE indicator_id = %s", [pop.pk])
        with pytest.raises(IntegrityError, match="stats_observation"):
            cursor.execute("DELETE FROM stats_indicator WHERE id = %s", [pop.pk])
        transaction.set_rollback(True)


def test_a_referenced_row_that_is_gone_is_named_and_nothing_changes(db: Any) -> None:
    area = Area.objects.filter(level=AreaLevel.SUBDISTRICT).order_by("pk").first()
    assert area is not None
    refs = [
        Reference("geo_area", "SELECT %s", [area.pk]),
        Reference("stats_indicator", "SELECT %s UNION SELECT %s", [987_654, 987_655]),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        with pytest.raises(IntegrityError) as caught, checked_once(cursor, refs):
            pytest.fail("the body must not run")
        assert role_setting() == "origin"
    assert str(caught.value).endswith("stats_indicator.id = 987654, stats_indicator.id = 987655")


def test_a_referenced_row_cannot_be_deleted_while_the_load_runs(
    db: Any, other_session: Any
) -> None:
    import psycopg

    # A committed subdistrict of the reference geography that nothing refers to yet.
    area = Area.objects.filter(level=AreaLevel.SUBDISTRICT).order_by("-pk").first()
    assert area is not None

    def delete_elsewhere() -> int:
        with other_session.transaction(force_rollback=True):
            return other_session.execute("DELETE FROM geo_area WHERE id = %s", [area.pk]).rowcount

    assert delete_elsewhere() == 1  # nothing holds it back yet (and it is rolled back)
    with (
        connection.cursor() as cursor,
        checked_once(cursor, [Reference("geo_area", "SELECT %s", [area.pk])]) as once,
    ):
        assert once
        assert role_setting() == "replica"
        with pytest.raises(psycopg.errors.LockNotAvailable):
            delete_elsewhere()
    assert role_setting() == "origin"


def test_the_privilege_is_the_roles(db: Any) -> None:
    """A plain role may not; granted SET on the parameter (PostgreSQL 15), it may."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE ROLE oneplan_loader NOLOGIN")
        try:
            cursor.execute("SET LOCAL ROLE oneplan_loader")
            assert not may_check_once(cursor)
            cursor.execute("RESET ROLE")
            if keychecks.pg_version() >= 150000:
                cursor.execute("GRANT SET ON PARAMETER session_replication_role TO oneplan_loader")
                cursor.execute("SET LOCAL ROLE oneplan_loader")
                assert may_check_once(cursor)
        finally:
            cursor.execute("RESET ROLE")
            transaction.set_rollback(True)

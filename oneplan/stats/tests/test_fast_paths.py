"""The fast paths of loads and roll-ups give what the general ones give: a first load (nothing
stored yet) counts, writes and undoes like a reload; problems found through the resolver's
caches still name their own area and value; roll-ups in chunks, and a full rebuild, write the
same aggregates as one pass, and leave the table's keys in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils.translation import override

from oneplan.core.importing import ImportRejected
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period
from oneplan.stats import loading, rollup
from oneplan.stats.aggregates import refresh
from oneplan.stats.batches import undo_batch
from oneplan.stats.choices import Aggregation, Frequency
from oneplan.stats.loading import load_file
from oneplan.stats.models import AggregateValue, Indicator, Observation
from oneplan.stats.tests.factories import indicator, write_csv

pytestmark = pytest.mark.usefixtures("reference_db")
SUB = AreaLevel.SUBDISTRICT
HEADER = ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า", "สถานะ"]
ROWS = [
    ["POP", "120101", "2566", "100", "P"],
    ["POP", "120101", "2567", "110", "F"],
    ["POP", "120102", "2567", "7.5", ""],
    ["POP", "120103", "2567", "1", "F"],  # the same key twice: neither is loaded
    ["POP", "120103", "2567", "2", "F"],
    ["AREA", "12", "2567", "622.3", "F"],
]

Snapshot = dict[tuple[str, str, str], tuple[float, str, int | None]]


def snapshot() -> Snapshot:
    rows = Observation.objects.values_list(
        "indicator__code", "area__code", "period", "value", "status", "dataset_id"
    )
    return {(i, a, p): (v, s, d) for i, a, p, v, s, d in rows}


def spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Record what ``loading.<name>`` returns, call by call."""
    calls: list[Any] = []
    real = getattr(loading, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(real(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(loading, name, wrapper)
    return calls


@pytest.fixture
def registry(db: Any) -> None:
    indicator("POP", min_area_level=SUB)
    indicator("AREA")


def test_a_first_load_counts_writes_and_undoes_like_the_general_path(
    registry: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path, "pop.csv", [HEADER, *ROWS])
    firsts = spy(monkeypatch, "_first_load")
    compares = spy(monkeypatch, "_compare")
    fast = load_file(path, accept_valid=True, refresh=False)
    assert firsts == [True]
    assert compares == []  # nothing stored: nothing to compare with
    fast_rows = snapshot()
    assert fast.batch is not None
    assert undo_batch(fast.batch, None, refresh=False) == (4, 0)
    assert snapshot() == {}

    monkeypatch.setattr(loading, "_first_load", lambda cursor, indicators: False)
    general = load_file(path, accept_valid=True, refresh=False)
    assert compares == [(4, 0, 0)]
    assert snapshot() == fast_rows
    assert len(fast_rows) == 4
    assert fast_rows[("POP", "120102", "2024")] == (7.5, "F", None)
    for result in (fast, general):
        assert result.batch is not None
        assert (result.rows, result.added, result.changed, result.unchanged) == (6, 4, 0, 0)
        assert result.rejected_rows == 2
        assert sorted(result.indicator_ids) == sorted(
            Indicator.objects.filter(code__in=["POP", "AREA"]).values_list("pk", flat=True)
        )
        assert (result.batch.added, result.batch.changed) == (4, 0)


def test_a_load_is_a_first_load_only_while_its_indicators_have_no_values(
    registry: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    firsts = spy(monkeypatch, "_first_load")
    load_file(write_csv(tmp_path, "a.csv", [HEADER, ROWS[0]]), refresh=False)
    # Another period of the same indicator: compared with what is stored, not just inserted.
    again = load_file(write_csv(tmp_path, "b.csv", [HEADER, ROWS[0], ROWS[1]]), refresh=False)
    load_file(write_csv(tmp_path, "c.csv", [HEADER, ROWS[-1]]), refresh=False)
    assert firsts == [True, False, True]
    assert (again.added, again.changed, again.unchanged) == (1, 0, 1)


def test_a_dry_run_of_a_first_load_previews_the_new_values_and_writes_nothing(
    registry: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "pop.csv", [HEADER, *ROWS[:3]])
    result = load_file(path, dry_run=True)
    assert (result.added, result.changed, result.unchanged) == (3, 0, 0)
    assert [(c.area, c.period, c.old, c.new) for c in result.preview] == [
        ("120101", "2023", None, 100),
        ("120101", "2024", None, 110),
        ("120102", "2024", None, 7.5),
    ]
    assert not Observation.objects.exists()


def test_problems_found_through_the_caches_name_their_own_area_and_value(
    db: Any, tmp_path: Path
) -> None:
    indicator("RATE", min_value=0, max_value=100)  # meaningful down to provinces
    rows = [
        ["RATE", "120101", "2567", "5", ""],
        ["RATE", "120102", "2567", "6", ""],
        ["RATE", "12", "2567", "101", ""],
        ["RATE", "54", "2567", "-3", ""],
        ["RATE", "50", "2567", "50", ""],
    ]
    with override("en"), pytest.raises(ImportRejected) as caught:
        load_file(write_csv(tmp_path, "rate.csv", [HEADER, *rows]))
    messages = {p.row: p.message for p in caught.value.problems}
    assert set(messages) == {2, 3, 4, 5}
    assert messages[2].startswith("120101 is a subdistrict")
    assert messages[3].startswith("120102 is a subdistrict")
    assert messages[4].startswith("101 is outside the valid range of RATE")
    assert messages[5].startswith("-3 is outside the valid range of RATE")


def put(code: str, area: Area, period: str, value: float) -> Observation:
    return Observation(
        indicator=Indicator.objects.get(code=code),
        area=area,
        period=period,
        start=Period.parse(period).start,
        value=value,
    )


@pytest.fixture
def mixed(db: Any) -> list[int]:
    """Monthly, quarterly and yearly indicators of every rule, over two districts'
    subdistricts, with some months and quarters missing (a parent with one child)."""
    weight = indicator("WEIGHT", frequency=Frequency.MONTH, min_area_level=SUB)
    made = [
        weight,
        indicator("SUM", frequency=Frequency.MONTH, min_area_level=SUB),
        indicator(
            "MEAN", frequency=Frequency.MONTH, aggregation=Aggregation.MEAN, min_area_level=SUB
        ),
        indicator(
            "WMEAN",
            frequency=Frequency.MONTH,
            aggregation=Aggregation.WEIGHTED_MEAN,
            denominator=weight,
            min_area_level=SUB,
        ),
        indicator(
            "LAST", frequency=Frequency.MONTH, aggregation=Aggregation.LAST, min_area_level=SUB
        ),
        indicator("QSUM", frequency=Frequency.QUARTER, min_area_level=SUB),
        indicator("YSUM", min_area_level=SUB),
    ]
    areas = list(Area.objects.filter(level=SUB, code__regex=r"^(1201|5401)").order_by("code"))
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    periods = {
        "month": months,
        "quarter": ["2024-Q1", "2024-Q2", "2024-Q3"],
        "year": ["2023", "2024"],
    }
    rows = []
    for n, area in enumerate(areas):
        for ind in made:
            for k, period in enumerate(periods[ind.frequency]):
                if (n + k) % 5 == 0:
                    continue  # a gap: some quarters and years have fewer children
                rows.append(put(ind.code, area, period, (n * 13 + k * 7) % 50 + 0.25))
    Observation.objects.bulk_create(rows)
    return [ind.pk for ind in made]


def dump() -> dict[tuple[int, int, str, str], tuple[str, float | None, int, int]]:
    rows = AggregateValue.objects.values_list(
        "indicator_id", "area_id", "period", "disaggregation", "start", "value", "count", "expected"
    )
    return {(i, a, p, d): (str(s), v, c, e) for i, a, p, d, s, v, c, e in rows}


def test_roll_ups_in_chunks_equal_one_pass(
    mixed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    written = refresh(mixed)
    whole = dump()
    assert written == len(whole) > 1000
    monkeypatch.setattr(rollup, "CHUNK_ROWS", 1)  # every indicator its own chunk
    assert refresh(mixed) == written
    chunked = dump()
    assert chunked.keys() == whole.keys()
    for key, (start, value, count, expected) in whole.items():
        assert chunked[key][0] == start
        assert chunked[key][2:] == (count, expected)
        assert chunked[key][1] == pytest.approx(value, rel=1e-12)


def test_a_full_rebuild_writes_what_a_refresh_of_every_indicator_writes_and_keeps_the_key(
    mixed: list[int],
) -> None:
    everything = list(Indicator.objects.values_list("pk", flat=True))
    written = refresh(everything)
    some = dump()
    assert refresh() == written
    rebuilt = dump()
    assert rebuilt.keys() == some.keys()
    for key, row in rebuilt.items():
        assert row[0] == some[key][0]
        assert row[2:] == some[key][2:]
        assert row[1] == pytest.approx(some[key][1], rel=1e-12)
    copy = AggregateValue.objects.filter(count__gt=1).first()
    assert copy is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        # The key (indicator, area, period, categories) is back in place.
        AggregateValue.objects.bulk_create([AggregateValue(**_fields(copy))])
    # No database foreign keys on derived rows: Django's delete still takes them along.
    doomed = Indicator.objects.filter(aggregates__isnull=False, weighted__isnull=True).first()
    assert doomed is not None
    with transaction.atomic():
        Observation.objects.filter(indicator=doomed).delete()
        doomed.delete()
        assert not AggregateValue.objects.filter(indicator_id=doomed.pk).exists()
        transaction.set_rollback(True)


def test_aggregate_values_are_stored_as_the_tree_of_their_key(db: None) -> None:
    """The refresh writes each aggregate row once: on SQLite the table has no rowid beside its
    key (migration stats 0006), and on both databases no id column to fill from a sequence."""
    key = [f.column for f in AggregateValue._meta.pk_fields]
    assert key == ["indicator_id", "area_id", "period", "disaggregation"]
    assert "id" not in {f.column for f in AggregateValue._meta.local_concrete_fields}
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'stats_aggregatevalue'")
        assert cursor.fetchone()[0].endswith("WITHOUT ROWID")


def _fields(value: AggregateValue) -> dict[str, Any]:
    names = ("indicator_id", "area_id", "period", "start", "disaggregation", "value", "count")
    return {name: getattr(value, name) for name in names}


def settings() -> tuple[str, ...]:
    """The connection settings bulk work changes: SQLite's pragmas, PostgreSQL's work_mem."""
    queries = (
        ("PRAGMA cache_size", "PRAGMA temp.cache_size", "PRAGMA secure_delete")
        if connection.vendor == "sqlite"
        else ("SHOW work_mem", "SHOW maintenance_work_mem")
    )
    with connection.cursor() as cursor:
        values = []
        for query in queries:
            cursor.execute(query)
            values.append(str(cursor.fetchone()[0]))
    return tuple(values)


def test_loads_and_refreshes_give_back_the_connection_settings_even_when_refused(
    registry: None, tmp_path: Path
) -> None:
    before = settings()
    bad = write_csv(tmp_path, "bad.csv", [HEADER, ["POP", "99", "2567", "1", ""]])
    with pytest.raises(ImportRejected):
        load_file(bad)
    assert settings() == before
    load_file(write_csv(tmp_path, "good.csv", [HEADER, ROWS[0]]))  # and its refresh
    assert settings() == before

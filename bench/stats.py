"""Observation loads and roll-ups at national scale (issue: indicators and observations).

Data: every subdistrict (7,436) of the reference geography. ``B000`` has 10 years of monthly
values (892,320 rows); ``B001``..``B099`` have the 12 months of 2025 (99 × 89,232 rows). The
1-million-row file is B000, B001 and the first 18,448 rows of B002; the full set is ~9.7 million.

Loads and refreshes are slow and the machine may be shared: each runs ``heavy`` times and the
best run is kept (interference only ever adds time); quick measures keep the median.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

from django.db import connection, transaction
from django.test import Client

from bench.plans import Result
from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.reference import load_reference
from oneplan.geo.models import Area
from oneplan.stats import keychecks
from oneplan.stats.aggregates import refresh
from oneplan.stats.loading import load_file
from oneplan.stats.models import AggregateValue, Indicator

MONTHS_2025 = [f"2025-{m:02d}" for m in range(1, 13)]
MONTHS_10Y = [f"{y}-{m:02d}" for y in range(2016, 2026) for m in range(1, 13)]
ONE_MILLION = 1_000_000
BULK_TABLES = ("stats_aggregatevalue", "stats_priorvalue", "stats_observation", "stats_importbatch")


def setup() -> list[str]:
    """Reference geography and 100 monthly indicators; returns the subdistrict codes."""
    if not Area.objects.filter(level=AreaLevel.SUBDISTRICT).exists():
        load_reference()
    for i in range(100):
        Indicator.objects.get_or_create(
            code=f"B{i:03d}",
            defaults={
                "name_th": f"ตัวชี้วัดทดสอบ {i}",
                "frequency": "month",
                "aggregation": "mean" if i % 10 == 9 else "sum",
                "min_area_level": AreaLevel.SUBDISTRICT,
            },
        )
    return list(
        Area.objects.filter(level=AreaLevel.SUBDISTRICT)
        .order_by("code")
        .values_list("code", flat=True)
    )


def rows(
    subdistricts: list[str], indicators: Iterator[tuple[str, list[str]]]
) -> Iterator[tuple[str, str, str, str]]:
    """Long rows (indicator, area, period, value); the values are fixed by the key, so a file
    written twice is the same file."""
    for code, months in indicators:
        for n, area in enumerate(subdistricts):
            for m, month in enumerate(months):
                yield code, area, month, str((n * 7919 + m * 104_729 + len(code)) % 100_000 / 10)


def write_csv(
    path: Path, data: Iterator[tuple[str, str, str, str]], limit: int | None = None
) -> int:
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "area", "period", "value"])
        for row in data:
            if limit is not None and count >= limit:
                break
            writer.writerow(row)
            count += 1
    return count


def data_files(folder: Path, subdistricts: list[str]) -> tuple[Path, Path, int]:
    """The 1-million-row file and the full file (written once, reused when present)."""
    one_m = folder / "one-million.csv"
    if not one_m.exists():
        first = [("B000", MONTHS_10Y), ("B001", MONTHS_2025), ("B002", MONTHS_2025)]
        write_csv(one_m, rows(subdistricts, iter(first)), ONE_MILLION)
    nine = folder / "nine-million.csv"
    if not nine.exists():
        every = [("B000", MONTHS_10Y)] + [(f"B{i:03d}", MONTHS_2025) for i in range(1, 100)]
        write_csv(nine, rows(subdistricts, iter(every)))
    with open(nine, "rb") as handle:
        total = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1
    return one_m, nine, total


def clear(tables: tuple[str, ...] = BULK_TABLES) -> None:
    """Empty the bulk tables in SQL (the ORM would first read every row into memory)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            cursor.execute("PRAGMA secure_delete")
            secure = cursor.fetchone()[0]
            cursor.execute("PRAGMA secure_delete = OFF")
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute(f"PRAGMA secure_delete = {secure}")


def _bare_insert(path: Path) -> float:
    """The floor: the same rows, already resolved, inserted with one executemany."""
    ind = dict(Indicator.objects.values_list("code", "pk"))
    area = dict(Area.objects.values_list("code", "pk"))
    with open(path, encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        resolved = [(ind[i], area[a], p, f"{p}-01", "", float(v), "F") for i, a, p, v in reader]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO stats_observation (indicator_id, area_id, period, start, "
            "disaggregation, value, status) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            resolved,
        )
    return time.perf_counter() - started


def best(runs: int, before: Callable[[], None], measure: Callable[[], float]) -> float:
    """The shortest of ``runs`` runs of ``measure``, each after ``before``."""
    times = []
    for _ in range(runs):
        before()
        times.append(measure())
    return min(times)


def _load(path: Path, expected: int, once: bool) -> float:
    """Load ``path``; ``once``: whether its foreign keys must be checked once per referenced row
    (``stats/keychecks.py``) or by PostgreSQL's per-row triggers."""
    result = load_file(path, refresh=False)
    assert result.added == expected, (result.added, expected)
    assert result.keys_checked_once == once, "the load did not take the way measured"
    return result.seconds


def _per_row_load(heavy: int, path: Path) -> Result:
    """The same load by a role without the privilege that lets a load check keys once."""
    with mock.patch.object(keychecks, "may_check_once", return_value=False):
        seconds = best(heavy, clear, lambda: _load(path, ONE_MILLION, once=False))
    return Result(
        "the same load by a role without SET on session_replication_role",
        seconds,
        "-",
        0.0,
        1e9,
        "foreign keys checked by PostgreSQL's per-row triggers",
    )


def _child_load(path: Path) -> tuple[float, float]:
    """Load ``path`` in a fresh process: (seconds, peak resident memory in MiB)."""
    child = subprocess.run(
        [sys.executable, "-m", "bench.load_child", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    )
    seconds, peak_mib = (float(x) for x in child.stdout.split())
    return seconds, peak_mib


def _group_by_pass() -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.indicator_id, a.parent_id, o.period, SUM(o.value) FROM stats_observation o "
            "JOIN geo_area a ON a.id = o.area_id GROUP BY o.indicator_id, a.parent_id, o.period"
        )
        cursor.fetchall()
    return time.perf_counter() - started


def run(repeat: int, heavy: int, folder: Path, parts: list[str]) -> list[Result]:
    subdistricts = setup()
    one_m, nine, total = data_files(folder, subdistricts)
    results: list[Result] = []
    if "load" in parts:
        postgres = connection.vendor == "postgresql"
        loads = best(heavy, clear, lambda: _load(one_m, ONE_MILLION, once=postgres))
        floor = best(heavy, clear, lambda: _bare_insert(one_m))
        results.append(
            Result(
                "load 1,000,000 observations from CSV, validated",
                loads,
                "bare executemany INSERT of the same rows, pre-resolved",
                floor,
                10.0,
            )
        )
        if postgres:
            results.append(_per_row_load(heavy, one_m))
    if "memory" in parts:
        # The full set, loaded by a child process so that its peak memory is its own.
        runs = []
        for _ in range(heavy):
            clear()
            runs.append(_child_load(nine))
        seconds = min(s for s, _p in runs)
        worst = max(p for _s, p in runs)
        results.append(
            Result(
                f"load {total:,} observations (peak memory)",
                seconds,
                "-",
                0.0,
                1e9,
                f"peak RSS of the loading process {worst:.0f} MiB (target ≤ 1024 MiB)"
                + (" ✓" if worst <= 1024 else " ✗"),
            )
        )
    elif not _full_set_loaded(total) and {"refresh", "api"} & set(parts):
        clear()
        _child_load(nine)
    if "refresh" in parts:
        written = [0]

        def full_refresh() -> float:
            started = time.perf_counter()
            written[0] = refresh()
            return time.perf_counter() - started

        refresh_s = best(heavy, lambda: clear(("stats_aggregatevalue",)), full_refresh)
        floor_s = best(heavy, lambda: None, _group_by_pass)
        again = full_refresh()  # replacing every aggregate row it wrote
        results.append(
            Result(
                f"refresh all roll-ups of {total:,} observations",
                refresh_s,
                "one GROUP BY pass (subdistrict → district sums)",
                floor_s,
                60.0,
                f"{written[0]:,} aggregate rows; run again over them (replacing): "
                f"{again * 1000:,.0f} ms",
            )
        )
    if "api" in parts:
        results.append(_api(repeat))
    return results


def _full_set_loaded(total: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM stats_observation")
        return bool(cursor.fetchone()[0] == total)


def _api(repeat: int) -> Result:
    if not AggregateValue.objects.exists():
        refresh()
    client = Client()
    url = "/api/aggregates?indicator=B000&level=province&period_type=year&limit=1000"
    times = []
    for _ in range(max(repeat, 5)):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
        assert response.json()["count"] == 770, response.content[:200]
    provinces = list(Area.objects.filter(level=AreaLevel.PROVINCE).values_list("pk", flat=True))
    b000 = Indicator.objects.get(code="B000").pk
    years = [str(y) for y in range(2016, 2026)]
    started = time.perf_counter()
    for _ in range(max(repeat, 5)):
        list(
            AggregateValue.objects.filter(
                indicator_id=b000, area_id__in=provinces, period__in=years
            ).values("value")
        )
    base = (time.perf_counter() - started) / max(repeat, 5)
    return Result(
        "API: one indicator, 77 provinces, 10 years",
        statistics.median(times),
        "the same 770 values by one indexed ORM query, no serialising",
        base,
        0.05,
    )

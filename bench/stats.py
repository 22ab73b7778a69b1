"""Observation loads and roll-ups at national scale (issue: indicators and observations).

Data: every subdistrict (7,436) of the reference geography. ``B000`` has 10 years of monthly
values (892,320 rows); ``B001``..``B099`` have the 12 months of 2025 (99 × 89,232 rows). The
1-million-row file is B000, B001 and the first 18,448 rows of B002; the full set is ~9.7 million.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.db import connection, transaction
from django.test import Client

from bench.plans import Result
from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.reference import load_reference
from oneplan.geo.models import Area
from oneplan.stats.aggregates import refresh
from oneplan.stats.loading import load_file
from oneplan.stats.models import AggregateValue, ImportBatch, Indicator, Observation

MONTHS_2025 = [f"2025-{m:02d}" for m in range(1, 13)]
MONTHS_10Y = [f"{y}-{m:02d}" for y in range(2016, 2026) for m in range(1, 13)]
ONE_MILLION = 1_000_000


def setup() -> list[str]:
    """Reference geography and 100 monthly indicators; returns the subdistrict codes."""
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
    for code, months in indicators:
        for area in subdistricts:
            for month in months:
                yield code, area, month, str((hash((code, area, month)) % 100_000) / 10)


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


def _clear() -> None:
    with transaction.atomic():
        AggregateValue.objects.all().delete()
        Observation.objects.all().delete()
        ImportBatch.objects.all().delete()


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


def run(repeat: int, scratch: Path) -> list[Result]:
    subdistricts = setup()
    one_m = scratch / "one-million.csv"
    write_csv(
        one_m,
        rows(
            subdistricts, iter([("B000", MONTHS_10Y), ("B001", MONTHS_2025), ("B002", MONTHS_2025)])
        ),
        ONE_MILLION,
    )
    heavy = min(repeat, 3)
    loads, floors = [], []
    for _ in range(heavy):
        _clear()
        result = load_file(one_m, refresh=False)
        assert result.added == ONE_MILLION, result.added
        loads.append(result.seconds)
        _clear()
        floors.append(_bare_insert(one_m))
    results = [
        Result(
            "load 1,000,000 observations from CSV, validated",
            statistics.median(loads),
            "bare executemany INSERT of the same rows, pre-resolved",
            statistics.median(floors),
            10.0,
        ),
    ]
    # The full set, loaded by a child process so its peak memory is its own.
    _clear()
    nine = scratch / "nine-million.csv"
    total = write_csv(
        nine,
        rows(
            subdistricts,
            iter([("B000", MONTHS_10Y)] + [(f"B{i:03d}", MONTHS_2025) for i in range(1, 100)]),
        ),
    )
    child = subprocess.run(
        [sys.executable, "-m", "bench.load_child", str(nine)],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    )
    seconds, peak_mib = (float(x) for x in child.stdout.split())
    results.append(
        Result(
            f"load {total:,} observations (peak memory)",
            seconds,
            "-",
            0.0,
            1e9,
            f"peak RSS of the loading process {peak_mib:.0f} MiB (target ≤ 1024 MiB)"
            + (" ✓" if peak_mib <= 1024 else " ✗"),
        )
    )
    started = time.perf_counter()
    written = refresh()
    refresh_s = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.indicator_id, a.parent_id, o.period, SUM(o.value) FROM stats_observation o "
            "JOIN geo_area a ON a.id = o.area_id GROUP BY o.indicator_id, a.parent_id, o.period"
        )
        cursor.fetchall()
    floor_s = time.perf_counter() - started
    results.append(
        Result(
            f"refresh all roll-ups of {total:,} observations",
            refresh_s,
            "one GROUP BY pass (subdistrict → district sums)",
            floor_s,
            60.0,
            f"{written:,} aggregate rows",
        )
    )
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
    results.append(
        Result(
            "API: one indicator, 77 provinces, 10 years",
            statistics.median(times),
            "the same 770 values by one indexed ORM query, no serialising",
            base,
            0.05,
        )
    )
    return results

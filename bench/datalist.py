"""One province's data list: 500 requirements over a million observations (with their
roll-ups), against the floor of one query for each indicator's latest value in the area."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from django.db.models import Max

from bench.plans import Result
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency
from oneplan.stats.loading import load_file
from oneplan.stats.models import AggregateValue, Dataset, DatasetIndicator, Indicator
from oneplan.valuechains.datalist import data_list
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain

REQUIREMENTS = 500
PROVIDED = 400  # the rest have no dataset
MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024, 2025) for m in range(1, 13)]


def _setup(province: Area, folder: Path) -> int:
    """Indicators, datasets, a chain whose factors need them, and their values; returns the
    number of observations loaded."""
    owner, _ = Agency.objects.get_or_create(
        code="BENCH-NSO",
        defaults={"kind": AgencyKind.PROVINCIAL_OFFICE, "name_th": "สำนักงานสถิติ", "area": province},
    )
    indicators = [
        Indicator.objects.get_or_create(
            code=f"DL{i:03d}",
            defaults={
                "name_th": f"ข้อมูลที่ต้องการ {i}",
                "frequency": "month",
                "min_area_level": AreaLevel.SUBDISTRICT,
            },
        )[0]
        for i in range(REQUIREMENTS)
    ]
    dataset, _ = Dataset.objects.get_or_create(
        code="bench-datalist", defaults={"name_th": "ชุดข้อมูลทดสอบ", "owner": owner}
    )
    for ind in indicators[:PROVIDED]:
        DatasetIndicator.objects.get_or_create(
            dataset=dataset,
            indicator=ind,
            defaults={"frequency": "month", "min_area_level": AreaLevel.SUBDISTRICT},
        )
    chain, _ = ValueChain.objects.get_or_create(
        code="bench-chain", defaults={"name_th": "ห่วงโซ่ทดสอบ", "area": province}
    )
    factors = []
    for s in range(5):
        stage, _ = Stage.objects.get_or_create(chain=chain, position=s, name_th=f"ขั้น {s}")
        for f in range(10):
            factors.append(
                SuccessFactor.objects.get_or_create(stage=stage, position=f, name_th=f"ปัจจัย {f}")[0]
            )
    Requirement.objects.filter(area=province).delete()
    Requirement.objects.bulk_create(
        Requirement(area=province, indicator=ind, factor=factors[i % len(factors)])
        for i, ind in enumerate(indicators)
    )
    subdistricts = list(
        Area.objects.filter(level=AreaLevel.SUBDISTRICT, code__startswith=province.code)
        .order_by("code")
        .values_list("code", flat=True)
    )
    per_indicator = len(subdistricts) * len(MONTHS)
    count = 0
    path = folder / "datalist.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("indicator,area,period,value\n")
        for ind in indicators[:PROVIDED]:
            if count + per_indicator > 1_000_000:
                break
            for code in subdistricts:
                for month in MONTHS:
                    out.write(f"{ind.code},{code},{month},1\n")
            count += per_indicator
    result = load_file(path)  # refreshes the roll-ups of what it loaded
    assert result.written, result.problems[:3]
    return count


def run(repeat: int = 5) -> list[Result]:
    province = Area.objects.get(code="12", level=AreaLevel.PROVINCE)
    with tempfile.TemporaryDirectory() as folder:
        loaded = _setup(province, Path(folder))
    times = []
    for _ in range(max(repeat, 5)):
        started = time.perf_counter()
        rows = data_list(province)
        times.append(time.perf_counter() - started)
    assert len(rows) == REQUIREMENTS, len(rows)
    ids = [r.indicator.pk for r in rows]
    floors = []
    for _ in range(max(repeat, 5)):
        started = time.perf_counter()
        list(
            AggregateValue.objects.filter(area=province, indicator_id__in=ids)
            .values("indicator_id")
            .annotate(latest=Max("start"))
        )
        floors.append(time.perf_counter() - started)
    statuses = {s: sum(r.status == s for r in rows) for s in {r.status for r in rows}}
    return [
        Result(
            f"data list: {REQUIREMENTS} requirements, {loaded:,} observations",
            statistics.median(times),
            "each indicator's latest roll-up in the area, one GROUP BY",
            statistics.median(floors),
            1.0,
            ", ".join(f"{n} {s.value}" for s, n in sorted(statuses.items())),
        )
    ]

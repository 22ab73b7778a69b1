"""Fixtures shared by the data-list, gap and API tests: a Nonthaburi plan and chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oneplan.orgs.models import Agency
from oneplan.plans.choices import EditionStatus, ElementKind
from oneplan.plans.tests.factories import element, indicator, plan_edition, plan_indicator
from oneplan.stats.loading import load_file
from oneplan.stats.models import Dataset, DatasetIndicator, Indicator
from oneplan.stats.tests.factories import write_csv
from oneplan.testing.cast import Cast
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain


def provide(code: str, frequency: str = "year", level: str = "province", owner: str = "NSO-12"):
    dataset = Dataset.objects.create(
        code=f"ds-{code.lower()}",
        name_th=f"ชุดข้อมูล {code}",
        owner=Agency.objects.get(code=owner) if owner else None,
    )
    DatasetIndicator.objects.create(
        dataset=dataset,
        indicator=Indicator.objects.get(code=code),
        frequency=frequency,
        min_area_level=level,
    )
    return dataset


@pytest.fixture
def nonthaburi(cast: Cast, tmp_path: Path) -> dict[str, Any]:
    """A published plan for 12: a headline KPI with a target, two issue KPIs; a durian chain
    whose success factor needs one more indicator."""
    edition = plan_edition("12", status=EditionStatus.DRAFT)
    vision = element(edition, ElementKind.VISION, "นนทบุรีเมืองน่าอยู่")
    issue = element(edition, ElementKind.ISSUE, "เศรษฐกิจพอเพียง", parent=vision)
    plan_indicator(vision, "GPP", targets={2026: 100})
    plan_indicator(issue, "DURIAN-AREA", lead="DOAE-12")
    plan_indicator(issue, "TRADE", outside_authority=True)
    edition.status = EditionStatus.PUBLISHED
    edition.save()
    indicator("DURIAN-YIELD")
    for code in ("GPP", "DURIAN-AREA", "TRADE", "DURIAN-YIELD"):
        Indicator.objects.filter(code=code).update(frequency="year", min_area_level="province")
    chain = ValueChain.objects.create(
        code="durian-12", name_th="ทุเรียนนนท์", area=cast.nonthaburi, element=issue
    )
    stage = Stage.objects.create(chain=chain, position=1, name_th="ต้นน้ำ")
    factor = SuccessFactor.objects.create(stage=stage, position=1, name_th="พันธุ์ดี")
    Requirement.objects.create(
        area=cast.nonthaburi,
        indicator=Indicator.objects.get(code="DURIAN-YIELD"),
        factor=factor,
        area_level="district",
    )
    return {"edition": edition, "issue": issue, "factor": factor, "tmp": tmp_path}


def load(tmp: Path, code: str, area: str, period: str, value: float) -> None:
    path = write_csv(
        tmp,
        f"{code}-{period}.csv",
        [["indicator", "area", "period", "value"], [code, area, period, value]],
    )
    result = load_file(path)
    assert result.written, result.problems

"""Small builders for value-chain page and library tests, on top of the ``cast`` fixture.

Rows are written straight to the database (no permission checks), so tests can set up any
chain, then exercise pages and functions with the cast's users.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.plans.choices import EditionStatus, ElementKind
from oneplan.plans.models import PlanElement
from oneplan.plans.tests import factories as plans
from oneplan.stats.loading import load_file
from oneplan.stats.models import Dataset, DatasetIndicator, Indicator
from oneplan.stats.tests.factories import write_csv
from oneplan.valuechains.models import Requirement, Stage, SuccessFactor, ValueChain

# stage name -> {factor name -> indicator codes}
Layout = Mapping[str, Mapping[str, Iterable[str]]]
DURIAN: Layout = {
    "ต้นน้ำ": {"พันธุ์ดีและพื้นที่ปลูก": ["DURIAN-AREA"], "ระบบน้ำ": []},
    "กลางน้ำ": {"การแปรรูป": ["AGVAL"]},
    "ปลายน้ำ": {"ตลาดพรีเมียม": ["TRADE", "DURIAN-AREA"]},
}


def indicator(code: str) -> Indicator:
    return Indicator.objects.get_or_create(
        code=code,
        defaults={"name_th": f"ตัวชี้วัด {code}", "frequency": "year", "min_area_level": "province"},
    )[0]


def chain(
    code: str = "VC-12-DURIAN",
    area: Area | None = None,
    layout: Layout = DURIAN,
    element: PlanElement | None = None,
    name_th: str = "ห่วงโซ่คุณค่าทุเรียน",
) -> ValueChain:
    """A chain of ``area`` (a template when None) with ``layout``'s stages, factors and needs."""
    made = ValueChain.objects.create(
        code=code, name_th=name_th, area=area, element=element, is_template=area is None
    )
    for s, (stage_name, factors) in enumerate(layout.items(), start=1):
        stage = Stage.objects.create(chain=made, position=s, name_th=stage_name)
        for f, (factor_name, codes) in enumerate(factors.items(), start=1):
            factor = SuccessFactor.objects.create(stage=stage, position=f, name_th=factor_name)
            for c in codes:
                Requirement.objects.create(area=area, indicator=indicator(c), factor=factor)
    return made


def issue(area_code: str = "12", name_th: str = "เศรษฐกิจพอเพียง") -> PlanElement:
    """A strategic issue of a published development plan of ``area_code``."""
    edition = plans.plan_edition(area_code, status=EditionStatus.DRAFT)
    made = plans.element(edition, ElementKind.ISSUE, name_th)
    edition.status = EditionStatus.PUBLISHED
    edition.save()
    return made


def provide(tmp: Path, code: str, area: str = "12", period: str = "2025", value: float = 1) -> None:
    """A dataset owned by NSO-12 providing ``code`` yearly down to provinces, and one value."""
    dataset = Dataset.objects.create(
        code=f"ds-{code.lower()}",
        name_th=f"ชุดข้อมูล {code}",
        owner=Agency.objects.get(code="NSO-12"),
    )
    DatasetIndicator.objects.create(
        dataset=dataset, indicator=indicator(code), frequency="year", min_area_level="province"
    )
    path = write_csv(
        tmp,
        f"{code}.csv",
        [["indicator", "area", "period", "value"], [code, area, period, value]],
    )
    assert load_file(path).written


def stage_names(made: ValueChain) -> list[str]:
    return list(made.stages.order_by("position").values_list("name_th", flat=True))


def factor_names(stage: Stage) -> list[str]:
    return list(stage.factors.order_by("position").values_list("name_th", flat=True))

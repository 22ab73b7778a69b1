"""Generators of national-scale data for benchmarks (never used by the application)."""

from __future__ import annotations

import random
from decimal import Decimal

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.orgs.choices import AgencyKind
from oneplan.orgs.models import Agency
from oneplan.plans.models import (
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
    PlanIndicator,
    PlanType,
    Target,
)
from oneplan.plans.tree import renumber
from oneplan.stats.models import Indicator


def big_plan(issues: int = 20, goals: int = 9, approaches: int = 10, seed: int = 1) -> PlanEdition:
    """A provincial plan of ``issues × (1 + goals × (1 + approaches))`` elements (2,000 by
    default), one indicator on each element and targets for 2 areas × 5 fiscal years
    (20,000 by default)."""
    rng = random.Random(seed)
    country, _ = Area.objects.get_or_create(
        code="TH", defaults={"level": AreaLevel.COUNTRY, "name_th": "ประเทศไทย"}
    )
    province, _ = Area.objects.get_or_create(
        code="12", defaults={"level": AreaLevel.PROVINCE, "name_th": "นนทบุรี", "parent": country}
    )
    district, _ = Area.objects.get_or_create(
        code="1201",
        defaults={"level": AreaLevel.DISTRICT, "name_th": "เมืองนนทบุรี", "parent": province},
    )
    office, _ = Agency.objects.get_or_create(
        code="PO-12",
        defaults={
            "kind": AgencyKind.PROVINCIAL_OFFICE,
            "name_th": "สำนักงานจังหวัดนนทบุรี",
            "area": province,
        },
    )
    plan_type, _ = PlanType.objects.get_or_create(
        code="PROVINCE",
        defaults={
            "name_th": "แผนพัฒนาจังหวัด",
            "level": "province",
            "element_kinds": ["vision", "issue", "goal", "approach"],
        },
    )
    plan = Plan.objects.create(
        code=f"BENCH-{Plan.objects.count() + 1}",
        plan_type=plan_type,
        area=province,
        owner=office,
        name_th="แผนพัฒนาจังหวัดเพื่อการวัดสมรรถนะ",
        first_year=2023,
        last_year=2027,
    )
    edition = PlanEdition.objects.create(plan=plan, number=1)
    words = ["พัฒนา", "ส่งเสริม", "ยกระดับ", "เกษตร", "ท่องเที่ยว", "การค้า", "ชุมชน", "คุณภาพชีวิต"]

    def name(kind: str, *path: int) -> str:
        return f"{kind} {'.'.join(map(str, path))} " + " ".join(rng.sample(words, 4))

    top = PlanElement.objects.bulk_create(
        [
            PlanElement(edition=edition, kind="issue", position=i, name_th=name("ประเด็น", i))
            for i in range(1, issues + 1)
        ]
    )
    middle = PlanElement.objects.bulk_create(
        [
            PlanElement(
                edition=edition,
                parent=t,
                kind="goal",
                position=g,
                name_th=name("เป้าประสงค์", t.position, g),
            )
            for t in top
            for g in range(1, goals + 1)
        ]
    )
    leaves = PlanElement.objects.bulk_create(
        [
            PlanElement(
                edition=edition,
                parent=m,
                kind="approach",
                position=a,
                name_th=name("แนวทาง", m.position, a),
            )
            for m in middle
            for a in range(1, approaches + 1)
        ],
        batch_size=2000,
    )
    renumber(edition)
    elements = [*top, *middle, *leaves]
    Through = PlanElement.agencies.through
    Through.objects.bulk_create(
        [Through(planelement_id=e.pk, agency_id=office.pk) for e in elements]
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(code=f"B-{plan.pk}-{i}", name_th=f"ตัวชี้วัด {i}", unit="ร้อยละ")
            for i in range(len(elements))
        ],
        batch_size=2000,
    )
    pis = PlanIndicator.objects.bulk_create(
        [
            PlanIndicator(
                element=e,
                indicator=ind,
                position=1,
                baseline_year=2022,
                baseline_value=Decimal(rng.randint(1, 900)),
                data_source="สำนักงานสถิติจังหวัด",
            )
            for e, ind in zip(elements, indicators, strict=True)
        ],
        batch_size=2000,
    )
    IndicatorAgency.objects.bulk_create(
        [IndicatorAgency(plan_indicator=pi, agency=office, lead=True) for pi in pis],
        batch_size=2000,
    )
    Target.objects.bulk_create(
        [
            Target(
                plan_indicator=pi,
                area=area,
                fiscal_year=year,
                value=Decimal(rng.randint(100, 99999)) / 100,
            )
            for pi in pis
            for area in (province, district)
            for year in plan.fiscal_years
        ],
        batch_size=5000,
    )
    return edition

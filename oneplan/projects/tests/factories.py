"""Small builders for project tests, on top of the ``cast`` fixture.

Rows are written straight to the database (no permission checks), so a test can put a
request in any state and then exercise the function under test with the cast's users.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.plans.models import PlanElement
from oneplan.plans.tests.factories import area
from oneplan.projects.choices import FundingSource
from oneplan.projects.models import FundingLine, Project, ProjectList

YEAR = 2026  # CE fiscal year of the requests built here (ปีงบประมาณ 2569)


def subdistrict(code: str = "120101", name: str = "สวนใหญ่") -> Area:
    return area(code, AreaLevel.SUBDISTRICT, code[:4], name)


def project(
    title: str = "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3 ตำบลสวนใหญ่",
    *,
    area_code: str = "12",
    year: int = YEAR,
    state: str = "draft",
    agency: str | None = "DOAE-12",
    amount: float | None = 1_000_000,
    source: str = FundingSource.PROVINCE,
    budget_holder: str | None = None,
    locations: tuple[Area, ...] | None = None,
    serves: tuple[PlanElement, ...] = (),
    **fields: Any,
) -> Project:
    """A request of ``area_code`` with one funding line of ``amount`` from ``source``."""
    p = Project.objects.create(
        name_th=title,
        fiscal_year=year,
        area=Area.objects.get(code=area_code),
        state=state,
        agency=Agency.objects.get(code=agency) if agency else None,
        **fields,
    )
    p.locations.set(locations if locations is not None else [subdistrict()])
    if serves:
        p.elements.set(serves)
    if amount is not None:
        fund(p, amount, source=source, budget_holder=budget_holder, year=year)
    return p


def fund(
    p: Project,
    amount: float,
    *,
    source: str = FundingSource.PROVINCE,
    budget_holder: str | None = None,
    year: int | None = None,
) -> FundingLine:
    return FundingLine.objects.create(
        project=p,
        source=source,
        agency=Agency.objects.get(code=budget_holder) if budget_holder else None,
        fiscal_year=year or p.fiscal_year,
        amount_requested=Decimal(str(amount)),
    )


def project_list(area_code: str = "12", ceiling: float = 2_500_000, **fields: Any) -> ProjectList:
    return ProjectList.objects.create(
        area=Area.objects.get(code=area_code),
        fiscal_year=fields.pop("fiscal_year", YEAR),
        ceiling=Decimal(str(ceiling)),
        **fields,
    )

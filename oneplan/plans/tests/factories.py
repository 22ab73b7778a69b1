"""Small builders for plan tests, on top of the ``cast`` fixture's areas, agencies and users.

Everything is written straight to the database (no permission checks), so tests can set up
any state, then exercise the functions under test with the cast's users.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership
from oneplan.orgs.models import Agency
from oneplan.plans import tree
from oneplan.plans.choices import EditionStatus, ElementKind, PlanLevel
from oneplan.plans.models import (
    Alignment,
    IndicatorAgency,
    Plan,
    PlanEdition,
    PlanElement,
    PlanIndicator,
    PlanType,
    Target,
)
from oneplan.stats.models import Indicator

FIRST_YEAR, LAST_YEAR = 2023, 2027  # CE fiscal years of the plans built here
K = ElementKind
PROVINCE_KINDS = [K.VISION, K.ISSUE, K.GOAL, K.APPROACH, K.PROGRAMME, K.PROJECT]


def area(code: str, level: str, parent_code: str | None, name_th: str = "") -> Area:
    """The area ``code``, created under ``parent_code`` unless it exists already."""
    parent = Area.objects.get(code=parent_code) if parent_code else None
    return Area.objects.get_or_create(
        code=code, defaults={"level": level, "name_th": name_th or code, "parent": parent}
    )[0]


def village_areas() -> dict[str, Area]:
    """Subdistrict 540104 and village 54010403 in Mueang Phrae (5401), and the local
    government L540104 whose parent is the district."""
    return {
        "subdistrict": area("540104", AreaLevel.SUBDISTRICT, "5401", "ป่าแมต"),
        "village": area("54010403", AreaLevel.VILLAGE, "540104", "บ้านทดสอบ"),
        "local": area("L540104", AreaLevel.LOCAL_GOVERNMENT, "5401", "อบต. ทดสอบ"),
    }


def province_group(code: str = "GT12", *members: str) -> Area:
    """A province group holding ``members`` (province codes; Nonthaburi by default)."""
    group = area(code, AreaLevel.PROVINCE_GROUP, "TH", "กลุ่มจังหวัดทดสอบ")
    for member in members or ("12",):
        AreaMembership.objects.get_or_create(
            member=Area.objects.get(code=member), container=group, valid_from=dt.date(2017, 1, 1)
        )
    return group


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def plan_type(
    code: str = "PDP",
    *,
    level: str = PlanLevel.PROVINCE,
    kinds: Iterable[str] = PROVINCE_KINDS,
    **extra: Any,
) -> PlanType:
    """A plan type made for the test (``extra``: is_framework, is_action_plan, ...)."""
    return PlanType.objects.get_or_create(
        code=code,
        defaults={"name_th": f"แผนทดสอบ {code}", "level": level, "element_kinds": list(kinds)}
        | extra,
    )[0]


def plan(
    area_code: str = "12",
    *,
    code: str | None = None,
    kind: PlanType | None = None,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    owner: str | None = None,
) -> Plan:
    """A plan of ``kind`` (a provincial development plan by default) for ``area_code``."""
    kind = kind or plan_type()
    return Plan.objects.create(
        code=code or f"{kind.code}-{area_code}-{first_year}",
        name_th=f"แผน {kind.code} {area_code}",
        plan_type=kind,
        area=Area.objects.get(code=area_code),
        owner=agency(owner) if owner else None,
        first_year=first_year,
        last_year=last_year,
    )


def edition(
    the_plan: Plan, *, status: str = EditionStatus.DRAFT, number: int | None = None
) -> PlanEdition:
    if number is None:
        latest = the_plan.latest_edition()
        number = latest.number + 1 if latest else 1
    return PlanEdition.objects.create(plan=the_plan, number=number, status=status)


def plan_edition(
    area_code: str = "12", *, status: str = EditionStatus.DRAFT, **kw: Any
) -> PlanEdition:
    """A plan for ``area_code`` with its first edition in ``status``."""
    return edition(plan(area_code, **kw), status=status)


def element(
    the_edition: PlanEdition,
    kind: str,
    name_th: str,
    parent: PlanElement | None = None,
    agencies: Iterable[str] = (),
) -> PlanElement:
    """Append an element under ``parent`` and renumber the edition."""
    last = the_edition.elements.filter(parent=parent).order_by("-position").first()
    created = PlanElement.objects.create(
        edition=the_edition,
        parent=parent,
        kind=kind,
        name_th=name_th,
        position=(last.position if last else 0) + 1,
    )
    created.agencies.set([agency(code) for code in agencies])
    tree.renumber(the_edition)
    created.refresh_from_db()
    return created


def indicator(code: str = "IND-1", name_th: str = "") -> Indicator:
    return Indicator.objects.get_or_create(code=code, defaults={"name_th": name_th or code})[0]


def plan_indicator(
    on: PlanElement,
    code: str = "IND-1",
    *,
    lead: str | None = None,
    agencies: Iterable[str] = (),
    data_source: str = "",
    outside_authority: bool = False,
    targets: Mapping[int, Any] | None = None,
    target_area: str | None = None,
) -> PlanIndicator:
    """Attach indicator ``code`` to ``on`` with its responsible agencies and targets
    ``{CE year: value}`` in ``target_area`` (the plan's area by default)."""
    pi = PlanIndicator.objects.create(
        element=on,
        indicator=indicator(code),
        position=on.indicators.count() + 1,
        data_source=data_source,
        outside_authority=outside_authority,
    )
    if lead:
        IndicatorAgency.objects.create(plan_indicator=pi, agency=agency(lead), lead=True)
    for code_ in agencies:
        IndicatorAgency.objects.create(plan_indicator=pi, agency=agency(code_), lead=False)
    where = Area.objects.get(code=target_area) if target_area else on.edition.plan.area
    for year, value in (targets or {}).items():
        Target.objects.create(plan_indicator=pi, area=where, fiscal_year=year, value=Decimal(value))
    return pi


def link(source: PlanElement, target: PlanElement, note: str = "") -> Alignment:
    return Alignment.objects.create(source=source, target=target, note=note)


def shape(the_edition: PlanEdition) -> list[tuple[int, str, str]]:
    """The edition's tree in reading order as (depth, number, name)."""
    return [(r.depth, r.element.number, r.element.name_th) for r in tree.flat_tree(the_edition)]

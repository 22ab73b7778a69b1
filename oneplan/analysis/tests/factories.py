"""Small builders for analysis tests, on top of the ``cast`` fixture.

The world is the province group of Nonthaburi as the reference geography has it (G10:
Nonthaburi 12, Pathum Thani 13, Ayutthaya 14, Saraburi 19, in the Central region R-C, since
1 January 2017). ``world()`` creates what is missing and reuses what exists, so a test gives
the same answers whether or not the full reference geography was loaded earlier in the run.

Values by sector are written straight as ``Observation`` rows ("SECTOR=A", period "2021");
``refresh`` rolls them up into the group, the region and the country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from oneplan.analysis import editing
from oneplan.analysis.choices import SECTOR_SET
from oneplan.analysis.models import Analysis
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership
from oneplan.lib.thaidate import Period
from oneplan.permissions import UserLike
from oneplan.stats import aggregates
from oneplan.stats.models import CategorySet, Indicator, Observation
from oneplan.valuechains.models import Stage, SuccessFactor, ValueChain

GROUPS_FROM = dt.date(2017, 1, 1)  # the 2017 province groups (geo/data/groups_2017.json)
GROUP_PROVINCES = {
    "12": "นนทบุรี",
    "13": "ปทุมธานี",
    "14": "พระนครศรีอยุธยา",
    "19": "สระบุรี",
}


@dataclass
class World:
    country: Area
    region: Area
    group: Area
    provinces: dict[str, Area]

    def __getitem__(self, code: str) -> Area:
        return self.provinces[code]


def _area(code: str, level: str, name_th: str, parent: Area | None) -> Area:
    return Area.objects.get_or_create(
        code=code, defaults={"level": level, "name_th": name_th, "parent": parent}
    )[0]


def _join(member: Area, container: Area) -> None:
    AreaMembership.objects.get_or_create(member=member, container=container, valid_from=GROUPS_FROM)


def world() -> World:
    """The country, region R-C, group G10 and its four provinces, with their memberships."""
    country = _area("TH", AreaLevel.COUNTRY, "ประเทศไทย", None)
    region = _area("R-C", AreaLevel.REGION, "ภาคกลาง", None)
    group = _area("G10", AreaLevel.PROVINCE_GROUP, "กลุ่มจังหวัดภาคกลางตอนบน 1", None)
    _join(group, region)
    provinces = {}
    for code, name in GROUP_PROVINCES.items():
        provinces[code] = _area(code, AreaLevel.PROVINCE, name, country)
        _join(provinces[code], group)
    return World(country, region, group, provinces)


def gpp() -> Indicator:
    """GPP at current prices (made by the analysis app's data migration)."""
    return Indicator.objects.get(code="GPP")


def employment() -> Indicator:
    return Indicator.objects.get(code="EMP")


def sectors() -> CategorySet:
    """The 19 NESDC sectors A-S (made by the data migration)."""
    return CategorySet.objects.get(code=SECTOR_SET)


def put(
    indicator: Indicator, area: Area | str, period: str, values: Mapping[str, float]
) -> list[Observation]:
    """One observation per sector of ``values`` ({"A": 100, ...}) for ``area`` and ``period``."""
    where = area if isinstance(area, Area) else Area.objects.get(code=area)
    start = Period.parse(period).start
    return Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area=where,
            period=period,
            start=start,
            disaggregation=f"{SECTOR_SET}={code}",
            value=value,
        )
        for code, value in values.items()
    )


def put_years(
    indicator: Indicator, area: Area | str, by_year: Mapping[int, Mapping[str, float]]
) -> None:
    """Calendar-year values by sector: ``{2019: {"A": 100, ...}, 2020: {...}}``."""
    for year, values in by_year.items():
        put(indicator, area, str(year), values)


def refresh(*indicators: Indicator) -> None:
    """Roll the indicators' observations up into groups, regions and the country."""
    aggregates.refresh([i.pk for i in indicators])


def champion(
    user: UserLike,
    *,
    area: str = "12",
    reference: str = "G10",
    start: str = "2562",
    end: str = "2564",
    candidates: Iterable[str] = ("A", "C", "G"),
    **extra: Any,
) -> Analysis:
    """A Product Champion analysis of GPP by sector through ``editing.create_champion`` (years
    in BE, as the pages take them)."""
    data = {
        "name_th": "สินค้าเด่นนนทบุรี",
        "area": area,
        "reference": reference,
        "indicator": "GPP",
        "category_set": SECTOR_SET,
        "start_year": start,
        "end_year": end,
        "candidates": list(candidates),
        **extra,
    }
    return editing.create_champion(data, user)


def value_chain(code: str, area: Area, factors_per_stage: Iterable[int] = (2, 2)) -> ValueChain:
    """A chain of ``area`` with stages holding the given numbers of success factors."""
    chain = ValueChain.objects.create(code=code, name_th=f"ห่วงโซ่ {code}", area=area)
    for s, count in enumerate(factors_per_stage, start=1):
        stage = Stage.objects.create(chain=chain, position=s, name_th=f"ขั้นที่ {s}")
        for f in range(1, count + 1):
            SuccessFactor.objects.create(stage=stage, position=f, name_th=f"ปัจจัย {s}.{f}")
    return chain


def factors(chain: ValueChain) -> list[SuccessFactor]:
    return list(
        SuccessFactor.objects.filter(stage__chain=chain).order_by("stage__position", "position")
    )

"""API for value chains, data requirements, the data list and the gap board."""

# No ``from __future__ import annotations``: ninja reads the schemas' annotations at runtime.

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneplan.api.auth import WRITE_AUTH
from oneplan.api.errors import invalid
from oneplan.api.pagination import Paged
from oneplan.geo.models import Area
from oneplan.lib.thaidate import ce_to_be
from oneplan.valuechains import rules
from oneplan.valuechains.choices import GapStatus, GapType, RequirementStatus
from oneplan.valuechains.datalist import Row, data_list
from oneplan.valuechains.gaps import (
    priority,
    read_gap_input,
    shared_gaps,
    update_gap,
    weights_for,
)
from oneplan.valuechains.models import DataGap, Requirement, ValueChain

router = Router(tags=["Value chains and data gaps"])


def _area(code: str | None) -> Area:
    if not code:
        raise HttpError(400, "area: give an area code, e.g. area=12")
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise HttpError(400, f"area: no area with code {code}")
    return area


class FactorOut(Schema):
    id: int
    name_th: str
    name_en: str
    indicators: list[str]


class StageOut(Schema):
    id: int
    name_th: str
    name_en: str
    factors: list[FactorOut]


class ChainOut(Schema):
    code: str
    name_th: str
    name_en: str
    area: str | None
    strategic_issue: str | None
    is_template: bool
    stages: list[StageOut]


def _chain(chain: ValueChain) -> ChainOut:
    return ChainOut(
        code=chain.code,
        name_th=chain.name_th,
        name_en=chain.name_en,
        area=chain.area.code if chain.area else None,
        strategic_issue=str(chain.element) if chain.element else None,
        is_template=chain.is_template,
        stages=[
            StageOut(
                id=stage.pk,
                name_th=stage.name_th,
                name_en=stage.name_en,
                factors=[
                    FactorOut(
                        id=factor.pk,
                        name_th=factor.name_th,
                        name_en=factor.name_en,
                        indicators=[r.indicator.code for r in factor.requirements.all()],
                    )
                    for factor in stage.factors.all()
                ],
            )
            for stage in chain.stages.all()
        ],
    )


def _chains() -> Any:
    return ValueChain.objects.select_related("area", "element").prefetch_related(
        "stages__factors__requirements__indicator"
    )


class ChainQuery(Schema):
    area: str | None = None
    template: bool | None = None


@router.get("/value-chains", response=list[ChainOut], summary="Value chains")
@paginate(Paged)
def list_chains(request: HttpRequest, filters: Query[ChainQuery]) -> Any:
    """Value chains with their stages, success factors and the indicators each factor needs;
    `area` (a code) keeps one area's, `template=true` the library of templates."""
    chains = _chains()
    if filters.area:
        chains = chains.filter(area=_area(filters.area))
    if filters.template is not None:
        chains = chains.filter(is_template=filters.template)
    return [_chain(c) for c in chains.order_by("code")]


@router.get("/value-chains/{code}", response=ChainOut, summary="One value chain")
def get_chain(request: HttpRequest, code: str) -> Any:
    return _chain(get_object_or_404(_chains(), code=code))


class RequirementOut(Schema):
    id: int
    area: str | None
    indicator: str
    needed_by: str
    frequency: str
    area_level: str
    agency: str | None
    outside_authority: bool


@router.get("/requirements", response=list[RequirementOut], summary="Data requirements")
@paginate(Paged)
def list_requirements(request: HttpRequest, area: str) -> Any:
    """Requirements typed for an area's chains and elements (beside its plan's indicators,
    which the data list adds by itself)."""
    needs = Requirement.objects.filter(area=_area(area)).select_related(
        "area", "indicator", "agency", "element", "stage", "factor"
    )
    return [
        RequirementOut(
            id=r.pk,
            area=r.area.code if r.area else None,
            indicator=r.indicator.code,
            needed_by=r.needed_by,
            frequency=r.frequency or r.indicator.frequency,
            area_level=r.area_level or r.indicator.min_area_level,
            agency=r.agency.code if r.agency else None,
            outside_authority=r.outside_authority,
        )
        for r in needs.order_by("indicator__code", "pk")
    ]


class DataListRowOut(Schema):
    indicator: str
    name_th: str
    name_en: str
    unit: str
    needed_by: list[str]
    frequency: str
    area_level: str
    status: str
    status_label: str
    reasons: list[str]
    reason_labels: list[str]
    owner: str | None
    owner_name_th: str | None
    responsible: str | None
    dataset: str | None
    source_type: str | None
    provided_frequency: str | None
    provided_area_level: str | None
    latest_period: str | None
    coverage: float | None
    official: bool
    outside_authority: bool


def _list_row(row: Row) -> DataListRowOut:
    return DataListRowOut(
        indicator=row.indicator.code,
        name_th=row.indicator.name_th,
        name_en=row.indicator.name_en,
        unit=row.indicator.unit,
        needed_by=row.needed_by,
        frequency=row.frequency,
        area_level=row.level,
        status=row.status.value,
        status_label=str(RequirementStatus(row.status.value).label),
        reasons=[r.value for r in row.reasons],
        reason_labels=[str(GapType(r.value).label) for r in row.reasons],
        owner=row.owner.code if row.owner else None,
        owner_name_th=row.owner.name_th if row.owner else None,
        responsible=row.agency.code if row.agency else None,
        dataset=row.dataset or None,
        source_type=row.source_type or None,
        provided_frequency=row.provided_frequency or None,
        provided_area_level=row.provided_level or None,
        latest_period=row.latest_period or None,
        coverage=row.coverage,
        official=row.official,
        outside_authority=row.outside_authority,
    )


class DataListQuery(Schema):
    area: str | None = None
    status: str | None = None


@router.get("/data-list", response=list[DataListRowOut], summary="The data list of an area")
@paginate(Paged)
def get_data_list(request: HttpRequest, filters: Query[DataListQuery]) -> Any:
    """Every indicator the area's plan and value chains need, with its status computed from
    the catalogue and the stored values (available, missing, incomplete) and the reasons;
    `status` keeps one status."""
    area = _area(filters.area)
    if filters.status and filters.status not in rules.Status.__members__.values():
        choices = ", ".join(s.value for s in rules.Status)
        raise HttpError(400, f"status: choose one of {choices}")
    rows = data_list(area, request.user)
    return [_list_row(r) for r in rows if not filters.status or r.status == filters.status]


class GapOut(Schema):
    id: int
    area: str
    indicator: str
    name_th: str
    types: list[str]
    type_labels: list[str]
    status: str
    status_label: str
    closed_by_data: bool
    remedy: str
    agency: str | None
    budget: float | None
    target_year_be: int | None
    proxy: str | None
    note: str
    priority: float
    priority_parts: dict[str, float]
    priority_contributions: dict[str, float]
    needed_by: list[str]


class GapQuery(Schema):
    area: str | None = None
    status: str | None = None
    type: str | None = None
    agency: str | None = None


@router.get("/gaps", response=list[GapOut], summary="The gap board of an area")
@paginate(Paged)
def list_gaps(request: HttpRequest, filters: Query[GapQuery]) -> Any:
    """The area's data gaps, highest priority first, each with the parts of its score.
    Filters: `status`, `type` (gap type), `agency` (responsible agency code)."""
    area = _area(filters.area)
    problems = []
    if filters.status and filters.status not in GapStatus.values:
        problems.append(f"status: choose one of {', '.join(GapStatus.values)}")
    if filters.type and filters.type not in GapType.values:
        problems.append(f"type: choose one of {', '.join(GapType.values)}")
    if problems:
        raise HttpError(400, "; ".join(problems))
    return gap_rows(area, request.user, filters)


def gap_rows(area: Area, user: Any, filters: GapQuery | None = None) -> list[GapOut]:
    rows_by_indicator: dict[int, list[Row]] = {}
    for row in data_list(area, user):
        rows_by_indicator.setdefault(row.indicator.pk, []).append(row)
    weights = weights_for(area)
    gaps = DataGap.objects.filter(area=area).select_related("indicator", "agency", "proxy")
    if filters and filters.status:
        gaps = gaps.filter(status=filters.status)
    if filters and filters.agency:
        gaps = gaps.filter(agency__code=filters.agency)
    out = []
    for gap in gaps:
        if filters and filters.type and filters.type not in gap.types:
            continue
        rows = rows_by_indicator.get(gap.indicator_id, [])
        score = priority(rows, weights) if rows else None
        out.append(
            GapOut(
                id=gap.pk,
                area=area.code,
                indicator=gap.indicator.code,
                name_th=gap.indicator.name_th,
                types=list(gap.types),
                type_labels=gap.type_labels(),
                status=gap.status,
                status_label=str(GapStatus(gap.status).label),
                closed_by_data=gap.closed_by_data,
                remedy=gap.remedy,
                agency=gap.agency.code if gap.agency else None,
                budget=float(gap.budget) if gap.budget is not None else None,
                target_year_be=ce_to_be(gap.target_year) if gap.target_year else None,
                proxy=gap.proxy.code if gap.proxy else None,
                note=gap.note,
                priority=score.score if score else 0.0,
                priority_parts=score.parts if score else {},
                priority_contributions=score.contributions() if score else {},
                needed_by=sorted({n for r in rows for n in r.needed_by}),
            )
        )
    return sorted(out, key=lambda g: (-g.priority, g.indicator))


class SharedGapOut(Schema):
    indicator: str
    name_th: str
    provinces: list[str]
    count: int
    types: list[str]


@router.get("/gaps/shared", response=list[SharedGapOut], summary="Gaps shared in a group")
@paginate(Paged)
def list_shared_gaps(request: HttpRequest, group: str, least: int = 2) -> Any:
    """Indicators with an unclosed gap in `least` (default 2) or more provinces of the group:
    candidates for one group-level remedy."""
    area = _area(group)
    if area.level != "province_group" and area.level != "region":
        raise HttpError(400, f"group: {group} is not a province group or region")
    if least < 1:
        raise HttpError(400, "least: give 1 or more")
    return [
        SharedGapOut(
            indicator=s.indicator.code,
            name_th=s.indicator.name_th,
            provinces=[p.code for p in s.provinces],
            count=len(s.provinces),
            types=s.types,
        )
        for s in shared_gaps(area, least)
    ]


class GapIn(Schema):
    remedy: str | None = None
    agency: str | None = None
    budget: Decimal | None = None
    target_year: str | None = None
    status: str | None = None
    proxy: str | None = None
    note: str | None = None


@router.patch("/gaps/{gap_id}", response=GapOut, auth=WRITE_AUTH, summary="Work a gap")
def patch_gap(request: HttpRequest, gap_id: int, payload: GapIn) -> Any:
    """Set a gap's remedy, responsible agency (code), budget, target fiscal year (Buddhist
    Era, e.g. 2570), proxy indicator (code), note or status (open → planned → in progress →
    closed, or back to open)."""
    gap = get_object_or_404(DataGap.objects.select_related("area"), pk=gap_id)
    changes, problems = read_gap_input(payload.dict(exclude_unset=True))
    try:
        update_gap(gap, request.user, changes, problems)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "not allowed") from exc
    except ValidationError as exc:
        raise invalid(exc) from exc
    return next(g for g in gap_rows(gap.area, request.user) if g.id == gap.pk)

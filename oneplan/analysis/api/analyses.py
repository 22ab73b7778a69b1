"""Positioning and problem rankings from the stored data, and saved analyses: list, read,
create a Product Champion, change its criteria and typed scores, attach it to a plan element
or a request, keep a problem ranking."""

# No ``from __future__ import annotations``: ninja reads the route annotations at runtime.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from oneplan import permissions
from oneplan.analysis import editing, positioning, problems
from oneplan.analysis.choices import AnalysisKind
from oneplan.analysis.models import Analysis
from oneplan.analysis.snapshot import positioning_data, problem_result
from oneplan.api.auth import WRITE_AUTH
from oneplan.api.errors import invalid
from oneplan.api.pagination import Paged
from oneplan.geo.models import Area
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_fiscal_year, parse_year
from oneplan.plans.models import PlanElement
from oneplan.projects.models import Project
from oneplan.stats.models import CategorySet, Indicator

router = Router(tags=["Analysis"])


class PositioningQuery(Schema):
    reference: str
    indicator: str
    category_set: str
    start: str
    end: str
    employment: str | None = None


class MapQuery(Schema):
    indicator: str
    category_set: str
    sector: str
    year: str


class MapCellOut(Schema):
    area: str
    name_th: str
    lq: float | None
    value: float | None


class AnalysisOut(Schema):
    id: int
    kind: str
    name_th: str
    name_en: str
    area: str
    fiscal_year: int | None
    start_year: int | None
    end_year: int | None
    computed: str | None
    plan_elements: list[int]
    projects: list[str]
    result: dict[str, Any]

    @staticmethod
    def resolve_area(obj: Analysis) -> str:
        return obj.area.code

    @staticmethod
    def resolve_computed(obj: Analysis) -> str | None:
        return obj.computed.isoformat() if obj.computed else None

    @staticmethod
    def resolve_plan_elements(obj: Analysis) -> list[int]:
        return [e.pk for e in obj.plan_elements.all()]

    @staticmethod
    def resolve_projects(obj: Analysis) -> list[str]:
        return [p.code for p in obj.projects.all()]


class AnalysisQuery(Schema):
    area: str | None = None
    kind: str | None = None


class ChampionIn(Schema):
    name_th: str
    name_en: str = ""
    area: str
    reference: str
    indicator: str
    category_set: str
    start_year: str
    end_year: str
    employment: str | None = None
    candidates: list[str] = []


class ChampionPatch(Schema):
    name_th: str | None = None
    name_en: str | None = None
    criteria: dict[str, dict[str, Any]] | None = None
    scores: dict[str, dict[str, float | str]] | None = None
    value_chains: dict[str, str] | None = None
    add_criterion: str | None = None


class AttachIn(Schema):
    plan_element: int | None = None
    project: str | None = None
    detach: bool = False


def _year(text: str, name: str, fiscal: bool = False) -> int:
    try:
        return parse_fiscal_year(text) if fiscal else parse_year(text)
    except ThaiDateError as exc:
        raise HttpError(422, f"{name}: {exc}") from exc


def _code(model: Any, code: str, name: str) -> Any:
    found = model.objects.filter(code=code).first()
    if found is None:
        raise HttpError(422, f"{name}: unknown code {code}")
    return found


def analysis_out(a: Analysis) -> Analysis:
    """The analysis as the API shows it (``AnalysisOut`` resolves its fields), fresh."""
    fresh: Analysis = _analyses().get(pk=a.pk)
    return fresh


@router.get("/analysis/positioning/{area}", response=dict[str, Any])
def get_positioning(request: HttpRequest, area: str, q: Query[PositioningQuery]) -> Any:
    """LQ, growth, share and shift-share by sector of ``area`` against ``reference`` (years in
    BE or CE)."""
    where = get_object_or_404(Area, code=area)
    start, end = _year(q.start, "start"), _year(q.end, "end")
    if start >= end:
        raise HttpError(422, "end: the last year must come after the first")
    pos = positioning.compute(
        where,
        _code(Area, q.reference, "reference"),
        _code(Indicator, q.indicator, "indicator"),
        _code(CategorySet, q.category_set, "category_set"),
        start,
        end,
        _code(Indicator, q.employment, "employment") if q.employment else None,
    )
    return positioning_data(pos)


@router.get("/analysis/lq-map/{reference}", response=list[MapCellOut])
def get_lq_map(request: HttpRequest, reference: str, q: Query[MapQuery]) -> Any:
    """One sector's location quotient in every province of ``reference``, against it."""
    cells = positioning.lq_map(
        get_object_or_404(Area, code=reference),
        _code(Indicator, q.indicator, "indicator"),
        _code(CategorySet, q.category_set, "category_set"),
        q.sector,
        _year(q.year, "year"),
    )
    return [
        MapCellOut(area=c.area.code, name_th=c.area.name_th, lq=c.lq, value=c.value) for c in cells
    ]


@router.get("/analysis/problems/{area}", response=dict[str, Any])
def get_problems(request: HttpRequest, area: str, year: str | None = None) -> Any:
    """The area's plan indicators ranked worst first (fiscal ``year`` in BE; default the
    current one)."""
    where = get_object_or_404(Area, code=area)
    fiscal_year = _year(year, "year", fiscal=True) if year else None
    return problem_result(problems.rank(where, fiscal_year, request.user))


@router.post("/analysis/problems/{area}", response={201: AnalysisOut}, auth=WRITE_AUTH)
def save_problems(request: HttpRequest, area: str, year: str, name: str = "") -> Any:
    """Keep the ranking as a named analysis that requests can cite."""
    where = get_object_or_404(Area, code=area)
    probe = Analysis(kind=AnalysisKind.PROBLEMS, area=where)
    permissions.require(request.user, permissions.Action.ADD, probe)
    analysis = editing.save_problems(where, _year(year, "year", fiscal=True), request.user, name)
    return Status(201, analysis_out(analysis))


def _analyses() -> Any:
    return Analysis.objects.select_related("area").prefetch_related("plan_elements", "projects")


@router.get("/analyses", response=list[AnalysisOut])
@paginate(Paged)
def list_analyses(request: HttpRequest, filters: Query[AnalysisQuery]) -> Any:
    rows = _analyses()
    if filters.area:
        rows = rows.filter(area__code=filters.area)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    return rows  # paged in the database; AnalysisOut resolves each row's fields


@router.get("/analyses/{analysis_id}", response=AnalysisOut)
def get_analysis(request: HttpRequest, analysis_id: int) -> Any:
    return get_object_or_404(_analyses(), pk=analysis_id)


@router.post("/analyses", response={201: AnalysisOut}, auth=WRITE_AUTH)
def create_analysis(request: HttpRequest, payload: ChampionIn) -> Any:
    """A new Product Champion analysis with the default criteria (change them with PATCH)."""
    where = Area.objects.filter(code=payload.area).first()
    if where is not None:
        permissions.require(request.user, permissions.Action.ADD, Analysis(area=where))
    elif not permissions.can(request.user, permissions.Action.ADD, Analysis):
        raise HttpError(403, "you may not add analyses")
    try:
        analysis = editing.create_champion(payload.dict(), request.user)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return Status(201, analysis_out(analysis))


@router.patch("/analyses/{analysis_id}", response=AnalysisOut, auth=WRITE_AUTH)
def update_analysis(request: HttpRequest, analysis_id: int, payload: ChampionPatch) -> Any:
    analysis = get_object_or_404(Analysis, pk=analysis_id)
    permissions.require(request.user, permissions.Action.CHANGE, analysis)
    try:
        if analysis.kind == AnalysisKind.CHAMPION:
            editing.update_champion(analysis, payload.dict(exclude_none=True))
        else:
            editing.update_problems(analysis, payload.dict(exclude_none=True), request.user)
    except ValidationError as exc:
        raise invalid(exc) from exc
    return get_object_or_404(_analyses(), pk=analysis_id)


@router.post("/analyses/{analysis_id}/recompute", response=AnalysisOut, auth=WRITE_AUTH)
def recompute(request: HttpRequest, analysis_id: int) -> Any:
    """Compute again from the data as it stands now."""
    analysis = get_object_or_404(Analysis, pk=analysis_id)
    permissions.require(request.user, permissions.Action.CHANGE, analysis)
    editing.recompute(analysis, request.user)
    return get_object_or_404(_analyses(), pk=analysis_id)


@router.post("/analyses/{analysis_id}/attachments", response=AnalysisOut, auth=WRITE_AUTH)
def attach(request: HttpRequest, analysis_id: int, payload: AttachIn) -> Any:
    """Attach the analysis to a plan element or a request (or ``detach``). It takes the right
    to change the element or the request."""
    analysis = get_object_or_404(Analysis, pk=analysis_id)
    if (payload.plan_element is None) == (payload.project is None):
        raise HttpError(422, "give one of plan_element or project")
    try:
        editing.attach(
            analysis,
            request.user,
            element=get_object_or_404(PlanElement, pk=payload.plan_element)
            if payload.plan_element is not None
            else None,
            project=get_object_or_404(Project, code=payload.project) if payload.project else None,
            detach=payload.detach,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    return get_object_or_404(_analyses(), pk=analysis_id)

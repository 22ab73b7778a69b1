"""API for KPI status: a province's or group's scorecard, and one plan's KPIs in one area."""

# No ``from __future__ import annotations``: ninja reads the schemas' annotations at runtime.

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from oneplan import permissions
from oneplan.geo.models import Area
from oneplan.lib.thaidate import ThaiDateError, ce_to_be
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.plans.models import Plan
from oneplan.stats.kpi.status import (
    STATUS_LABELS,
    KpiRow,
    YearStatus,
    edition_for,
    plan_for_area,
    scorecard,
)

router = Router(tags=["KPI status"])


class YearOut(Schema):
    fiscal_year: str
    fiscal_year_be: int
    target: float | None
    actual: float | None
    period: str
    status: str | None
    trend: str | None
    open: bool
    projected: float | None


class KpiOut(Schema):
    indicator: str
    name_th: str
    name_en: str
    unit: str
    direction: str
    element_number: str
    element_name_th: str
    heading_number: str
    heading_name_th: str
    baseline_year_be: int | None
    baseline_value: float | None
    status: str
    status_label: str
    status_fiscal_year_be: int | None
    trend: str | None
    years: list[YearOut]


class ScorecardOut(Schema):
    plan: str
    plan_name_th: str
    plan_name_en: str
    edition: int
    edition_status: str
    area: str
    area_name_th: str
    fiscal_year: str
    fiscal_year_be: int
    counts: dict[str, int]
    count: int
    items: list[KpiOut]


def _year(cell: YearStatus) -> YearOut:
    return YearOut(
        fiscal_year=f"FY{cell.fiscal_year}",
        fiscal_year_be=ce_to_be(cell.fiscal_year),
        target=cell.target,
        actual=cell.actual,
        period=cell.period,
        status=cell.status.value if cell.status else None,
        trend=cell.trend.value if cell.trend else None,
        open=cell.open,
        projected=cell.projected,
    )


def _kpi(row: KpiRow) -> KpiOut:
    ind, element, heading, current = row.indicator, row.element, row.heading, row.current
    return KpiOut(
        indicator=ind.code,
        name_th=ind.name_th,
        name_en=ind.name_en,
        unit=ind.unit,
        direction=ind.direction,
        element_number=element.number,
        element_name_th=element.name_th,
        heading_number=heading.number if heading else "",
        heading_name_th=heading.name_th if heading else "",
        baseline_year_be=ce_to_be(row.baseline_year) if row.baseline_year else None,
        baseline_value=row.baseline_value,
        status=row.status.value,
        status_label=str(STATUS_LABELS[row.status]),
        status_fiscal_year_be=ce_to_be(current.fiscal_year) if current else None,
        trend=current.trend.value if current and current.trend else None,
        years=[_year(c) for c in row.years],
    )


def _fiscal_year(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return parse_fiscal_year(text)
    except ThaiDateError as exc:
        raise HttpError(400, f"fiscal_year: {exc}") from exc


@router.get("/kpi/scorecard", response=ScorecardOut, summary="KPI scorecard of an area")
def kpi_scorecard(
    request: HttpRequest,
    area: str,
    plan: str | None = None,
    fiscal_year: str | None = None,
) -> ScorecardOut:
    """Every KPI of the area's development plan (or of ``plan``) with a target in the area:
    target and actual per fiscal year, status (achieved, on_track, off_track, no_data) and
    trend. ``fiscal_year`` is typed like 2569, ปีงบประมาณ 2569 or FY2026 (default: the current
    one)."""
    fy = _fiscal_year(fiscal_year)
    place = get_object_or_404(Area, code=area)
    chosen = get_object_or_404(Plan, code=plan) if plan else plan_for_area(place, fy)
    if chosen is None:
        raise HttpError(404, _("Area %(code)s has no development plan.") % {"code": area})
    permissions.require(request.user, permissions.Action.VIEW, chosen)
    edition = edition_for(chosen, request.user)
    if edition is None:
        raise HttpError(404, _("No edition of %(plan)s is visible.") % {"plan": chosen.code})
    card = scorecard(edition, place, fy)
    return ScorecardOut(
        plan=chosen.code,
        plan_name_th=chosen.name_th,
        plan_name_en=chosen.name_en,
        edition=edition.number,
        edition_status=edition.status,
        area=place.code,
        area_name_th=place.name_th,
        fiscal_year=f"FY{card.fiscal_year}",
        fiscal_year_be=ce_to_be(card.fiscal_year),
        counts=card.counts,
        count=len(card.rows),
        items=[_kpi(r) for r in card.rows],
    )

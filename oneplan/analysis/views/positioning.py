"""The positioning page of a province or group: growth/share bubbles, LQ bars, an LQ map of the
reference's provinces, the shift-share waterfall, and the table behind them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from oneplan.analysis import positioning
from oneplan.analysis.choices import SECTOR_SET
from oneplan.analysis.snapshot import positioning_data
from oneplan.analysis.sources import references_for, years_held
from oneplan.analysis.views.common import file_response, lookup, year_param
from oneplan.geo.models import Area
from oneplan.stats.models import CategorySet, Indicator

SPAN = 4  # years before the last, by default


def _choices() -> list[Indicator]:
    """Measures split by a category set: what positioning can use."""
    return list(Indicator.objects.filter(category_sets__isnull=False).distinct().order_by("code"))


def _setup(request: HttpRequest, area: Area) -> dict[str, Any]:
    """The page's choices from the query string, defaults filled in, problems named."""
    q = request.GET
    problems: list[str] = []
    references = references_for(area)
    reference = lookup(Area, q.get("reference"), _("compared with"), problems)
    reference = reference or (references[0] if references else None)
    indicator = lookup(Indicator, q.get("indicator"), _("measure"), problems)
    indicator = indicator or Indicator.objects.filter(code="GPP").first()
    sets = list(indicator.category_sets.order_by("code")) if indicator else []
    category_set = lookup(CategorySet, q.get("set"), _("split by"), problems)
    if category_set is None or category_set not in sets:
        category_set = next((s for s in sets if s.code == SECTOR_SET), sets[0] if sets else None)
    held = years_held(indicator, category_set, area) if indicator and category_set else []
    end = year_param(q.get("end"), _("last year"), problems) or (held[-1] if held else None)
    start = year_param(q.get("start"), _("first year"), problems)
    if end is not None and start is None:
        start = next((y for y in held if y >= end - SPAN), end - SPAN)
    if start is not None and end is not None and start >= end:
        problems.append(_("The last year must come after the first."))
    employment = None
    if category_set is not None and category_set.code == SECTOR_SET:
        employment = (
            Indicator.objects.filter(code="EMP")
            .exclude(code=getattr(indicator, "code", ""))
            .first()
        )
    return {
        "area": area,
        "references": references,
        "reference": reference,
        "indicators": _choices(),
        "indicator": indicator,
        "sets": sets,
        "category_set": category_set,
        "start": start,
        "end": end,
        "held": held,
        "employment": employment,
        "problems": problems,
    }


def _computed(setup: dict[str, Any]) -> positioning.Positioning | None:
    needed = ("reference", "indicator", "category_set", "start", "end")
    if setup["problems"] or any(setup[k] is None for k in needed):
        return None
    return positioning.compute(
        setup["area"],
        setup["reference"],
        setup["indicator"],
        setup["category_set"],
        setup["start"],
        setup["end"],
        setup["employment"],
    )


def _map(
    request: HttpRequest, setup: dict[str, Any], pos: positioning.Positioning
) -> dict[str, Any]:
    ranked = sorted((r for r in pos.rows if r.lq is not None), key=lambda r: -(r.lq or 0))
    wanted = request.GET.get("sector") or (ranked[0].code if ranked else "")
    cells = positioning.lq_map(pos.reference, pos.indicator, pos.category_set, wanted, pos.end_year)
    features = [
        {
            "type": "Feature",
            "properties": {
                "name": c.area.code,
                "label": c.area.name_th,
                "lq": c.lq,
                "value": c.value,
            },
            "geometry": c.area.boundary,
        }
        for c in cells
        if c.area.boundary
    ]
    return {
        "sector": wanted,
        "cells": cells,
        "geojson": {"type": "FeatureCollection", "features": features} if features else None,
    }


def positioning_page(request: HttpRequest, area: str) -> HttpResponse:
    where = get_object_or_404(Area, code=area)
    setup = _setup(request, where)
    pos = _computed(setup)
    context: dict[str, Any] = {**setup, "pos": pos}
    if pos is not None:
        data = positioning_data(pos)
        context["data"] = data
        context["map"] = _map(request, setup, pos)
        context["chart"] = {
            "sectors": [
                {
                    "code": r["code"],
                    "name": r["name_th"],
                    "lq": r["lq"],
                    "growth": r["growth"],
                    "share": r["share"],
                    "end": r["end"],
                }
                for r in data["sectors"]
            ],
            "reference_growth": _total_growth(pos),
            "total": data["total"],
            "map": context["map"]["geojson"],
            "map_values": [
                {"name": c.area.code, "value": c.lq, "label": c.area.name_th}
                for c in context["map"]["cells"]
            ],
            "years": [pos.start_year + 543, pos.end_year + 543],
        }
        context["query"] = request.GET.urlencode()
        context["labels"] = {
            "start": _("Start"),
            "end": _("End"),
            "national_share": _("National share"),
            "industry_mix": _("Industry mix"),
            "competitive": _("Competitive"),
        }
    return render(request, "analysis/positioning.html", context)


def _total_growth(pos: positioning.Positioning) -> float | None:
    from oneplan.lib.regional import cagr

    firsts = [
        r.reference_start
        for r in pos.rows
        if r.reference_start is not None and r.reference_end is not None
    ]
    lasts = [
        r.reference_end
        for r in pos.rows
        if r.reference_start is not None and r.reference_end is not None
    ]
    if not firsts:
        return None
    return cagr(sum(firsts), sum(lasts), pos.end_year - pos.start_year)


def positioning_file(request: HttpRequest, area: str, fmt: str) -> HttpResponse:
    where = get_object_or_404(Area, code=area)
    pos = _computed(_setup(request, where))
    if pos is None:
        raise Http404(_("Choose a measure with values and two years first."))
    stem = f"positioning-{where.code}-{pos.start_year + 543}-{pos.end_year + 543}"
    return file_response(positioning_data(pos), fmt, stem)

"""The KPI scorecard page of a province or group: status counts, and each KPI's years in a chart."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.filters import FiscalYearField
from oneplan.core.templatetags.thai import be_year
from oneplan.geo.models import Area
from oneplan.plans.models import Plan
from oneplan.stats.kpi.rules import Status
from oneplan.stats.kpi.status import (
    STATUS_LABELS,
    TREND_LABELS,
    KpiRow,
    edition_for,
    plan_for_area,
    scorecard,
)


def _chart(row: KpiRow) -> dict[str, Any]:
    """What the page's script draws for one KPI: BE years, targets and actual values."""
    return {
        "years": [be_year(c.fiscal_year) for c in row.years],
        "target": [c.target for c in row.years],
        "actual": [c.actual for c in row.years],
        "projected": [c.projected for c in row.years],
        "status": [c.status.value if c.status else None for c in row.years],
        "unit": row.indicator.unit,
    }


def _groups(rows: list[KpiRow]) -> list[tuple[Any, list[KpiRow]]]:
    """Rows under their strategic issue (``None``: indicators of the plan as a whole)."""
    groups: list[tuple[Any, list[KpiRow]]] = []
    for row in rows:
        head = row.heading or (row.element if row.element.parent_id is None else None)
        if not groups or groups[-1][0] != head:
            groups.append((head, []))
        groups[-1][1].append(row)
    return groups


def scorecard_page(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=code)
    fy_field = FiscalYearField(required=False)
    fiscal_year, problems = None, []
    try:
        fiscal_year = fy_field.clean(request.GET.get("year", ""))
    except ValidationError as exc:
        problems = [_("Fiscal year: %(m)s") % {"m": m} for m in exc.messages]
    plans = list(
        Plan.objects.filter(area=area, plan_type__is_framework=False)
        .select_related("plan_type")
        .order_by("plan_type__sort_order", "-first_year")
    )
    plans = [p for p in plans if permissions.can(request.user, permissions.Action.VIEW, p)]
    chosen_code = request.GET.get("plan")
    plan = next((p for p in plans if p.code == chosen_code), None) if chosen_code else None
    plan = plan or plan_for_area(area, fiscal_year)
    if plan is None or plan not in plans:
        raise Http404(_("This area has no development plan you may see."))
    edition = edition_for(plan, request.user)
    if edition is None:
        raise Http404(_("No edition of this plan is visible to you."))
    card = scorecard(edition, area, fiscal_year)
    rows = card.rows
    return render(
        request,
        "stats/scorecard.html",
        {
            "area": area,
            "plan": plan,
            "plans": plans,
            "edition": edition,
            "card": card,
            "groups": _groups(rows),
            "years": plan.fiscal_years,
            "problems": problems,
            "tiles": [(s.value, STATUS_LABELS[s], card.counts[s.value]) for s in Status],
            "status_labels": {s.value: str(label) for s, label in STATUS_LABELS.items()},
            "trend_labels": {t.value: str(label) for t, label in TREND_LABELS.items()},
            "charts": {str(row.plan_indicator.pk): _chart(row) for row in rows},
            "chart_text": {
                "target": _("Target"),
                "actual": _("Actual"),
                "projected": _("Projected for the year"),
            },
        },
    )

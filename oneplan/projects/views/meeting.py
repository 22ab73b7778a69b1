"""The Area–Function meeting point: a department's area requests (``meeting.department_view``)
and, for a province, what each department did with its requests (``meeting.area_outcomes``).
Reviewers act on each request's own page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from oneplan.geo.models import Area
from oneplan.orgs.models import Agency
from oneplan.projects import meeting
from oneplan.projects.choices import FundingStatus
from oneplan.projects.views.common import (
    attached_analyses,
    priority_bars,
    share,
    visible_ids,
    year_from_url,
)

ZERO = Decimal(0)


def meeting_point(request: HttpRequest, agency: str, year: str) -> HttpResponse:
    """The requests addressed to a ministry or department, by province, with its reserve."""
    department = get_object_or_404(Agency, code=agency)
    view = meeting.department_view(department, year_from_url(year))
    group_of = {m.pk: g for g, members in view.groups.items() for m in members}
    visible = visible_ids(request.user, (r.project for r in view.requests))
    analysed = attached_analyses(r.project.pk for r in view.requests)
    areas = [
        {
            "area": area,
            "group": group_of.get(area.pk),
            "rows": [
                {
                    "r": r,
                    "visible": r.project.pk in visible,
                    "bars": priority_bars(r.priority),
                    "analyses": analysed.get(r.project.pk, 0),
                }
                for r in rows
            ],
            "requested": sum((r.requested for r in rows), ZERO),
            "approved": sum((r.approved for r in rows), ZERO),
            "decided": any(line.amount_approved is not None for r in rows for line in r.lines),
        }
        for area, rows in view.by_area.items()
    ]
    used = view.used_share
    return render(
        request,
        "projects/meeting_point.html",
        {
            "agency": department,
            "view": view,
            "areas": areas,
            "used_percent": None if used is None else round(100 * used, 1),
            "bar_percent": None if used is None else min(100.0, 100 * used),
            "funded_of_requested": share(view.funded, view.requested),
        },
    )


@dataclass
class DepartmentOutcome:
    """One department's answers to an area's requests."""

    agency: Agency
    funded: list[meeting.Outcome] = field(default_factory=list)
    declined: list[meeting.Outcome] = field(default_factory=list)
    open: list[meeting.Outcome] = field(default_factory=list)
    hidden: int = 0

    @property
    def requested(self) -> Decimal:
        rows = [*self.funded, *self.declined, *self.open]
        return sum((o.line.amount_requested for o in rows), ZERO)

    @property
    def approved(self) -> Decimal:
        return sum((o.line.amount_approved or ZERO for o in self.funded), ZERO)


def outcomes(request: HttpRequest, area: str, year: str) -> HttpResponse:
    """For a province or group: each department's funded, declined and open requests."""
    where = get_object_or_404(Area, code=area)
    fiscal_year = year_from_url(year)
    found = meeting.area_outcomes(where, fiscal_year)
    visible = visible_ids(request.user, (o.project for rows in found.values() for o in rows))
    departments = []
    for agency, rows in found.items():
        answer = DepartmentOutcome(agency)
        for o in rows:
            if o.project.pk not in visible:
                answer.hidden += 1
            elif o.line.status == FundingStatus.FUNDED:
                answer.funded.append(o)
            elif o.line.status == FundingStatus.DECLINED:
                answer.declined.append(o)
            else:
                answer.open.append(o)
        departments.append(answer)
    return render(
        request,
        "projects/outcomes.html",
        {"area": where, "fiscal_year": fiscal_year, "departments": departments},
    )

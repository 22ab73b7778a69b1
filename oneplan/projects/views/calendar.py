"""The budget calendar as a timeline: each step's deadline, who acts, whether it is done, late
or ahead, and the requests it still waits for by who must act (``calendar.timeline``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from oneplan.geo.models import Area
from oneplan.projects import calendar
from oneplan.projects.models import BudgetCalendar
from oneplan.projects.views.common import visible_ids, year_from_url


def today() -> dt.date:
    """The day the calendar is read on (a function, so tests can fix it)."""
    return timezone.localdate()


def budget_calendar(request: HttpRequest, year: str) -> HttpResponse:
    """``?area=12`` keeps one province's or group's requests."""
    cal = get_object_or_404(BudgetCalendar, fiscal_year=year_from_url(year))
    code = request.GET.get("area", "").strip()
    area = get_object_or_404(Area, code=code) if code else None
    day = today()
    steps = calendar.timeline(cal, day, area)
    visible = visible_ids(request.user, (p for s in steps for p in s.waiting))
    rows = [
        {
            "view": s,
            "status": "done" if s.done else "late" if s.late else "upcoming",
            "days": abs(s.days_left),
            "actors": [
                {
                    "name": actor,
                    "shown": [p for p in projects if p.pk in visible],
                    "hidden": sum(1 for p in projects if p.pk not in visible),
                }
                for actor, projects in sorted(s.by_actor.items())
            ],
        }
        for s in steps
    ]
    return render(
        request,
        "projects/calendar.html",
        {"calendar": cal, "area": area, "today": day, "rows": rows},
    )

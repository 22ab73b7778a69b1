"""API for the annual project list, funding lines, the meeting point and the budget calendar."""

# No ``from __future__ import annotations``: ninja reads the route annotations at runtime.

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneplan import permissions
from oneplan.api.auth import WRITE_AUTH
from oneplan.api.errors import invalid
from oneplan.api.pagination import Paged
from oneplan.geo.models import Area
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.orgs.models import Agency, agencies_below
from oneplan.projects import calendar as budget_calendar
from oneplan.projects import meeting, projectlist
from oneplan.projects.api.requests import funding_fields, priority_out
from oneplan.projects.api.schemas import (
    AddressedOut,
    CalendarOut,
    FundingOut,
    ListEntryOut,
    MeetingPointOut,
    OrderIn,
    ProjectListOut,
    StepOut,
)
from oneplan.projects.models import BudgetCalendar, FundingLine, Project, ProjectList

router = Router(tags=["Projects and budget requests"])


def read_year(text: str) -> int:
    try:
        return parse_fiscal_year(text)
    except ThaiDateError as exc:
        raise HttpError(400, f"fiscal_year: {exc}") from exc


def members_only(request: HttpRequest) -> None:
    """Lists, the meeting point and the calendar show requests still under review."""
    if not permissions.sees_requests_under_review(request.user):
        raise HttpError(403, "sign in as a government member to see requests under review")


def _list(area: str, year: str) -> ProjectList:
    return get_object_or_404(
        ProjectList.objects.select_related("area"), area__code=area, fiscal_year=read_year(year)
    )


def list_out(view: projectlist.ListView) -> ProjectListOut:
    pl = view.project_list
    return ProjectListOut(
        area=pl.area.code,
        fiscal_year=pl.fiscal_year,
        fiscal_year_be=pl.fiscal_year + 543,
        source=pl.source,
        ceiling=pl.ceiling,
        total=view.total,
        within_total=view.within_total,
        count=len(view.entries),
        entries=[
            ListEntryOut(
                position=e.position,
                code=e.project.code,
                title=e.project.name_th,
                agency=e.project.agency.code if e.project.agency else None,
                amount=e.amount,
                running_total=e.running_total,
                within_ceiling=e.within_ceiling,
                placed_by_hand=e.placed_by_hand,
                state=e.project.state,
                priority=priority_out(e.priority),
            )
            for e in view.entries
        ],
    )


@router.get("/project-lists/{area}/{year}", response=ProjectListOut, summary="Annual project list")
def get_project_list(request: HttpRequest, area: str, year: str) -> Any:
    """The list of a province or group for a fiscal year (BE, e.g. 2569) in priority order,
    each entry marked within or over the ceiling, with its score's parts (members only)."""
    members_only(request)
    return list_out(projectlist.build(_list(area, year)))


@router.post(
    "/project-lists/{area}/{year}/order",
    response=ProjectListOut,
    auth=WRITE_AUTH,
    summary="Reorder a project list",
)
def reorder(request: HttpRequest, area: str, year: str, payload: OrderIn) -> Any:
    """Send every listed code in the new order with the reason; the moved projects are
    recorded with it."""
    pl = _list(area, year)
    try:
        projectlist.reorder(pl, request.user, payload.order, payload.reason)
    except ValidationError as exc:
        raise invalid(exc) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "not allowed") from exc
    return list_out(projectlist.build(pl))


class FundingLineOut(FundingOut):
    project: str
    area: str


@router.get("/funding-lines", response=list[FundingLineOut], summary="Funding lines")
@paginate(Paged)
def list_funding(
    request: HttpRequest,
    agency: str | None = None,
    fiscal_year: str | None = None,
    source: str | None = None,
    status: str | None = None,
    area: str | None = None,
) -> Any:
    """Funding lines of requests the public may see (approved onwards); `agency` (a ministry
    or department code) includes the units below it; `fiscal_year` in BE."""
    visible = Project.objects.filter(permissions.project_filter(request.user))
    lines = FundingLine.objects.select_related("agency", "project__area").filter(
        project__in=visible
    )
    if agency:
        root = Agency.objects.filter(code=agency).first()
        if root is None:
            raise HttpError(400, f"agency: no agency with code {agency}")
        lines = lines.filter(agency_id__in=agencies_below({root.pk}))
    if fiscal_year:
        lines = lines.filter(fiscal_year=read_year(fiscal_year))
    if source:
        lines = lines.filter(source=source)
    if status:
        lines = lines.filter(status=status)
    if area:
        lines = lines.filter(project__area__code=area)
    return [
        FundingLineOut(
            **funding_fields(line), project=line.project.code, area=line.project.area.code
        )
        for line in lines.order_by("fiscal_year", "project__code", "pk")
    ]


@router.get("/meeting-point", response=MeetingPointOut, summary="A department's area requests")
def meeting_point(request: HttpRequest, agency: str, fiscal_year: str) -> Any:
    """Every area request addressed to a ministry or department (and the units below it) for
    a fiscal year (BE): by province and group, aligned with its own strategy or not, with its
    priority, and how much of the share set aside for area requests is used (members only)."""
    members_only(request)
    found = Agency.objects.filter(code=agency).first()
    if found is None:
        raise HttpError(400, f"agency: no agency with code {agency}")
    view = meeting.department_view(found, read_year(fiscal_year))
    rows = [
        AddressedOut(
            area=a.project.area.code,
            area_name_th=a.project.area.name_th,
            code=a.project.code,
            title=a.project.name_th,
            state=a.project.state,
            requested=a.requested,
            approved=a.approved,
            aligned=a.aligned,
            priority=priority_out(a.priority),
        )
        for a in view.requests
    ]
    return MeetingPointOut(
        agency=found.code,
        fiscal_year_be=view.fiscal_year + 543,
        requested=view.requested,
        funded=view.funded,
        reserved=view.reserved,
        used_share=view.used_share,
        groups={g.code: [m.code for m in members] for g, members in view.groups.items()},
        count=len(rows),
        results=rows,
    )


@router.get("/budget-calendar/{year}", response=CalendarOut, summary="Budget calendar")
def get_calendar(request: HttpRequest, year: str, area: str | None = None) -> Any:
    """A fiscal year's steps and deadlines, and the requests each is still waiting for, by who
    must act (`area` keeps one province's or group's requests; members only)."""
    members_only(request)
    cal = get_object_or_404(BudgetCalendar, fiscal_year=read_year(year))
    where = Area.objects.filter(code=area).first() if area else None
    if area and where is None:
        raise HttpError(400, f"area: no area with code {area}")
    steps = budget_calendar.timeline(cal, timezone.localdate(), where)
    return CalendarOut(
        fiscal_year_be=cal.fiscal_year + 543,
        steps=[
            StepOut(
                name_th=v.step.name_th,
                state=v.step.state,
                role=v.step.role,
                due=v.step.due,
                due_be=f"{v.step.due.day}/{v.step.due.month}/{v.step.due.year + 543}",
                late=v.late,
                done=v.done,
                waiting=len(v.waiting),
                by_actor={k: [p.code for p in ps] for k, ps in v.by_actor.items()},
            )
            for v in steps
        ],
    )

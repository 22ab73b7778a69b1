"""API for projects (budget requests), their funding lines and their steps through the cycle."""

# No ``from __future__ import annotations``: ninja reads the route annotations at runtime.

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from oneplan import permissions
from oneplan.api.auth import WRITE_AUTH
from oneplan.api.errors import invalid
from oneplan.api.filters import apply, query_schema
from oneplan.api.pagination import Paged
from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_date
from oneplan.projects import workflow
from oneplan.projects.api.schemas import (
    FundingOut,
    MoveIn,
    OutputOut,
    PriorityOut,
    ProjectDetailOut,
    ProjectIn,
    ProjectOut,
    TagOut,
    TransitionOut,
    be,
)
from oneplan.projects.choices import DocumentKind
from oneplan.projects.editing import read_project, save_project
from oneplan.projects.filtersets import ProjectFilterSet
from oneplan.projects.models import FundingLine, Project
from oneplan.projects.priority import Priority, committee_of, priorities, with_priority_data

router = Router(tags=["Projects and budget requests"])
ProjectQuery = query_schema(ProjectFilterSet)


def priority_out(p: Priority) -> PriorityOut:
    return PriorityOut(score=p.score, parts=p.parts, points=p.contributions(), weights=p.weights)


def _queryset() -> QuerySet[Project]:
    return Project.objects.select_related("area", "agency").prefetch_related(
        "locations", "elements", "addresses", "tags", "documents", "funding__agency"
    )


def funding_fields(line: FundingLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "source": line.source,
        "agency": line.agency.code if line.agency else None,
        "fiscal_year": line.fiscal_year,
        "fiscal_year_be": line.fiscal_year + 543,
        "amount_requested": line.amount_requested,
        "amount_approved": line.amount_approved,
        "status": line.status,
    }


def project_out(p: Project) -> dict[str, Any]:
    lines = list(p.funding.all())
    return {
        "code": p.code,
        "title": p.name_th,
        "description": p.description,
        "fiscal_year": p.fiscal_year,
        "fiscal_year_be": be(p.fiscal_year),
        "last_year_be": be(p.last_year),
        "area": p.area.code,
        "area_name_th": p.area.name_th,
        "channel": p.channel,
        "agency": p.agency.code if p.agency else None,
        "state": p.state,
        "state_label": str(p.get_state_display()),
        "locations": [a.code for a in p.locations.all()],
        "elements": [e.pk for e in p.elements.all()],
        "factor": p.factor_id,
        "addresses": [pi.pk for pi in p.addresses.all()],
        "origin": p.origin_id,
        "origin_level": p.origin_level,
        "beneficiaries": p.beneficiaries,
        "readiness": {
            "estimate": any(d.kind == DocumentKind.ESTIMATE for d in p.documents.all()),
            "land": p.land_ready,
            "design": p.design_ready,
        },
        "tags": [TagOut(framework=t.framework, code=t.code, label=t.label) for t in p.tags.all()],
        "funding": [FundingOut(**funding_fields(line)) for line in lines],
        "amount_requested": sum(line.amount_requested for line in lines),
        "rank": p.rank,
        "sample": p.sample,
        "url": p.get_absolute_url(),
    }


def detail(request: HttpRequest, project: Project) -> ProjectDetailOut:
    base = Project.objects.filter(pk=project.pk).select_related("agency")
    fetched = with_priority_data(base.prefetch_related("funding__agency"))[0]
    score = priorities([fetched], committee_of(fetched.area_id, fetched.fiscal_year))[fetched.pk]
    return ProjectDetailOut(
        **project_out(fetched),
        outputs=[
            OutputOut(
                kind=o.kind,
                name_th=o.name_th,
                indicator=o.indicator.code if o.indicator else None,
                unit=o.unit,
                target=o.target,
                fiscal_year_be=be(o.fiscal_year),
            )
            for o in fetched.outputs.select_related("indicator")
        ],
        transitions=[
            TransitionOut(
                from_state=t.from_state,
                to_state=t.to_state,
                at=t.at,
                user=t.user.get_username() if t.user else None,
                meeting=t.meeting,
                meeting_date=t.meeting_date,
                resolution=t.resolution,
                note=t.note,
            )
            for t in fetched.transitions.select_related("user")
        ],
        allowed_moves=workflow.allowed_moves(fetched, request.user),
        priority=priority_out(score),
    )


def _visible_project(request: HttpRequest, code: str) -> Project:
    project = get_object_or_404(Project.objects.select_related("area"), code=code)
    if not permissions.can_view_project(request.user, project):
        raise HttpError(404, "Not found")
    return project


@router.get("/projects", response=list[ProjectOut], summary="Projects and budget requests")
@paginate(Paged)
def list_projects(request: HttpRequest, filters: Query[ProjectQuery]) -> Any:  # type: ignore[valid-type]
    """Requests by fiscal year (BE), area (a group also lists its provinces'), state, channel,
    implementing agency, budget holder (a department and the units below it), funding source
    and title search. Drafts and requests under review are shown to signed-in members only."""
    qs = (
        _queryset()
        .filter(permissions.project_filter(request.user))
        .order_by("fiscal_year", "area__code", "code")
    )
    return [project_out(p) for p in apply(ProjectFilterSet, filters, qs)]


@router.get("/projects/{code}", response=ProjectDetailOut, summary="One request")
def get_project(request: HttpRequest, code: str) -> Any:
    """A request with its outputs, its steps so far, the moves the caller may make and its
    priority with each part's points."""
    return detail(request, _visible_project(request, code))


def _save(request: HttpRequest, payload: ProjectIn, project: Project | None) -> Project:
    sent = payload.dict(exclude_unset=True)
    try:
        return save_project(request.user, read_project(sent), project)
    except ValidationError as exc:
        raise invalid(exc) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "not allowed") from exc


@router.post(
    "/projects", response={201: ProjectDetailOut}, auth=WRITE_AUTH, summary="Record a request"
)
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    """Record a project as a draft: title, fiscal year (BE), the province or group whose list
    it joins, and any of its other parts. Every problem is reported at once, by field."""
    return Status(201, detail(request, _save(request, payload, None)))


@router.patch(
    "/projects/{code}", response=ProjectDetailOut, auth=WRITE_AUTH, summary="Change a request"
)
def patch_project(request: HttpRequest, code: str, payload: ProjectIn) -> Any:
    """Change the fields sent; lists sent (funding, outputs, tags, locations, ...) replace
    the old ones. Open while the request is a draft or being reconsidered."""
    return detail(request, _save(request, payload, _visible_project(request, code)))


@router.post(
    "/projects/{code}/transitions",
    response={201: TransitionOut},
    auth=WRITE_AUTH,
    summary="Move a request a step",
)
def move(request: HttpRequest, code: str, payload: MoveIn) -> Any:
    """draft → submitted → screened → approved (committee: meeting "n/ปี", date, resolution)
    → sent → funded (department: approved amount per line) / declined / reconsidered."""
    project = _visible_project(request, code)
    try:
        meeting_date = parse_date(payload.meeting_date) if payload.meeting_date else None
    except ThaiDateError as exc:
        raise HttpError(422, f"meeting_date: {exc}") from exc
    try:
        record = workflow.move_request(
            project,
            request.user,
            payload.to,
            meeting=payload.meeting,
            meeting_date=meeting_date,
            resolution=payload.resolution,
            note=payload.note,
            amounts=dict(payload.amounts),
            override_reason=payload.override_reason,
        )
    except ValidationError as exc:
        raise invalid(exc) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "not allowed") from exc
    return Status(
        201,
        TransitionOut(
            from_state=record.from_state,
            to_state=record.to_state,
            at=record.at,
            user=request.user.get_username() if request.user.is_authenticated else None,
            meeting=record.meeting,
            meeting_date=record.meeting_date,
            resolution=record.resolution,
            note=record.note,
        ),
    )

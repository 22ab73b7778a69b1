"""Requests: the filterable list, a request's page with all its parts and priority, and the
moves through the yearly cycle (``workflow.move_request`` does the work and the checks)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import DecimalField, Max, OuterRef, QuerySet, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib import thaidate
from oneplan.projects import workflow
from oneplan.projects.choices import Channel, DocumentKind, RequestState
from oneplan.projects.filtersets import ProjectFilterSet
from oneplan.projects.models import FundingLine, Project, ProjectList
from oneplan.projects.priority import committee_of, priorities, with_priority_data
from oneplan.projects.views.common import priority_bars, problems_of
from oneplan.projects.views.moves import MoveForm, move_form, move_forms, read_move, take_problems

PAGE_SIZE = 50


def _amounts() -> Subquery:
    """The total asked by a request's funding lines (a subquery: filters joining the lines
    would otherwise count them more than once)."""
    return Subquery(
        FundingLine.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("amount_requested"))
        .values("total"),
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


def _year_links(request: HttpRequest) -> dict[str, Any]:
    """Links to the latest request year's lists, calendar and duplicate review."""
    year = Project.objects.aggregate(latest=Max("fiscal_year"))["latest"]
    year = year or thaidate.fiscal_year(timezone.localdate())
    return {
        "work_year": year,
        "work_year_be": year + 543,
        "year_lists": ProjectList.objects.filter(fiscal_year=year).select_related("area"),
        "sees_review": permissions.sees_requests_under_review(request.user),
    }


def request_list(request: HttpRequest) -> HttpResponse:
    """Requests the reader may see, filtered by year (BE), area, state, channel, agencies and
    title; an HTMX request gets only the table."""
    visible: QuerySet[Project] = Project.objects.filter(
        permissions.project_filter(request.user)
    ).select_related("area", "agency")
    # The filter form sends every field, blank ones too ("all"); only the filled ones filter.
    data = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if kept := [v for v in values if v.strip()]:
            data.setlist(key, kept)
    fs = ProjectFilterSet(data=data or None, queryset=visible)
    objects = fs.qs if fs.is_bound and fs.is_valid() else visible
    objects = objects.annotate(amount=_amounts()).order_by("-fiscal_year", "area__code", "code")
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": fs,
        "page": page,
        "objects": page.object_list,
        "query": query.urlencode(),
        "areas": Area.objects.filter(
            level__in=(AreaLevel.PROVINCE_GROUP, AreaLevel.PROVINCE)
        ).order_by("-level", "code"),
        "states": RequestState.choices,
        "channels": Channel.choices,
        "chosen_states": request.GET.getlist("state"),
        "may_record": permissions.can(request.user, permissions.Action.ADD, Project),
        **_year_links(request),
    }
    htmx = getattr(request, "htmx", False)
    template = "projects/request_table.html" if htmx else "projects/request_list.html"
    return render(request, template, context)


def visible_project(request: HttpRequest, code: str) -> Project:
    """The request of ``code``; 404 for one the reader may not see (drafts for the public)."""
    project = get_object_or_404(
        Project.objects.select_related("area", "agency", "factor__stage__chain", "origin"),
        code=code,
    )
    if not permissions.can_view_project(request.user, project):
        raise Http404
    return project


def detail_context(
    request: HttpRequest, project: Project, bound: MoveForm | None = None
) -> dict[str, Any]:
    """Everything a request's page shows; ``bound`` is a move form that came back refused."""
    from oneplan.projects.duplicates import pairs_for, reason_text

    scored = with_priority_data(
        Project.objects.filter(pk=project.pk).prefetch_related("funding__agency")
    )[0]
    priority = priorities([scored], committee_of(project.area_id, project.fiscal_year))[project.pk]
    lines = list(scored.funding.all())
    user = request.user
    pairs = []
    for pair in pairs_for(project):
        other = pair.other(project)
        if permissions.can_view_project(user, other):
            pairs.append(
                {
                    "pair": pair,
                    "other": other,
                    "reasons": [reason_text(r) for r in pair.reasons if isinstance(r, dict)],
                }
            )
    return {
        "project": project,
        "locations": list(scored.locations.all()),
        "elements": list(scored.elements.all()),
        "addresses": list(scored.addresses.all()),
        "cited_indicators": {pi.pk for pi in scored.addresses.all()},
        "tags": list(scored.tags.all()),
        "documents": list(scored.documents.all()),
        "has_estimate": any(d.kind == DocumentKind.ESTIMATE for d in scored.documents.all()),
        "outputs": list(project.outputs.select_related("indicator")),
        "lines": lines,
        "requested": sum(line.amount_requested for line in lines),
        "approved": sum(line.amount_approved for line in lines if line.amount_approved is not None)
        if any(line.amount_approved is not None for line in lines)
        else None,
        "priority": priority,
        "bars": priority_bars(priority),
        "transitions": list(project.transitions.select_related("user")),
        "moves": move_forms(project, user, bound),
        "pairs": pairs,
        "may_edit": permissions.can(user, permissions.Action.CHANGE, project),
        "readiness": workflow.readiness_problems(scored)
        if project.state == RequestState.DRAFT
        else {},
    }


def request_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = visible_project(request, code)
    return render(request, "projects/request_detail.html", detail_context(request, project))


@require_POST
def move(request: HttpRequest, code: str) -> HttpResponse:
    """Move a request a step; refused moves come back with every problem at its field."""
    project = visible_project(request, code)
    to = request.POST.get("to", "")
    form = move_form(project, request.user, to)
    arguments = read_move(form, request.POST)
    try:
        workflow.move_request(project, request.user, to, **arguments)
    except ValidationError as exc:
        take_problems(form, problems_of(exc))
    if form.errors or form.missing:
        project.refresh_from_db()
        context = detail_context(request, project, form)
        if form.to not in [m.to for m in context["moves"]]:
            context["refused"] = form  # not a move on offer: its problems go on top
        return render(request, "projects/request_detail.html", context)
    messages.success(
        request,
        _("%(code)s is now: %(state)s.")
        % {"code": project.code, "state": project.get_state_display()},
    )
    return redirect(project)

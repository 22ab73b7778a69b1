"""The annual project list (บัญชีรายการชุดโครงการ) of a province or group: its order with the
ceiling split (``projectlist.build``), reordering by drag and drop with a reason
(``projectlist.reorder``), the moves recorded, and the list as a workbook or a PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.projects import projectlist
from oneplan.projects.models import ProjectList
from oneplan.projects.views.common import (
    GENERAL,
    PartBar,
    priority_bars,
    problems_of,
    year_from_url,
)

FILES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
RECENT_MOVES = 20


@dataclass(frozen=True)
class ListRow:
    entry: projectlist.Entry
    visible: bool
    bars: list[PartBar]


def get_list(area: str, year: str) -> ProjectList:
    return get_object_or_404(
        ProjectList.objects.select_related("area", "committee"),
        area__code=area,
        fiscal_year=year_from_url(year),
    )


def _all_visible(request: HttpRequest, view: projectlist.ListView) -> bool:
    return all(permissions.can_view_project(request.user, e.project) for e in view.entries)


def list_context(
    request: HttpRequest, project_list: ProjectList, problems: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    view = projectlist.build(project_list)
    user = request.user
    rows = [
        ListRow(e, permissions.can_view_project(user, e.project), priority_bars(e.priority))
        for e in view.entries
    ]
    problems = problems or {}
    return {
        "project_list": project_list,
        "year_be": project_list.fiscal_year + 543,
        "view": view,
        "within": [r for r in rows if r.entry.within_ceiling],
        "over": [r for r in rows if not r.entry.within_ceiling],
        "over_total": view.total - view.within_total,
        "left": project_list.ceiling - view.within_total,
        "may_reorder": permissions.can_reorder_list(user, project_list),
        "may_download": all(r.visible for r in rows),
        "moves": list(
            project_list.moves.select_related("project", "user").order_by("-at", "-pk")[
                :RECENT_MOVES
            ]
        ),
        "problems": problems,
        "reason": "",
    }


def project_list(request: HttpRequest, area: str, year: str) -> HttpResponse:
    """The list in its order: within the ceiling, the ceiling line, then over it."""
    pl = get_list(area, year)
    return render(request, "projects/project_list.html", list_context(request, pl))


@require_POST
def reorder(request: HttpRequest, area: str, year: str) -> HttpResponse:
    """Save the order sent (every code of the list) with the reason typed."""
    pl = get_list(area, year)
    codes = [c for c in request.POST.getlist("order") if c]
    reason = request.POST.get("reason", "")
    try:
        moves = projectlist.reorder(pl, request.user, codes, reason)
    except ValidationError as exc:
        context = list_context(request, pl, problems_of(exc))
        context["reason"] = reason
        context["general"] = context["problems"].get(GENERAL, [])
        return render(request, "projects/project_list.html", context)
    messages.success(
        request,
        ngettext(
            "The new order is saved; %(n)d project was moved.",
            "The new order is saved; %(n)d projects were moved.",
            len(moves),
        )
        % {"n": len(moves)},
    )
    return redirect("projects:project_list", area=pl.area.code, year=str(pl.fiscal_year + 543))


def project_list_file(request: HttpRequest, area: str, year: str) -> HttpResponse:
    """``?format=xlsx`` or ``?format=pdf``; for readers who may see every request listed."""
    pl = get_list(area, year)
    kind = request.GET.get("format", "xlsx")
    if kind not in FILES:
        raise Http404(_("Unknown format %(format)s.") % {"format": kind})
    view = projectlist.build(pl)
    if not _all_visible(request, view):
        raise PermissionDenied(_("Some requests of this list are not public yet."))
    # Imported here: the exports pull in openpyxl and WeasyPrint, which pages do not need.
    from oneplan.projects.listexport import file_name, write_xlsx
    from oneplan.projects.listpdf import write_pdf

    buffer = io.BytesIO()
    (write_xlsx if kind == "xlsx" else write_pdf)(view, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=FILES[kind])
    response["Content-Disposition"] = f'attachment; filename="{file_name(view, kind)}"'
    return response

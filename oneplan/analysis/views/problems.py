"""The problem ranking of a province or group for a fiscal year, and keeping it as a named
analysis that requests can cite."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.analysis import editing, problems
from oneplan.analysis.models import Analysis
from oneplan.analysis.snapshot import problem_result
from oneplan.analysis.views.common import file_response
from oneplan.analysis.views.saved import _chart
from oneplan.geo.models import Area
from oneplan.projects.views.common import year_from_url


def problem_page(request: HttpRequest, area: str, year: str) -> HttpResponse:
    where = get_object_or_404(Area, code=area)
    ranking = problems.rank(where, year_from_url(year), request.user)
    result = problem_result(ranking)
    return render(
        request,
        "analysis/problems.html",
        {
            "area": where,
            "ranking": ranking,
            "result": result,
            "chart": _chart(result),
            "year_text": year,
            "may_save": permissions.can(request.user, permissions.Action.ADD, Analysis(area=where)),
            "saved": Analysis.objects.filter(
                area=where, kind="problems", fiscal_year=ranking.fiscal_year
            ),
        },
    )


@require_POST
def save_ranking(request: HttpRequest, area: str, year: str) -> HttpResponse:
    where = get_object_or_404(Area, code=area)
    permissions.require(request.user, permissions.Action.ADD, Analysis(area=where))
    analysis = editing.save_problems(
        where, year_from_url(year), request.user, request.POST.get("name", "").strip()
    )
    messages.success(request, _("The ranking is kept; requests can now cite it."))
    return redirect(analysis.get_absolute_url())


def problem_file(request: HttpRequest, area: str, year: str, fmt: str) -> HttpResponse:
    where = get_object_or_404(Area, code=area)
    result = problem_result(problems.rank(where, year_from_url(year), request.user))
    return file_response(result, fmt, f"problems-{where.code}-{year}")

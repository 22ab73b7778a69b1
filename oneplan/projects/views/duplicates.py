"""The duplicate review page: a year's candidate pairs side by side, each with its score, its
reasons and the reviewer's decision; a rescan button. Rules live in ``projects.duplicates``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan import permissions
from oneplan.projects import duplicates
from oneplan.projects.choices import PairDecision
from oneplan.projects.models import DuplicatePair
from oneplan.projects.views.common import problems_of, year_from_url


def review(request: HttpRequest, year: str) -> HttpResponse:
    """Candidate pairs of a fiscal year, best first; ``?decision=`` and ``?area=`` filter."""
    if not permissions.sees_requests_under_review(request.user):
        raise PermissionDenied(_("Sign in as a government member to review duplicates."))
    fiscal_year = year_from_url(year)
    pairs = (
        DuplicatePair.objects.filter(fiscal_year=fiscal_year)
        .select_related(
            "project_a__area",
            "project_b__area",
            "project_a__agency",
            "project_b__agency",
            "decided_by",
        )
        .prefetch_related("project_a__funding", "project_b__funding")
    )  # who may judge each pair
    decision = request.GET.get("decision", "")
    if decision in PairDecision.values:
        pairs = pairs.filter(decision=decision)
    area = request.GET.get("area", "").strip()
    if area:
        pairs = pairs.filter(Q(project_a__area__code=area) | Q(project_b__area__code=area))
    rows = [
        {
            "pair": p,
            "reasons": [duplicates.reason_text(r) for r in p.reasons],
            "may_decide": permissions.can_decide_pair(request.user, p),
        }
        for p in pairs.order_by("-score", "pk")
    ]
    return render(
        request,
        "projects/duplicates.html",
        {
            "fiscal_year": fiscal_year,
            "year": year,
            "rows": rows,
            "decisions": PairDecision.choices,
            "decision": decision,
            "area": area,
            "may_scan": permissions.may_scan_duplicates(request.user),
            "problems": {},
        },
    )


@require_POST
def rescan(request: HttpRequest, year: str) -> HttpResponse:
    if not permissions.may_scan_duplicates(request.user):
        raise PermissionDenied(_("Planners, department reviewers and administrators rescan."))
    result = duplicates.scan(year_from_url(year))
    messages.success(
        request,
        _("%(compared)s requests compared: %(found)s pairs, %(new)s new.")
        % {"compared": result.compared, "found": result.found, "new": result.new},
    )
    return redirect("projects:duplicates", year=year)


@require_POST
def decide(request: HttpRequest, year: str, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(
        DuplicatePair.objects.select_related("project_a__area", "project_b__area"), pk=pair_id
    )
    try:
        duplicates.decide(
            pair, request.user, request.POST.get("decision", ""), request.POST.get("note", "")
        )
    except ValidationError as exc:
        for texts in problems_of(exc).values():
            for text in texts:
                messages.error(request, f"{pair.project_a.code} ~ {pair.project_b.code}: {text}")
    else:
        messages.success(
            request,
            _("%(a)s ~ %(b)s: %(decision)s")
            % {
                "a": pair.project_a.code,
                "b": pair.project_b.code,
                "decision": pair.get_decision_display(),
            },
        )
    return redirect(f"{reverse('projects:duplicates', kwargs={'year': year})}#pair-{pair.pk}")

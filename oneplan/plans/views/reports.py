"""Reports on an edition: differences from another edition, the alignment matrix, the
checklist, the workbook export, and the workbook import page."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.importing import ImportRejected
from oneplan.plans import checklist as checklist_rules
from oneplan.plans import diff as diff_rules
from oneplan.plans import reports, workbook
from oneplan.plans.alignment import Reach, frameworks, matrix
from oneplan.plans.importer import apply_document
from oneplan.plans.models import Plan, PlanEdition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edition(request: HttpRequest, pk: int) -> PlanEdition:
    edition = get_object_or_404(
        PlanEdition.objects.select_related("plan__plan_type", "plan__area"), pk=pk
    )
    permissions.require(request.user, permissions.Action.VIEW, edition)
    return edition


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def edition_diff(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    other_id = request.GET.get("other") or (edition.based_on_id or 0)
    other = get_object_or_404(PlanEdition, pk=other_id, plan=edition.plan)
    permissions.require(request.user, permissions.Action.VIEW, other)
    old, new = (other, edition) if other.number < edition.number else (edition, other)
    rows = diff_rules.compare(old, new)
    only_changes = request.GET.get("all") != "1"
    return render(
        request,
        "plans/edition_diff.html",
        {
            "plan": edition.plan,
            "edition": edition,
            "old": old,
            "new": new,
            "rows": [r for r in rows if r.change != "unchanged"] if only_changes else rows,
            "summary": diff_rules.summary(rows),
            "only_changes": only_changes,
        },
    )


def edition_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    options = [p for p in frameworks() if p.pk != edition.plan_id]
    options += list(
        Plan.objects.filter(
            plan_type__level__in=["province_group", "region"], plan_type__is_framework=False
        ).exclude(pk=edition.plan_id)
    )
    chosen = next((p for p in options if p.code == request.GET.get("framework")), None)
    if chosen is None and options:
        chosen = options[0]
    m = matrix(edition, chosen) if chosen else None
    if m is not None and chosen is not None and request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        reports.write_matrix(m, buffer)
        return _download(buffer.getvalue(), f"{edition.plan.code}-x-{chosen.code}.xlsx")
    table = []
    if m is not None:
        table = [(row, [m.cell(row, c) for c in m.columns]) for row in m.rows]
    return render(
        request,
        "plans/edition_matrix.html",
        {
            "plan": edition.plan,
            "edition": edition,
            "options": options,
            "chosen": chosen,
            "matrix": m,
            "table": table,
            "direct": Reach.DIRECT,
        },
    )


def edition_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    checks = checklist_rules.checklist(edition)
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        reports.write_checklist(str(edition), checks, buffer)
        return _download(buffer.getvalue(), f"{edition.plan.code}-checklist.xlsx")
    return render(
        request,
        "plans/edition_checklist.html",
        {"plan": edition.plan, "edition": edition, "checks": checks},
    )


def edition_export(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    buffer = io.BytesIO()
    workbook.write_workbook(edition, buffer)
    return _download(buffer.getvalue(), workbook.export_filename(edition))


def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a plan workbook: every problem is listed, or the plan is written as a whole."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    problems = []
    if request.method == "POST" and request.FILES.get("file"):
        upload: Any = request.FILES["file"]
        try:
            doc = workbook.read_workbook(upload, upload.name)
            result = apply_document(doc, request.user)
        except ImportRejected as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Imported %(plan)s: %(n)s elements, %(t)s targets.")
                % {
                    "plan": result.plan,
                    "n": sum(v for k, v in result.elements.items() if k != "deleted"),
                    "t": result.targets,
                },
            )
            return redirect(result.edition)
    return render(request, "plans/plan_import.html", {"problems": problems})

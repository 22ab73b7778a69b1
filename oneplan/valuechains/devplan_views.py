"""Downloads of an area's statistics development plan: ``?year=2569&years=4`` (BE, as users
write it; the current fiscal year and 1 year when left out), as a workbook or a PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from oneplan import permissions
from oneplan.geo.models import Area
from oneplan.permissions import Action
from oneplan.valuechains.devplan import DevPlan, SpanError, development_plan, read_span
from oneplan.valuechains.devplan_pdf import write_pdf
from oneplan.valuechains.devplan_xlsx import write_xlsx
from oneplan.valuechains.models import DataGap

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

Writer = Callable[[DevPlan, str | Path | IO[bytes]], None]


def _download(request: HttpRequest, area_code: str, writer: Writer, kind: str) -> HttpResponse:
    area = get_object_or_404(Area, code=area_code)
    permissions.require(request.user, Action.VIEW, area)
    permissions.require(request.user, Action.VIEW, DataGap)
    try:
        first, years = read_span(request.GET.get("year"), request.GET.get("years"))
    except SpanError as exc:
        return HttpResponseBadRequest(exc.message, content_type="text/plain; charset=utf-8")
    plan = development_plan(area, first, years, user=request.user)
    buffer = io.BytesIO()
    writer(plan, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX if kind == "xlsx" else PDF)
    response["Content-Disposition"] = f'attachment; filename="{plan.file_name(kind)}"'
    return response


def devplan_xlsx(request: HttpRequest, area_code: str) -> HttpResponse:
    return _download(request, area_code, write_xlsx, "xlsx")


def devplan_pdf(request: HttpRequest, area_code: str) -> HttpResponse:
    return _download(request, area_code, write_pdf, "pdf")

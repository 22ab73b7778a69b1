"""The data list and the gap board as CSV or Excel (the same columns as their pages)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from oneplan.geo.models import Area
from oneplan.valuechains.api import gap_rows
from oneplan.valuechains.choices import GapType, RequirementStatus
from oneplan.valuechains.datalist import data_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(
    name: str, header: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str
) -> HttpResponse:
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        # With a BOM: Excel opens Thai UTF-8 text right.
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _format(request: HttpRequest) -> str | HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        return HttpResponse(
            _("format: choose csv or xlsx, not %(value)s") % {"value": fmt}, status=400
        )
    return fmt


def data_list_file(request: HttpRequest, area_code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=area_code)
    fmt = _format(request)
    if isinstance(fmt, HttpResponse):
        return fmt
    header = [
        _("indicator"),
        _("Thai name"),
        _("needed by"),
        _("needed frequency"),
        _("needed area level"),
        _("status"),
        _("reasons"),
        _("owner agency"),
        _("dataset"),
        _("source type"),
        _("latest period"),
        _("coverage"),
        _("official statistic"),
    ]
    reasons = dict(GapType.choices)
    rows = (
        [
            r.indicator.code,
            r.indicator.name_th,
            "; ".join(r.needed_by),
            r.frequency,
            r.level,
            str(RequirementStatus(r.status.value).label),
            "; ".join(str(reasons[x.value]) for x in r.reasons),
            r.owner.code if r.owner else "",
            r.dataset,
            r.source_type,
            r.latest_period,
            "" if r.coverage is None else round(r.coverage, 3),
            "1" if r.official else "0",
        ]
        for r in data_list(area, request.user)
    )
    return _file(f"data-list-{area.code}", header, rows, fmt)


def gaps_file(request: HttpRequest, area_code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=area_code)
    fmt = _format(request)
    if isinstance(fmt, HttpResponse):
        return fmt
    header = [
        _("priority"),
        _("indicator"),
        _("Thai name"),
        _("gap types"),
        _("remedy"),
        _("responsible agency"),
        _("budget (baht)"),
        _("target fiscal year"),
        _("status"),
        _("needed by"),
    ]
    rows = (
        [
            g.priority,
            g.indicator,
            g.name_th,
            "; ".join(g.type_labels),
            g.remedy,
            g.agency or "",
            "" if g.budget is None else g.budget,
            g.target_year_be or "",
            g.status_label,
            "; ".join(g.needed_by),
        ]
        for g in gap_rows(area, request.user)
    )
    return _file(f"gaps-{area.code}", header, rows, fmt)

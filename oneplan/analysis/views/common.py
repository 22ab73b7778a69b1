"""What the analysis pages share: reading BE years and codes from a query string with the
problems named, and answering with an analysis file."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_param(text: str | None, name: str, problems: list[str]) -> int | None:
    if not text:
        return None
    try:
        return parse_year(text)
    except ThaiDateError as exc:
        problems.append(f"{name}: {exc}")
        return None


def lookup(model: Any, code: str | None, name: str, problems: list[str]) -> Any:
    if not code:
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        problems.append(_("%(field)s: unknown code %(code)s") % {"field": name, "code": code})
    return found


def file_response(data: dict[str, Any], fmt: str, stem: str) -> HttpResponse:
    if fmt not in ("xlsx", "pdf"):
        raise Http404(_("Files come as .xlsx or .pdf."))
    if fmt == "pdf":
        from oneplan.analysis.pdf import pdf_file  # WeasyPrint loads only when a PDF is asked

        response = HttpResponse(pdf_file(data), content_type="application/pdf")
    else:
        from oneplan.analysis.exports import xlsx_file

        response = HttpResponse(xlsx_file(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response

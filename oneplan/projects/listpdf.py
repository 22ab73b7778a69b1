"""The annual project list (บัญชีรายการชุดโครงการ) as a PDF (A4 landscape); see
``oneplan.core.pdf`` for the Thai font and ``listexport`` for what both exports show."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from oneplan.core import pdf
from oneplan.projects import listexport
from oneplan.projects.projectlist import ListView

TEMPLATE = "projects/list_pdf.html"


def context(view: ListView) -> dict[str, Any]:
    return {
        "view": view,
        "project_list": view.project_list,
        "list_name": listexport.list_name(),
        "year_label": listexport.year_label(view.project_list),
        "sections": listexport.sections(view),
        "parts": listexport.part_labels(),
        "over_total": view.total - view.within_total,
    }


def render_html(view: ListView, faces: list[pdf.FontFace] | None = None) -> str:
    faces = pdf.font_faces() if faces is None else faces
    return pdf.render_html(TEMPLATE, context(view), faces)


def write_pdf(view: ListView, target: str | Path | IO[bytes]) -> None:
    """Write the list as an A4 landscape PDF to a path or a binary file."""
    pdf.write_pdf(TEMPLATE, context(view), target)

"""The statistics development plan as a PDF (A4 landscape); see ``oneplan.core.pdf``."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from oneplan.core import pdf
from oneplan.valuechains.devplan import DevPlan

TEMPLATE = "valuechains/devplan_pdf.html"


def render_html(plan: DevPlan, faces: list[pdf.FontFace] | None = None) -> str:
    faces = pdf.font_faces() if faces is None else faces
    return pdf.render_html(TEMPLATE, {"plan": plan}, faces)


def write_pdf(plan: DevPlan, target: str | Path | IO[bytes]) -> None:
    """Write ``plan`` as an A4 landscape PDF to a path or a binary file."""
    pdf.write_pdf(TEMPLATE, {"plan": plan}, target)

"""An analysis's result (the plain data of ``snapshot``) as a workbook: ``xlsx_file``.

Any of the three shapes, told apart by ``data["kind"]``: a positioning (one sheet, the inputs),
a Product Champion (the ranking, the criteria and the positioning's inputs) or a problem
ranking (one sheet, the ranking). The first sheet opens with a header block (the title, the
area, what it is compared with, the measure and the years) and closes with the data's notes.
What each table holds is in ``tables``, shared with the PDF. Numbers stay numbers, with number
formats: shares, growth and changes as percentages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.analysis import tables
from oneplan.analysis.tables import Column, Row

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ROW = 7  # on the first sheet, under the header block
SHEET_NAME_MAX = 31  # Excel's limit
# Kinds of value: the workbook's number format and how the PDF writes them.
FORMATS = {
    "text": "General",
    "count": "#,##0",
    "value": "#,##0.0",
    "measure": "#,##0.00",
    "change": "#,##0.00",
    "ratio": "0.00",
    "percent": "0.0%",
    "points": "0.0",
    "number": "General",
}


def _table(
    sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Row], totals: Sequence[Row] = ()
) -> None:
    sheet.append([c.heading for c in columns])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font, cell.alignment = BOLD, WRAP
    sheet.freeze_panes = f"A{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    for i, row in enumerate([*rows, *totals]):
        sheet.append([c.value(row) for c in columns])
        for column, cell in zip(columns, sheet[sheet.max_row], strict=False):
            cell.number_format = FORMATS[column.kind]
            if i >= len(rows):
                cell.font = BOLD
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _header_block(sheet: Worksheet, data: Row, heading: str | None) -> None:
    sheet.append([heading or tables.title(data)])
    sheet["A1"].font = TITLE
    for label, text in tables.header_lines(data):
        sheet.append([label, text])
        sheet.cell(sheet.max_row, 1).font = BOLD
    for _blank in range(HEADER_ROW - 1 - sheet.max_row):
        sheet.append([])


def _notes(sheet: Worksheet, notes: Sequence[str]) -> None:
    if not notes:
        return
    sheet.append([])
    sheet.append([_("Notes")])
    sheet.cell(sheet.max_row, 1).font = BOLD
    for note in notes:
        sheet.append([note])


def sheets(data: Row) -> list[tuple[str, list[Column], list[Row], list[Row]]]:
    """(name, columns, rows, total lines) of each sheet, the first first."""
    kind = data["kind"]
    found: list[tuple[str, list[Column], list[Row], list[Row]]] = []
    if kind == "problems":
        found.append((_("Ranking"), tables.problem_columns(data), data["ranking"], []))
    if kind == "champion":
        found.append((_("Ranking"), tables.ranking_columns(data), data["ranking"], []))
        found.append((_("Criteria"), tables.criteria_columns(data), data["criteria"], []))
    if kind in ("positioning", "champion"):
        total = tables.input_total(data)
        found.append(
            (_("Inputs"), tables.input_columns(data), data["sectors"], [total] if total else [])
        )
    if not found:
        raise ValueError(f"unknown kind of analysis: {kind!r}")
    return found


def xlsx_file(data: dict[str, Any], title: str | None = None) -> bytes:
    """The workbook of a positioning, a Product Champion or a problem ranking (``snapshot``'s
    data); ``title`` (the saved analysis's name, say) heads the first sheet instead of the
    kind, area and years."""
    book = Workbook()
    for i, (name, columns, rows, totals) in enumerate(sheets(data)):
        sheet = book.active if i == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = name[:SHEET_NAME_MAX]
        if i == 0:
            _header_block(sheet, data, title)
        _table(sheet, columns, rows, totals)
        if i == 0:
            _notes(sheet, data.get("notes") or [])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""Spreadsheets of the alignment matrix and the checklist report."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment as CellAlignment
from openpyxl.styles import Font, PatternFill

from oneplan.plans.alignment import Matrix, Reach
from oneplan.plans.checklist import Check

MARKS = {Reach.DIRECT: "●", Reach.INDIRECT: "○"}
BOLD = Font(bold=True)
FILLS = {
    Reach.DIRECT: PatternFill("solid", fgColor="9BC2E6"),
    Reach.INDIRECT: PatternFill("solid", fgColor="DDEBF7"),
}


def _label(element: object) -> str:
    return str(element)


def write_matrix(m: Matrix, target: str | Path | IO[bytes]) -> None:
    """Rows: the plan's issues; columns: the framework's items; ● direct, ○ through other plans."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ความสอดคล้อง"
    sheet.append([str(m.edition), "", f"× {m.framework}"])
    sheet["A1"].font = BOLD
    sheet.append(["", *[_label(c) for c in m.columns]])
    for cell in sheet[2][1:]:
        cell.alignment = CellAlignment(text_rotation=90, wrap_text=True, vertical="bottom")
        cell.font = BOLD
    for r, row in enumerate(m.rows, start=3):
        sheet.cell(r, 1, _label(row)).alignment = CellAlignment(wrap_text=True)
        for c, column in enumerate(m.columns, start=2):
            reach = m.cell(row, column)
            if reach is not None:
                cell = sheet.cell(r, c, MARKS[reach])
                cell.fill = FILLS[reach]
                cell.alignment = CellAlignment(horizontal="center")
    sheet.column_dimensions["A"].width = 60
    sheet.row_dimensions[2].height = 180
    notes = len(m.rows) + 4
    sheet.cell(notes, 1, "● สอดคล้องโดยตรง (direct link)")
    sheet.cell(notes + 1, 1, "○ สอดคล้องผ่านแผนระดับกลาง (through intermediate plans)")
    book.save(target)


def write_checklist(title: str, checks: list[Check], target: str | Path | IO[bytes]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "รายการตรวจสอบ"
    sheet.append([title])
    sheet["A1"].font = BOLD
    sheet.append(["ประเด็นตรวจสอบ", "เลขที่", "องค์ประกอบ", "รายละเอียด"])
    for cell in sheet[2]:
        cell.font = BOLD
    with translation.override("th"):
        for check in checks:
            if check.passed:
                sheet.append([str(check.title), "", "✓", ""])
            for finding in check.findings:
                element = finding.element
                sheet.append([str(check.title), element.number, element.name_th, finding.detail])
    for letter, width in zip("ABCD", (48, 10, 70, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    book.save(target)

"""A value chain as a workbook: one row per indicator a success factor needs (a factor with
none still gets its row), with the data status the canvas shows, and the chain's facts above."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.valuechains.canvas import Canvas, Need

BOLD = Font(bold=True)
# The canvas's colours (static/oneplan/valuechains.css), lighter for print.
FILLS = {
    "available": PatternFill("solid", fgColor="C6F6D5"),
    "incomplete": PatternFill("solid", fgColor="FEEBC8"),
    "missing": PatternFill("solid", fgColor="FED7D7"),
}
HEADERS = (
    "ขั้น (stage)",
    "ปัจจัยแห่งความสำเร็จ (success factor)",
    "รหัสตัวชี้วัด (indicator code)",
    "ตัวชี้วัด/ข้อมูลที่ต้องการ (indicator)",
    "หน่วย (unit)",
    "สถานะข้อมูล (data status)",
    "ชุดข้อมูล (dataset)",
    "ค่าล่าสุด (latest period)",
)
HEADER_ROW = 5


def write_chain(canvas: Canvas, target: str | Path | IO[bytes]) -> None:
    """Facts in rows 1-3, the table's headers in row ``HEADER_ROW``, then its rows in canvas
    order (stage by stage, factor by factor); status words in Thai."""
    chain = canvas.chain
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "ห่วงโซ่คุณค่า"
    sheet.append([chain.name_th, chain.code])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["พื้นที่ (area)", str(chain.area) if chain.area else "แม่แบบ (template)"])
    sheet.append(["ประเด็นยุทธศาสตร์ (strategic issue)", str(chain.element or "")])
    sheet.append([])
    sheet.append(list(HEADERS))
    for cell in sheet[HEADER_ROW]:
        cell.font = BOLD
    with translation.override("th"):
        for column in canvas.columns:
            stage = column.stage.name_th
            for need in column.needs:
                _need_row(sheet, stage, "", need)
            if not column.cards and not column.needs:
                sheet.append([stage])
            for card in column.cards:
                if not card.needs:
                    sheet.append([stage, card.factor.name_th])
                for need in card.needs:
                    _need_row(sheet, stage, card.factor.name_th, need)
    for letter, width in zip("ABCDEFGH", (14, 44, 18, 48, 10, 20, 28, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=HEADER_ROW):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    book.save(target)


def _need_row(sheet: Worksheet, stage: str, factor: str, need: Need) -> None:
    row, indicator = need.row, need.indicator
    sheet.append(
        [
            stage,
            factor,
            indicator.code,
            indicator.name_th,
            indicator.unit,
            need.status_label,
            row.dataset if row else "",
            row.latest_period if row else "",
        ]
    )
    if need.status:
        sheet.cell(sheet.max_row, 6).fill = FILLS[need.status]

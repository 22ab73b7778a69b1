"""The statistics development plan as a workbook: key statistics, gaps and remedies, and the
budget by agency × fiscal year. Headers follow the reader's language (Thai by default), years
are shown BE in Thai, amounts are numbers formatted with thousands separators."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from django.db.models import Field, Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.orgs.models import Agency
from oneplan.stats.models import Dataset, Indicator
from oneplan.valuechains.devplan import DevPlan
from oneplan.valuechains.models import DataGap, Requirement

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
BAHT = "#,##0.00"
SHEET_NAME_MAX = 31  # Excel's limit


def _field(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return str(capfirst(field.verbose_name))


def _sheet(book: Workbook, title: str, plan: DevPlan, header: Sequence[object]) -> Worksheet:
    """A sheet with the plan's title in row 1 and ``header`` in row 2, frozen below it."""
    sheet: Worksheet = book.create_sheet(title[:SHEET_NAME_MAX])
    sheet.append([f"{title}: {plan.area} {plan.span_label}"])
    sheet["A1"].font = TITLE
    sheet.append(list(header))
    for cell in sheet[2]:
        cell.font = BOLD
        cell.alignment = WRAP
    sheet.freeze_panes = "A3"
    return sheet


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _key_statistics(book: Workbook, plan: DevPlan) -> None:
    header = [
        _field(Indicator, "code"),
        _("Indicator"),
        _field(Indicator, "unit"),
        _field(Requirement, "frequency"),
        _field(Requirement, "area_level"),
        _("Status"),
        _field(Dataset, "official"),
        _field(Dataset, "owner"),
        _("Dataset"),
        _field(Dataset, "source_type"),
        _("Latest period"),
    ]
    sheet = _sheet(book, _("Key statistics"), plan, header)
    for k in plan.key_statistics:
        sheet.append(
            [
                k.indicator.code,
                k.indicator.name_th,
                k.indicator.unit,
                k.frequency_label,
                k.level_label,
                k.status_label,
                "✓" if k.official else "",
                str(k.owner) if k.owner else "",
                k.dataset,
                k.source_type_label,
                k.latest_label,
            ]
        )
    _widths(sheet, (14, 48, 12, 16, 14, 14, 10, 36, 22, 18, 20))


def _gaps(book: Workbook, plan: DevPlan) -> None:
    header = [
        _field(DataGap, "target_year"),
        _field(Indicator, "code"),
        _("Indicator"),
        _field(DataGap, "types"),
        _field(DataGap, "remedy"),
        _field(DataGap, "proxy"),
        _field(DataGap, "agency"),
        _field(DataGap, "budget"),
        _field(DataGap, "status"),
        _("Priority"),
        _field(DataGap, "note"),
    ]
    sheet = _sheet(book, _("Gaps and remedies"), plan, header)
    for p in plan.gaps:
        sheet.append(
            [
                p.shown_year,
                p.indicator.code,
                p.indicator.name_th,
                "\n".join(p.types),
                p.remedy,
                str(p.gap.proxy) if p.gap.proxy else "",
                p.agency,
                p.budget,
                p.status,
                p.score,
                p.gap.note,
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 8).number_format = BAHT
        for column in (3, 4, 7, 11):
            sheet.cell(row, column).alignment = WRAP
    _widths(sheet, (12, 14, 40, 36, 24, 24, 32, 16, 14, 10, 36))


def _budget(book: Workbook, plan: DevPlan) -> None:
    total = _("Total")
    sheet = _sheet(
        book,
        _("Budget"),
        plan,
        [str(capfirst(Agency._meta.verbose_name)), *plan.shown_years, total],
    )
    for line in plan.budget:
        sheet.append([line.agency, *(line.by_year[y] for y in plan.years), line.total])
    sheet.append([total, *(plan.by_year[y] for y in plan.years), plan.total])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in sheet.iter_rows(min_row=3, min_col=2):
        for cell in row:
            cell.number_format = BAHT
    _widths(sheet, (48, *([16] * len(plan.years)), 18))


def write_xlsx(plan: DevPlan, target: str | Path | IO[bytes]) -> None:
    """Write ``plan`` as a workbook of three sheets to a path or a binary file."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    _key_statistics(book, plan)
    _gaps(book, plan)
    _budget(book, plan)
    book.save(target)

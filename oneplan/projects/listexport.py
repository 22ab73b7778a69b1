"""The annual project list (บัญชีรายการชุดโครงการ) as a workbook, and what its PDF shares.

One sheet: a title block (the list, its area and fiscal year, the ceiling and the totals),
then the projects in the list's order in two sections, within the ceiling and over it, each
closed by its subtotal. Headers follow the reader's language (Thai by default), years are
shown BE in Thai, amounts are numbers formatted with thousands separators.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.db.models import Field, Model
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from oneplan.lib.thaidate import ce_to_be, format_fiscal_year
from oneplan.projects.models import Project, ProjectList
from oneplan.projects.priority import PART_LABELS, PARTS
from oneplan.projects.projectlist import Entry, ListView

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BAHT = "#,##0.00"
POINTS = "0.0"
SHEET_NAME_MAX = 31  # Excel's limit
HEADER_ROW = 7
FILLS = {
    True: PatternFill("solid", fgColor="E2EFDA"),  # within the ceiling
    False: PatternFill("solid", fgColor="FCE4D6"),  # over it
}


@dataclass(frozen=True)
class Row:
    """A project of the list as both exports show it."""

    entry: Entry
    agency: str
    locations: str
    state: str
    points: list[float]  # each priority part's points, in the order of ``PARTS``


@dataclass(frozen=True)
class Section:
    heading: str
    within: bool
    rows: list[Row]
    subtotal: Decimal


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


def year_label(project_list: ProjectList) -> str:
    """ปีงบประมาณ 2569 in Thai, FY2026 in English."""
    return format_fiscal_year(project_list.fiscal_year, "th" if _thai() else "en")


def list_name() -> str:
    return str(capfirst(ProjectList._meta.verbose_name))


def title(view: ListView) -> str:
    """E.g. บัญชีรายการชุดโครงการ นนทบุรี ปีงบประมาณ 2569 (งบจังหวัด)."""
    pl = view.project_list
    return f"{list_name()} {pl.area} {year_label(pl)} ({pl.get_source_display()})"


def file_name(view: ListView, extension: str) -> str:
    """E.g. project-list-12-2569.xlsx (the BE year, as agencies name their files)."""
    pl = view.project_list
    return f"project-list-{pl.area.code}-{ce_to_be(pl.fiscal_year)}.{extension}"


def part_labels() -> list[str]:
    return [str(PART_LABELS[p]) for p in PARTS]


def row(entry: Entry) -> Row:
    p = entry.project
    contributions = entry.priority.contributions()
    return Row(
        entry=entry,
        agency=str(p.agency) if p.agency else "",
        locations=", ".join(str(a) for a in p.locations.all()),
        state=p.get_state_display(),
        points=[contributions[part] for part in PARTS],
    )


def sections(view: ListView) -> list[Section]:
    """Within the ceiling, then over it; both always, possibly empty."""
    within, over = view.within, view.over
    return [
        Section(_("Within the ceiling"), True, [row(e) for e in within], view.within_total),
        Section(
            _("Over the ceiling"), False, [row(e) for e in over], view.total - view.within_total
        ),
    ]


def _field(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return str(capfirst(field.verbose_name))


def header() -> list[str]:
    return [
        _("Order"),
        _field(Project, "code"),
        _("Project"),
        _field(Project, "agency"),
        _field(Project, "locations"),
        _("Amount requested (baht)"),
        _("Running total (baht)"),
        _("Priority score"),
        *part_labels(),
        _field(Project, "state"),
        _("Placed by hand"),
    ]


AMOUNT_COLUMNS = (6, 7)
POINT_COLUMNS = tuple(range(8, 9 + len(PARTS)))
WRAPPED_COLUMNS = (3, 4, 5)
WIDTHS = (7, 16, 48, 30, 26, 16, 16, 10, *([11] * len(PARTS)), 16, 10)


def _title_block(sheet: Worksheet, view: ListView) -> None:
    pl = view.project_list
    sheet.append([f"{title(view)} · {pl.committee}" if pl.committee else title(view)])
    sheet["A1"].font = TITLE
    amounts = [
        (_("Ceiling (baht)"), pl.ceiling),
        (_("Total requested (baht)"), view.total),
        (_("Within the ceiling (baht)"), view.within_total),
        (_("Over the ceiling (baht)"), view.total - view.within_total),
    ]
    for label, amount in amounts:
        sheet.append([label, None, None, None, None, amount])
        sheet.cell(sheet.max_row, 1).font = BOLD
        sheet.cell(sheet.max_row, 6).number_format = BAHT
    sheet.append([])


def _section(sheet: Worksheet, section: Section) -> None:
    sheet.append([section.heading])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.fill = FILLS[section.within]
    for r in section.rows:
        e = r.entry
        sheet.append(
            [
                e.position,
                e.project.code,
                e.project.name_th,
                r.agency,
                r.locations,
                e.amount,
                e.running_total,
                e.priority.score,
                *r.points,
                r.state,
                _("Yes") if e.placed_by_hand else _("No"),
            ]
        )
        line = sheet.max_row
        for cell in sheet[line]:
            cell.alignment = WRAP if cell.column in WRAPPED_COLUMNS else TOP
        for column in AMOUNT_COLUMNS:
            sheet.cell(line, column).number_format = BAHT
        for column in POINT_COLUMNS:
            sheet.cell(line, column).number_format = POINTS
    sheet.append([_("Subtotal: %(section)s") % {"section": section.heading}])
    sheet.cell(sheet.max_row, 6).value = section.subtotal
    sheet.cell(sheet.max_row, 6).number_format = BAHT
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def write_xlsx(view: ListView, target: str | Path | IO[bytes]) -> None:
    """Write the list as a one-sheet workbook to a path or a binary file."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = list_name()[:SHEET_NAME_MAX]
    _title_block(sheet, view)
    sheet.append(header())
    for cell in sheet[HEADER_ROW]:
        cell.font = BOLD
        cell.alignment = WRAP
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for section in sections(view):
        _section(sheet, section)
    _widths(sheet, WIDTHS)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    book.save(target)

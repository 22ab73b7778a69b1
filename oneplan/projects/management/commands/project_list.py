"""oneplan project-list AREA --year 2569 --format pdf|xlsx --output FILE: the annual project
list (บัญชีรายการชุดโครงการ) of a province or group as a PDF or a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.geo.models import Area
from oneplan.lib.thaidate import ThaiDateError, ce_to_be
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.projects.listexport import file_name, write_xlsx
from oneplan.projects.listpdf import write_pdf
from oneplan.projects.models import ProjectList
from oneplan.projects.projectlist import build

FORMATS = ("pdf", "xlsx")


class Command(BaseCommand):
    help = "Write the annual project list of a province or group as PDF or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="area code of a province or group, e.g. 12")
        parser.add_argument(
            "--year", required=True, help="fiscal year, BE as written in Thai, e.g. 2569"
        )
        parser.add_argument(
            "--format", choices=FORMATS, help="pdf or xlsx (default: the output's suffix, or pdf)"
        )
        parser.add_argument("-o", "--output", type=Path, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(f"no area {options['area']!r}")
        try:
            year = parse_fiscal_year(options["year"])
        except ThaiDateError:
            raise CommandError(
                f"--year must be a fiscal year such as 2569, not {options['year']!r}"
            ) from None
        project_list = (
            ProjectList.objects.filter(area=area, fiscal_year=year)
            .select_related("area", "committee")
            .first()
        )
        if project_list is None:
            raise CommandError(
                f"{area} ({area.code}) has no project list for fiscal year {ce_to_be(year)}; "
                "set its ceiling first"
            )
        output: Path | None = options["output"]
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = options["format"] or (suffix if suffix in FORMATS else "pdf")
        view = build(project_list)
        path = output or Path(file_name(view, fmt))
        (write_pdf if fmt == "pdf" else write_xlsx)(view, path)
        self.stdout.write(
            f"{path}: {project_list}; projects: {len(view.entries)} "
            f"({len(view.within)} within the ceiling), requested: {view.total:,.2f} baht, "
            f"ceiling: {project_list.ceiling:,.2f} baht"
        )

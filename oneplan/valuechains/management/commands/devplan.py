"""oneplan devplan AREA --year 2569 --years 4 --format pdf|xlsx --output FILE: the statistics
development plan of a province or group as a PDF or a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.core.cli import acting_user
from oneplan.geo.models import Area
from oneplan.valuechains.devplan import SpanError, development_plan, read_span
from oneplan.valuechains.devplan_pdf import write_pdf
from oneplan.valuechains.devplan_xlsx import write_xlsx

FORMATS = ("pdf", "xlsx")


class Command(BaseCommand):
    help = "Write the statistics development plan (1 or 4 fiscal years) as PDF or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="area code of a province or group, e.g. 12")
        parser.add_argument(
            "--year", help="first fiscal year, BE as written in Thai (default: the current one)"
        )
        parser.add_argument("--years", default="1", help="1 or 4 fiscal years (default 1)")
        parser.add_argument(
            "--format", choices=FORMATS, help="pdf or xlsx (default: the output's suffix, or pdf)"
        )
        parser.add_argument("-o", "--output", type=Path, help="file to write")
        parser.add_argument(
            "--user", help="read draft plans as this user (default: published plans only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"]).first()
        if area is None:
            raise CommandError(f"no area {options['area']!r}")
        try:
            first, years = read_span(options["year"], options["years"])
        except SpanError as exc:
            raise CommandError(f"--{exc.parameter}: {exc.message}") from None
        output: Path | None = options["output"]
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = options["format"] or (suffix if suffix in FORMATS else "pdf")
        plan = development_plan(area, first, years, user=acting_user(options["user"]))
        path = output or Path(plan.file_name(fmt))
        (write_pdf if fmt == "pdf" else write_xlsx)(plan, path)
        self.stdout.write(
            f"{path}: {plan.area} {plan.span_label}; key statistics: {len(plan.key_statistics)}, "
            f"gaps: {len(plan.gaps)}, budget: {plan.total:,.2f} baht"
        )

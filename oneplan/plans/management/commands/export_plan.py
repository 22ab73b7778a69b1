"""oneplan export-plan CODE [-o FILE]: write an edition in the plan workbook template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from oneplan.plans.management.commands._plans import add_edition_arguments, find_edition
from oneplan.plans.workbook import export_filename, write_workbook


class Command(BaseCommand):
    help = "Export a plan edition to the plan workbook template (re-importable as is)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_edition_arguments(parser)
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: a name)")

    def handle(self, *args: Any, **options: Any) -> None:
        edition = find_edition(options["plan"], options["edition"])
        path: Path = options["output"] or Path(export_filename(edition))
        write_workbook(edition, path)
        self.stdout.write(f"{path}: {edition}, {edition.elements.count()} elements")

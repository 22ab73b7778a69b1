"""oneplan plan-checklist CODE [-o FILE]: the checklist report, printed or as a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from oneplan.core.cli import print_table
from oneplan.plans.checklist import checklist
from oneplan.plans.management.commands._plans import add_edition_arguments, find_edition
from oneplan.plans.reports import write_checklist


class Command(BaseCommand):
    help = "Check a plan edition for what the source documents complain about."

    def add_arguments(self, parser: CommandParser) -> None:
        add_edition_arguments(parser)
        parser.add_argument("-o", "--output", type=Path, help="also write an .xlsx report")

    def handle(self, *args: Any, **options: Any) -> None:
        edition = find_edition(options["plan"], options["edition"])
        checks = checklist(edition)
        with translation.override("th"):
            rows = [
                [
                    str(c.title),
                    str(len(c.findings)),
                    "; ".join(f"{f.element.number} {f.detail}".strip() for f in c.findings[:5]),
                ]
                for c in checks
            ]
            print_table(self, str(edition), ["check", "findings", "first findings"], rows)
            if options["output"]:
                write_checklist(str(edition), checks, options["output"])
                self.stdout.write(str(options["output"]))

"""oneplan scan-duplicates --year 2569: find a fiscal year's likely duplicate requests in the
database and store them for review (decisions already taken are kept)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.lib.thaidate import ThaiDateError
from oneplan.lib.thaiparse import parse_fiscal_year
from oneplan.projects.duplicates import scan


class Command(BaseCommand):
    help = "Find likely duplicate requests of a fiscal year and store them for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="fiscal year, BE, e.g. 2569")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = parse_fiscal_year(options["year"])
        except ThaiDateError as exc:
            raise CommandError(f"--year: {exc}") from exc
        started = time.perf_counter()
        result = scan(year)
        self.stdout.write(
            f"{result.compared} requests compared, {result.found} pairs found "
            f"({result.new} new, {result.dropped} undecided pairs no longer found) "
            f"in {time.perf_counter() - started:.1f} s"
        )

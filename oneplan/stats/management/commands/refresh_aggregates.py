"""oneplan refresh-aggregates [CODE ...]: rebuild roll-ups and computed values."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.stats.aggregates import refresh
from oneplan.stats.models import Indicator


class Command(BaseCommand):
    help = (
        "Rebuild the aggregates (area and period roll-ups, computed indicators) of the "
        "indicators named by code, and of those computed from them; of all when none is named."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", metavar="CODE", help="indicator codes")

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["codes"]
        ids: list[int] | None = None
        if codes:
            found = dict(Indicator.objects.filter(code__in=codes).values_list("code", "pk"))
            unknown = [code for code in codes if code not in found]
            if unknown:
                raise CommandError(f"unknown indicator code(s): {', '.join(unknown)}")
            ids = list(found.values())
        started = time.perf_counter()
        rows = refresh(ids)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{rows:,} aggregate values written in {seconds:.1f} s")

"""oneplan find-duplicates IN.csv OUT.csv: likely duplicate budget requests in a CSV file.

Needs no database: departments run it on their own lists. The engine is
``oneplan.lib.duplicates``, the same one the web feature uses.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.lib.duplicates import (
    DEFAULT_THRESHOLD,
    DEFAULT_TOP_K,
    RequestFileError,
    find_pairs,
    read_requests,
    write_pairs,
)


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Write the pairs of requests in IN.csv that are likely the same work to OUT.csv "
        "(id_a,id_b,score,reason). IN.csv: UTF-8 with the header "
        "id,title,description,area_code,agency,fiscal_year. Uses no database."
    )
    requires_system_checks: list[str] = []  # the checks would touch settings the CLI ignores
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, metavar="IN.csv")
        parser.add_argument("output", type=Path, metavar="OUT.csv")
        parser.add_argument(
            "--threshold",
            type=_share,
            default=DEFAULT_THRESHOLD,
            help=f"lowest score written, 0-1 (default {DEFAULT_THRESHOLD})",
        )
        parser.add_argument(
            "--top-k",
            type=int,
            default=DEFAULT_TOP_K,
            help=f"most similar requests compared with each one (default {DEFAULT_TOP_K})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        if not source.is_file():
            raise CommandError(f"{source}: no such file")
        if options["top_k"] < 1:
            raise CommandError("--top-k must be at least 1")
        started = time.perf_counter()
        try:
            requests = read_requests(source)
        except RequestFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{source.name}: {problem}")
            raise CommandError(
                f"{len(exc.problems)} problem(s) in {source.name}; nothing was written."
            ) from None
        pairs = find_pairs(requests, threshold=options["threshold"], top_k=options["top_k"])
        written = write_pairs(options["output"], pairs)
        self.stdout.write(
            f"{len(requests):,} requests read, {written:,} likely duplicate pairs written to "
            f"{options['output']} in {time.perf_counter() - started:.1f} s"
        )

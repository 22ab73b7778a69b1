"""oneplan prune-uploads [--days N]: delete kept upload files no batch needs any more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from oneplan.stats.uploads import prune


class Command(BaseCommand):
    help = (
        "Delete uploaded files whose import batches all ended more than N days ago "
        "(ONEPLAN_UPLOAD_KEEP_DAYS, 30 unless set). The batches' records stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, help="instead of ONEPLAN_UPLOAD_KEEP_DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = prune(options["days"])
        for name in removed:
            self.stdout.write(f"deleted {name}")
        self.stdout.write(f"{len(removed)} kept uploads deleted")

"""oneplan load-areas FILE...: load or update areas (CSV/JSON) or boundaries (GeoJSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from oneplan.core.cli import print_table, reject
from oneplan.core.importing import ImportRejected
from oneplan.geo.choices import AreaLevel
from oneplan.geo.loaders.engine import LoadSummary, load_boundaries, load_file
from oneplan.geo.loaders.readers import read_boundary_file


class Command(BaseCommand):
    help = (
        "Load or update areas from CSV (code,name_th,name_en[,level,parent_code,postal_codes]) "
        "or JSON (thailand-geography-json layout), or boundaries from GeoJSON. Every file is "
        "checked first; when any problem is found, all are listed and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--encoding", default="utf-8-sig", help="text encoding of CSV/JSON files (e.g. cp874)"
        )
        parser.add_argument(
            "--code-property", default="", help="GeoJSON feature property holding the area code"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        # All files in one transaction: a problem in any file leaves the database untouched.
        with transaction.atomic():
            self.load_all(options)

    def load_all(self, options: dict[str, Any]) -> None:
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            reason = f"load-areas {path.name}"
            try:
                if options["code_property"]:
                    result = read_boundary_file(path, options["code_property"])
                    if result.problems:
                        raise ImportRejected(result.problems)
                    summary = load_boundaries(
                        path.name, result.boundaries, dry_run=options["dry_run"], reason=reason
                    )
                else:
                    summary = load_file(
                        path,
                        encoding=options["encoding"],
                        dry_run=options["dry_run"],
                        reason=reason,
                    )
            except ImportRejected as exc:
                raise reject(self, exc) from exc
            self.report(path, summary, options["dry_run"])

    def report(self, path: Path, summary: LoadSummary, dry_run: bool) -> None:
        rows = [
            [
                str(AreaLevel(lv).label) if lv in AreaLevel.values else lv,
                str(summary.created[lv]),
                str(summary.updated[lv]),
                str(summary.unchanged[lv]),
            ]
            for lv in summary.levels()
        ]
        title = f"{path.name}{' (dry run: nothing written)' if dry_run else ''}"
        print_table(self, title, ["level", "created", "updated", "unchanged"], rows)

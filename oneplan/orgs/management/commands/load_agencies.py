"""oneplan load-agencies FILE: create or update agencies from JSON or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.core.cli import print_table, reject
from oneplan.core.importing import ImportRejected
from oneplan.orgs.loaders import load_agencies, read_agency_file


class Command(BaseCommand):
    help = "Create or update agencies from JSON or CSV (code,kind,name_th,name_en,parent,area)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            summary = load_agencies(path.name, read_agency_file(path))
        except ImportRejected as exc:
            raise reject(self, exc) from exc
        kinds = sorted(set(summary.created) | set(summary.updated) | set(summary.unchanged))
        print_table(
            self,
            path.name,
            ["kind", "created", "updated", "unchanged"],
            [
                [k, str(summary.created[k]), str(summary.updated[k]), str(summary.unchanged[k])]
                for k in kinds
            ],
        )

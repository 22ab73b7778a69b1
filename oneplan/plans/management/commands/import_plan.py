"""oneplan import-plan FILE.xlsx: create or update a plan from the plan workbook template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from oneplan.core.cli import acting_user, print_table, reject
from oneplan.core.importing import ImportRejected
from oneplan.plans.importer import apply_document
from oneplan.plans.workbook import read_workbook


class Command(BaseCommand):
    help = (
        "Import a plan workbook (sheets แผน, องค์ประกอบแผน, ตัวชี้วัดและค่าเป้าหมาย). A new plan "
        "code creates the plan; an existing one replaces its draft edition's contents. Every "
        "problem is listed with sheet, row and column, and nothing is written if there is one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="act as this user (permissions apply)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = acting_user(options["user"])
        try:
            with transaction.atomic():
                result = apply_document(read_workbook(path), user)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ImportRejected as exc:
            raise reject(self, exc) from exc
        verb = (
            "would be" if options["dry_run"] else ("created" if result.created_plan else "updated")
        )
        print_table(
            self,
            f"{result.plan.code}, edition {result.edition.number} ({verb})",
            ["", "count"],
            [
                *[[f"elements {k}", str(v)] for k, v in result.elements.items()],
                ["indicators", str(result.indicators)],
                ["targets", str(result.targets)],
                ["new registry indicators", ", ".join(result.new_indicators) or "0"],
            ],
        )

"""oneplan export-alignment CODE FRAMEWORK [-o FILE]: the alignment matrix as a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oneplan.plans.alignment import matrix
from oneplan.plans.management.commands._plans import add_edition_arguments, find_edition
from oneplan.plans.models import Plan
from oneplan.plans.reports import write_matrix


class Command(BaseCommand):
    help = "Export the matrix of a plan's issues against a framework's items (● direct, ○ via)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_edition_arguments(parser)
        parser.add_argument("framework", help="code of the plan aligned to, e.g. MP or NESDP-13")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        edition = find_edition(options["plan"], options["edition"])
        framework = Plan.objects.filter(code=options["framework"]).first()
        if framework is None:
            raise CommandError(f"no plan {options['framework']!r}")
        m = matrix(edition, framework)
        path: Path = options["output"] or Path(f"{edition.plan.code}-x-{framework.code}.xlsx")
        write_matrix(m, path)
        linked = len({row for row, _c in m.cells})
        self.stdout.write(
            f"{path}: {len(m.rows)} rows × {len(m.columns)} columns, "
            f"{linked} rows aligned, {len(m.unaligned_rows())} not aligned"
        )

"""oneplan import FILE [--mapping MAPPING]: load observations from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from oneplan.core.cli import acting_user, print_table, reject
from oneplan.core.importing import ImportRejected
from oneplan.exchange.mapping import DEFAULT_MAPPING, load_mapping
from oneplan.stats.loading import LoadResult, load_file


class Command(BaseCommand):
    help = (
        "Load observations (indicator × area × period → value) from CSV or XLSX, long or wide, "
        "following a mapping file (TOML or JSON; see docs/user/data-import.md). Every problem "
        "is listed with row and column; nothing is written when there is one, unless "
        "--accept-valid. Exits non-zero when the file has problems."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mapping", type=Path, help="mapping file (.toml or .json)")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--accept-valid",
            action="store_true",
            help="load the good values and write the rejected rows to --errors",
        )
        parser.add_argument("--errors", type=Path, help="where to write the rejected rows (CSV)")
        parser.add_argument("--user", help="act as this user (permissions apply)")
        parser.add_argument(
            "--no-refresh", action="store_true", help="do not rebuild aggregates afterwards"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = acting_user(options["user"])
        try:
            mapping = load_mapping(options["mapping"]) if options["mapping"] else DEFAULT_MAPPING
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed:,.0f}/{task.total:,.0f} rows"),
                TimeRemainingColumn(),
                console=None,
                transient=True,
                disable=not self.stdout.isatty(),
            ) as bar:
                task = bar.add_task(path.name, total=None)
                result = load_file(
                    path,
                    mapping,
                    user=user,
                    dry_run=options["dry_run"],
                    accept_valid=options["accept_valid"],
                    refresh=not options["no_refresh"],
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        except ImportRejected as exc:
            raise reject(self, exc) from exc
        self._report(result, options)
        if result.problem_count and not options["accept_valid"]:
            raise CommandError(f"{result.problem_count} problem(s) found; nothing was written.")

    def _report(self, result: LoadResult, options: dict[str, Any]) -> None:
        for problem in result.problems[:200]:
            self.stderr.write(str(problem))
        if result.problem_count > 200:
            self.stderr.write(f"... and {result.problem_count - 200} more")
        if result.error_file and options["errors"]:
            options["errors"].write_text(result.error_file, encoding="utf-8-sig")
            self.stderr.write(f"rejected rows written to {options['errors']}")
        verb = "would be" if result.dry_run else "were"
        title = f"{result.source}: {result.rows:,} values read in {result.seconds:.1f} s"
        if result.batch is not None:
            title += f" (batch #{result.batch.pk})"
        print_table(
            self,
            title,
            ["", "count"],
            [
                [f"new values ({verb} added)", f"{result.added:,}"],
                [f"changed values ({verb} updated)", f"{result.changed:,}"],
                ["unchanged values", f"{result.unchanged:,}"],
                ["rows with problems", f"{result.rejected_rows:,}"],
            ],
        )
        for change in result.preview[:20]:
            old = "new" if change.old is None else f"{change.old:g}"
            self.stdout.write(
                f"  {change.indicator} {change.area} {change.period} {change.disaggregation}: "
                f"{old} → {change.new:g}"
            )

"""What every importer reports: problems with their place (file, sheet, row, column, field).

Importers collect every problem before writing anything, then raise ``ImportRejected`` with the
whole list, so a user fixes a file in one pass and the database never holds half a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, and where it is."""

    file: str
    row: int | None
    column: str
    message: str
    sheet: str = ""

    def where(self) -> str:
        """A human-readable place: ``file, sheet S, row R, column C``."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(p for p in parts if p)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRejected(Exception):
    """The input had problems; nothing was written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet, p.row or 0, p.column))
        super().__init__(f"{len(self.problems)} problem(s); nothing was written")

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def report(self, limit: int | None = None) -> str:
        """All problems (or the first ``limit``), one per line, with a count."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        lines.append(f"{len(self.problems)} problem(s) found; nothing was written.")
        return "\n".join(lines)

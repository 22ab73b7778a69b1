"""The CSV files of ``oneplan find-duplicates``: requests in, pairs out.

In: UTF-8 (a byte-order mark is fine), the header ``id,title,description,area_code,agency,
fiscal_year`` (any order, no other columns). ``area_code`` holds DOPA codes separated by spaces,
``;`` or ``,``; ``fiscal_year`` a BE or CE year ("2569", "2026", "ปีงบประมาณ ๒๕๖๙"), or nothing.
Out: ``id_a,id_b,score,reason``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from oneplan.lib.duplicates.engine import Pair, Request
from oneplan.lib.thaidate import ThaiDateError, from_thai_digits
from oneplan.lib.thaiparse import parse_fiscal_year

HEADER = ("id", "title", "description", "area_code", "agency", "fiscal_year")
OUT_HEADER = ("id_a", "id_b", "score", "reason")
_CODE_SEPARATORS = re.compile(r"[\s;,]+")


class RequestFileError(ValueError):
    """A request file that cannot be read; ``problems`` lists every one found, with its row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 9] → "2-4, 9"."""
    parts: list[str] = []
    start = previous = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if n is not None:
            start = previous = n
    return ", ".join(parts)


def _decode(raw: bytes, problems: list[str]) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    bad = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    hint = "save it as CSV UTF-8"
    try:
        raw.decode("cp874")
        hint = "it looks like Windows Thai (TIS-620/cp874); save it as CSV UTF-8"
    except UnicodeDecodeError:
        pass
    problems.append(f"rows {_ranges(bad)}: not UTF-8 text; {hint}")
    return raw.decode("utf-8-sig", errors="replace")


def _area_codes(cell: str, where: str, problems: list[str]) -> tuple[str, ...]:
    codes = tuple(c for c in _CODE_SEPARATORS.split(from_thai_digits(cell)) if c)
    for code in codes:
        if code.isdigit() and len(code) not in (2, 4, 6, 8):
            problems.append(
                f"{where}, area_code: {code!r} is not a DOPA code (2, 4, 6 or 8 digits)"
            )
    return codes


def _fiscal_year(cell: str, where: str, problems: list[str]) -> int | None:
    if not cell.strip():
        return None
    try:
        return parse_fiscal_year(cell)
    except ThaiDateError as exc:
        problems.append(f"{where}, fiscal_year: {exc}")
        return None


def read_requests(path: str | Path) -> list[Request]:
    """Read a request file, or raise ``RequestFileError`` listing every problem in it."""
    problems: list[str] = []
    text = _decode(Path(path).read_bytes(), problems)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise RequestFileError([f"the file is empty; expected the header {','.join(HEADER)}"])
    names = [h.strip() for h in header]
    missing = [h for h in HEADER if h not in names]
    unknown = [h for h in names if h not in HEADER]
    repeated = sorted({h for h in names if names.count(h) > 1})
    expected = f"expected the header {','.join(HEADER)}"
    if missing:
        problems.append(f"row 1: missing column(s) {', '.join(missing)}; {expected}")
    if unknown:
        problems.append(f"row 1: unknown column(s) {', '.join(unknown)}; {expected}")
    if repeated:
        problems.append(f"row 1: column(s) {', '.join(repeated)} given twice")
    column = {name: names.index(name) for name in HEADER if name in names}
    requests: list[Request] = []
    seen: dict[str, int] = {}
    row = reader.line_num
    for cells in reader:
        number, row = row + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            problems.append(f"row {number}: {len(cells)} fields, expected {len(names)}")
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[column[name]].strip() if name in column else ""

        where = f"row {number}"
        request_id = cell("id")
        if not request_id:
            problems.append(f"{where}, id: empty")
        elif request_id in seen:
            problems.append(f"{where}, id: {request_id!r} already used on row {seen[request_id]}")
        else:
            seen[request_id] = number
        if not cell("title"):
            problems.append(f"{where}, title: empty")
        requests.append(
            Request(
                id=request_id,
                title=cell("title"),
                description=cell("description"),
                area_codes=_area_codes(cell("area_code"), where, problems),
                agency=cell("agency"),
                fiscal_year=_fiscal_year(cell("fiscal_year"), where, problems),
            )
        )
    if problems:
        raise RequestFileError(problems)
    return requests


def write_pairs(path: str | Path, pairs: Iterable[Pair]) -> int:
    """Write pairs as ``id_a,id_b,score,reason`` (score to 3 decimals); returns how many."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(OUT_HEADER)
        for pair in pairs:
            writer.writerow((pair.id_a, pair.id_b, f"{pair.score:.3f}", pair.reason))
            count += 1
    return count

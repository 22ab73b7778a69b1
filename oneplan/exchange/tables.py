"""Read a CSV or XLSX file as a header plus numbered rows of text cells, streaming.

Spreadsheet cells arrive typed (numbers, dates); they are turned into the text a person would
have typed, so one set of parsers (Thai numbers, periods) serves both formats: 2562.0 becomes
"2562", a date becomes "2019-01-01".
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from oneplan.core.importing import ImportRejected, Problem

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


@dataclass
class Table:
    """An open table: its name for messages, header cells, and a row iterator."""

    name: str
    sheet: str
    header_row: int
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    rows_hint: int  # about how many data rows there are, for progress bars


def cell_text(value: Any) -> str:
    """The text a person would have typed for a typed spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def open_table(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int = 1,
    delimiter: str | None = None,
    encoding: str = "utf-8-sig",
    display_name: str | None = None,
) -> Table:
    """Open ``path`` (CSV, TSV or a spreadsheet) positioned after its header row."""
    name = display_name or path.name
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _open_workbook(path, name, sheet, header_row)
    return _open_csv(path, name, header_row, delimiter, encoding)


def _open_csv(
    path: Path, name: str, header_row: int, delimiter: str | None, encoding: str
) -> Table:
    try:
        handle: IO[str] = open(path, encoding=encoding, newline="")  # noqa: SIM115
        sample = handle.read(64 * 1024)
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [
                Problem(
                    name,
                    None,
                    "",
                    _(
                        "The file is not valid %(enc)s near byte %(pos)s. Save it as UTF-8 "
                        "(Excel: CSV UTF-8), or name its encoding, e.g. --encoding cp874."
                    )
                    % {"enc": encoding.upper(), "pos": exc.start},
                )
            ]
        ) from exc
    except OSError as exc:
        raise ImportRejected([Problem(name, None, "", str(exc))]) from exc
    handle.seek(0)
    if delimiter is None:
        delimiter = (
            "\t" if path.suffix.lower() == ".tsv" or sample.count("\t") > sample.count(",") else ","
        )
    reader = csv.reader(handle, delimiter=delimiter)
    header = _skip_to_header(reader, header_row, name, "")

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, cells in enumerate(reader, start=header_row + 1):
                if any(cells):
                    yield number, [c.strip() for c in cells]
        finally:
            handle.close()

    return Table(name, "", header_row, header, rows(), max(0, _count_lines(path) - header_row))


def _open_workbook(path: Path, name: str, sheet: str | None, header_row: int) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportRejected(
            [Problem(name, None, "", _("Cannot read the workbook: %(error)s") % {"error": exc})]
        ) from exc
    names = book.sheet_names
    if sheet is None:
        sheet = names[0]
    elif sheet not in names:
        raise ImportRejected(
            [
                Problem(
                    name,
                    None,
                    "",
                    _("There is no sheet %(sheet)s; the sheets are: %(names)s.")
                    % {"sheet": sheet, "names": ", ".join(names)},
                )
            ]
        )
    data = book.get_sheet_by_name(sheet)
    # calamine drops leading empty columns (not rows): pad them back so letters stay true.
    pad = [""] * (data.start[1] if data.start else 0)
    raw = ([*pad, *(cell_text(v) for v in row)] for row in data.iter_rows())
    header = _skip_to_header(raw, header_row, name, sheet)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(raw, start=header_row + 1):
            if any(cells):
                yield number, cells

    return Table(name, sheet, header_row, header, rows(), max(0, data.height - header_row))


def _skip_to_header(
    reader: Iterator[list[str]], header_row: int, name: str, sheet: str
) -> list[str]:
    header: list[str] | None = None
    for _number, cells in zip(range(header_row), reader, strict=False):
        header = cells
    if header is None or not any(header):
        raise ImportRejected(
            [
                Problem(
                    name,
                    header_row,
                    "",
                    _("Row %(row)s should be the header, but the file has no such row.")
                    % {"row": header_row},
                    sheet,
                )
            ]
        )
    return [h.strip().lstrip("\ufeff") for h in header]


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

"""An analysis's result (the plain data of ``snapshot``) as a PDF (A4 landscape): ``pdf_file``.

A Product Champion shows its ranking (each criterion's points, the raw value under them), its
criteria with their weights and normalisation, and the positioning behind it; a positioning
shows the positioning alone; a problem ranking its ranking. The positioning's table is the
workbook's inputs narrowed to what fits a page: the values, share, growth, location quotients
and both shift-share splits. See ``oneplan.core.pdf`` for the Thai font and ``tables`` for what
the workbook shows too."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from oneplan.analysis import tables
from oneplan.analysis.snapshot import shown_label
from oneplan.analysis.tables import Column, Row
from oneplan.core import pdf as core_pdf

TEMPLATE = "analysis/analysis_pdf.html"
NUMERIC = frozenset({"count", "value", "measure", "change", "ratio", "percent", "points", "number"})
SHIFT_PARTS = ("national_share", "industry_mix", "competitive")


@dataclass(frozen=True)
class Cell:
    text: str
    sub: str = ""  # a second, smaller line
    numeric: bool = False


@dataclass(frozen=True)
class Head:
    text: str
    width: float  # relative; the template gets percentages
    numeric: bool = False


@dataclass
class Table:
    heading: str
    heads: list[Head]
    rows: list[list[Cell]]
    totals: list[list[Cell]] = field(default_factory=list)
    groups: list[tuple[str, int]] = field(default_factory=list)  # a row above: (label, span)

    def columns(self) -> list[tuple[Head, float]]:
        """Each heading with its width in per cent of the table's."""
        total = sum(h.width for h in self.heads)
        return [(h, round(100 * h.width / total, 2)) for h in self.heads]


def _cell(column: Column, row: Row, sub: str = "") -> Cell:
    return Cell(tables.shown(column.value(row), column.kind), sub, column.kind in NUMERIC)


def _head(column: Column, width: float = 6, text: str | None = None) -> Head:
    return Head(column.heading if text is None else text, width, column.kind in NUMERIC)


def _name(row: Row, *details: str | None) -> Cell:
    return Cell(row.get("name_th") or "", " · ".join(d for d in details if d))


def inputs_table(data: Row) -> Table:
    by_key = {c.key: c for c in tables.input_columns(data)}
    keys = ["start", "end", "share", "growth", "lq_start", "lq"]
    if any(r.get("employment_lq") is not None for r in data["sectors"]):
        keys.append("employment_lq")
    shift = [*SHIFT_PARTS, *(f"dynamic_{k}" for k in SHIFT_PARTS)]
    heads = [Head(_("Sector or product"), 18)] + [_head(by_key[k]) for k in keys]
    heads += [_head(by_key[k], 7, by_key[k.removeprefix("dynamic_")].heading) for k in shift]

    def line(row: Row, name: Cell) -> list[Cell]:
        return [name, *(_cell(by_key[k], row) for k in [*keys, *shift])]

    total = tables.input_total(data)
    return Table(
        _("Positioning by sector or product"),
        heads,
        [line(r, _name(r, r["code"], r.get("name_en"))) for r in data["sectors"]],
        [line(total, Cell(total["name_th"]))] if total else [],
        [
            ("", 1 + len(keys)),
            (_("Shift-share, classic"), 3),
            (_("Shift-share, dynamic"), 3),
        ],
    )


def ranking_table(data: Row) -> Table:
    by_key = {c.key: c for c in tables.ranking_columns(data)}
    criteria = data["criteria"]
    heads = [
        _head(by_key["rank"], 4),
        Head(_("Sector or product"), 24),
        _head(by_key["score"], 6),
        *(Head(shown_label(c), max(9, 60 / max(len(criteria), 1)), True) for c in criteria),
    ]
    rows = []
    for r in data["ranking"]:
        points = []
        for c in criteria:
            raw = by_key[f"raw:{c['id']}"]
            points.append(
                _cell(by_key[f"points:{c['id']}"], r, tables.shown(raw.value(r), raw.kind))
            )
        rows.append(
            [
                _cell(by_key["rank"], r),
                _name(r, r["code"], r.get("value_chain")),
                _cell(by_key["score"], r),
                *points,
            ]
        )
    return Table(
        _("Ranking"),
        heads,
        rows,
        groups=[("", 3), (_("Points by criterion (the value under them)"), len(criteria))]
        if criteria
        else [],
    )


def criteria_table(data: Row) -> Table:
    columns = tables.criteria_columns(data)
    widths = {"label": 22, "key": 18, "normalisation": 18, "higher_is_better": 8}
    return Table(
        _("Criteria and weights"),
        [_head(c, widths.get(c.key, 7)) for c in columns],
        [[_cell(c, row) for c in columns] for row in data["criteria"]],
    )


def problems_table(data: Row) -> Table:
    by_key = {c.key: c for c in tables.problem_columns(data)}
    plain = ["value", "target", "peer_average", "change", "status", "score"]
    parts = [f"points:{p}" for p in tables.PROBLEM_PARTS]
    heads = [
        _head(by_key["rank"], 4),
        Head(by_key["name_th"].heading, 26),
        _head(by_key["element"], 16),
        *(_head(by_key[k], 8 if k == "status" else 7) for k in plain),
        *(Head(tables.key_label(p), 7, True) for p in tables.PROBLEM_PARTS),
    ]
    rows = [
        [
            _cell(by_key["rank"], r),
            _name(r, r["indicator"], r.get("unit"), tables.fiscal_year_label(r["year"])),
            _cell(by_key["element"], r),
            *(_cell(by_key[k], r) for k in [*plain, *parts]),
        ]
        for r in data["ranking"]
    ]
    return Table(
        _("Ranking"),
        heads,
        rows,
        groups=[("", 3 + len(plain)), (_("Points by part"), len(parts))],
    )


def tables_of(data: Row) -> list[Table]:
    kind = data["kind"]
    if kind == "problems":
        return [problems_table(data)]
    if kind == "champion":
        return [ranking_table(data), criteria_table(data), inputs_table(data)]
    if kind == "positioning":
        return [inputs_table(data)]
    raise ValueError(f"unknown kind of analysis: {kind!r}")


def context(data: Row, title: str | None = None) -> dict[str, Any]:
    notes: Sequence[str] = data.get("notes") or []
    return {
        "title": title or tables.title(data),
        "kind": tables.kind_label(data["kind"]) if title else "",  # else in the title
        "lines": tables.header_lines(data),
        "tables": tables_of(data),
        "notes": notes,
    }


def pdf_file(data: dict[str, Any], title: str | None = None) -> bytes:
    """The PDF of a positioning, a Product Champion or a problem ranking (``snapshot``'s data);
    ``title`` (the saved analysis's name, say) heads it instead of the kind, area and years."""
    buffer = io.BytesIO()
    core_pdf.write_pdf(TEMPLATE, context(data, title), buffer)
    return buffer.getvalue()

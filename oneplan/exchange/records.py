"""Turn the rows of a table into observation records, following a mapping.

Every problem is collected with its row and column; a value with a problem is not yielded.
Records are plain tuples for speed (a load may hold millions):
``(row, column, indicator_id, area_id, period_code, start_iso, disaggregation, value, status)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

from django.utils.translation import gettext as _

from oneplan.core.importing import ImportRejected, Problem
from oneplan.exchange.lookups import (
    LEVEL_RANK,
    STATUS_WORDS,
    AreaRef,
    IndicatorRef,
    Lookups,
    NotFound,
    fit_period,
)
from oneplan.exchange.mapping import DEFAULT_HEADERS, ImportMapping, Source
from oneplan.exchange.tables import Table, column_letter
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.lib.thaitext import normalize

Record = tuple[int, int, int, int, str, str, str, float, str]
MAX_KEPT_PROBLEMS = 10_000


@dataclass
class Collector:
    """Problems and rejected rows of one load (all counted; the first 10,000 kept)."""

    table: Table
    problems: list[Problem] = field(default_factory=list)
    count: int = 0
    rejected_rows: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)

    def add(
        self, row: int | None, column: int | None, message: str, cells: list[str] | None = None
    ) -> None:
        self.count += 1
        where = "" if column is None else self.column_name(column)
        if len(self.problems) < MAX_KEPT_PROBLEMS:
            self.problems.append(Problem(self.table.name, row, where, message, self.table.sheet))
        if row is not None and cells is not None and len(self.rejected_rows) < MAX_KEPT_PROBLEMS:
            self.rejected_rows.setdefault(row, (cells, []))[1].append(
                f"{where}: {message}" if where else message
            )

    def column_name(self, index: int) -> str:
        header = self.table.header[index] if index < len(self.table.header) else ""
        return f"{column_letter(index)} ({header})" if header else column_letter(index)


@dataclass(frozen=True)
class Plan:
    """Which column (or fixed value) each part comes from, and the value columns."""

    columns: dict[str, int]
    fixed: dict[str, str]
    value_columns: list[tuple[int, str]]  # (column index, what its header means)
    disaggregation: dict[str, tuple[int | None, str]]


def plan_columns(table: Table, mapping: ImportMapping) -> Plan:
    """Find each mapped column in the header; report every missing one at once."""
    index = {normalize(h): i for i, h in enumerate(table.header) if h}
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    fixed: dict[str, str] = {}

    def find(label: str, part: str) -> int | None:
        i = index.get(normalize(label))
        if i is None:
            problems.append(
                Problem(
                    table.name,
                    table.header_row,
                    "",
                    _("no column %(label)s (for %(part)s); the columns are: %(columns)s")
                    % {"label": label, "part": part, "columns": ", ".join(table.header)},
                    table.sheet,
                )
            )
        return i

    needed = ["indicator", "area", "period"]
    if mapping.layout == "long":
        needed.append("value")
    needed = [p for p in needed if p != mapping.across]
    for part in [*needed, "status"]:
        source = mapping.parts.get(part)
        if source is None:  # unmapped parts fall back on the usual headers
            source = _default_source(index, part)
        if source is None:
            if part != "status":
                problems.append(
                    Problem(
                        table.name,
                        table.header_row,
                        "",
                        _("the mapping does not say where %(part)s comes from") % {"part": part},
                        table.sheet,
                    )
                )
            continue
        if source.fixed:
            fixed[part] = source.value
        elif (i := find(source.column, part)) is not None:
            columns[part] = i
    disaggregation: dict[str, tuple[int | None, str]] = {}
    for set_code, source in mapping.disaggregation.items():
        if source.fixed:
            disaggregation[set_code] = (None, source.value)
        elif (i := find(source.column, set_code)) is not None:
            disaggregation[set_code] = (i, "")
    value_columns: list[tuple[int, str]] = []
    if mapping.layout == "wide":
        used = set(columns.values()) | {i for i, _v in disaggregation.values() if i is not None}
        if mapping.value_columns:
            for label, meaning in mapping.value_columns.items():
                if (i := find(label, mapping.across)) is not None:
                    value_columns.append((i, meaning))
        else:
            value_columns = [(i, h) for i, h in enumerate(table.header) if h and i not in used]
        if not value_columns and not problems:
            problems.append(
                Problem(table.name, table.header_row, "", _("no value columns found"), table.sheet)
            )
    if problems:
        raise ImportRejected(problems)
    return Plan(columns, fixed, value_columns, disaggregation)


def _default_source(index: dict[str, int], part: str) -> Source | None:
    for label in DEFAULT_HEADERS[part]:
        if normalize(label) in index:
            return Source(column=label)
    return None


def read_records(
    table: Table,
    mapping: ImportMapping,
    lookups: Lookups,
    collector: Collector,
    progress: list[int] | None = None,
) -> Iterator[Record]:
    """Yield a record for every good value; note every problem in ``collector``."""
    plan = plan_columns(table, mapping)
    resolver = _Resolver(plan, mapping, lookups, collector)
    across = mapping.across
    header_meanings = resolver.header_meanings()
    for row, cells in table.rows:
        if progress is not None:
            progress[0] = row
        fixed = resolver.row_parts(row, cells)
        if fixed is None:
            continue
        if mapping.layout == "long":
            record = resolver.record(row, cells, fixed, plan.columns["value"], None, None)
            if record is not None:
                yield record
            continue
        for column, meaning in header_meanings:
            if column >= len(cells) or not cells[column]:
                continue
            record = resolver.record(row, cells, fixed, column, across, meaning)
            if record is not None:
                yield record


class _Resolver:
    """Resolves the cells of a row; what is fixed for the whole file is resolved once."""

    def __init__(
        self, plan: Plan, mapping: ImportMapping, lookups: Lookups, collector: Collector
    ) -> None:
        self.plan = plan
        self.mapping = mapping
        self.lookups = lookups
        self.collector = collector
        self.fixed: dict[str, object] = {}
        for part, text in plan.fixed.items():
            try:
                self.fixed[part] = self._resolve(part, text)
            except NotFound as exc:
                collector.add(None, None, f"{part} = {text}: {exc}")
        self.denied: set[int] = set()

    def _resolve(self, part: str, text: str) -> object:
        if part == "indicator":
            return self.lookups.indicator(text)
        if part == "area":
            return self._area(text)
        if part == "period":
            return self.lookups.period(text)
        if part == "status":
            status = STATUS_WORDS.get(normalize(text))
            if status is None:
                raise NotFound(
                    _("status must be P (provisional) or F (final), not %(text)s") % {"text": text}
                )
            return str(status)
        raise KeyError(part)

    def _area(self, text: str) -> AreaRef:
        area = self.lookups.area(text, self.mapping.area_match)
        if not self.lookups.may_load(area):
            raise NotFound(
                _("you may not load values for %(area)s (%(code)s)")
                % {"area": area.name, "code": area.code}
            )
        return area

    def header_meanings(self) -> list[tuple[int, object]]:
        """Resolve what each value column's header names (reported at the header row)."""
        out: list[tuple[int, object]] = []
        for column, meaning in self.plan.value_columns:
            try:
                out.append((column, self._resolve(self.mapping.across, meaning)))
            except NotFound as exc:
                self.collector.add(self.collector.table.header_row, column, str(exc))
        return out

    def row_parts(self, row: int, cells: list[str]) -> dict[str, object] | None:
        """The row's parts that are not per value; None when one of them is wrong."""
        parts = dict(self.fixed)
        ok = True
        for part, column in self.plan.columns.items():
            if part == "value":
                continue
            text = cells[column] if column < len(cells) else ""
            if not text and part != "status":
                self.collector.add(row, column, _("%(part)s is empty") % {"part": part}, cells)
                ok = False
                continue
            try:
                parts[part] = self._resolve(part, text)
            except NotFound as exc:
                self.collector.add(row, column, str(exc), cells)
                ok = False
        dis: dict[str, str] = {}
        for set_code, (dis_column, fixed_text) in self.plan.disaggregation.items():
            text = fixed_text
            if dis_column is not None:
                text = cells[dis_column] if dis_column < len(cells) else ""
            try:
                category = self.lookups.category(set_code, text)
            except NotFound as exc:
                self.collector.add(row, dis_column, str(exc), cells)
                ok = False
                continue
            if category is not None:
                dis[set_code] = category
        parts["_dis"] = dis
        return parts if ok else None

    def record(
        self,
        row: int,
        cells: list[str],
        parts: dict[str, object],
        column: int,
        across: str | None,
        meaning: object,
    ) -> Record | None:
        if across is not None:
            parts = {**parts, across: meaning}
        indicator = parts.get("indicator")
        area = parts.get("area")
        period = parts.get("period")
        if not isinstance(indicator, IndicatorRef) or not isinstance(area, AreaRef):
            return None
        text = cells[column] if column < len(cells) else ""
        value = _number(text)
        # Every problem of the value is reported, each under the column it comes from.
        problems: list[tuple[int, str]] = []
        if value is None:
            if text.strip() in ("", "-", "–", "—"):
                return None  # a blank cell is no value, not an error
            problems.append((column, _("%(text)s is not a number") % {"text": text}))
        else:
            problem = self._check(indicator, area, value)
            if problem is not None:
                problems.append((column, problem))
        try:
            fitted = fit_period(period, indicator.frequency, self.mapping.period_as)  # type: ignore[arg-type]
        except NotFound as exc:
            problems.append((self.plan.columns.get("period", column), str(exc)))
        dis = cast("dict[str, str]", parts["_dis"])
        problem = self._check_dis(indicator, dis)
        if problem is not None:
            problems.append((column, problem))
        if problems or value is None:
            for where, message in problems:
                self.collector.add(row, where, message, cells)
            return None
        dis_key = ";".join(f"{k}={v}" for k, v in sorted(dis.items()))
        status = parts.get("status", "F")
        return (
            row,
            column,
            indicator.pk,
            area.pk,
            fitted.code,
            fitted.start.isoformat(),
            dis_key,
            value,
            str(status or "F"),
        )

    def _check(self, indicator: IndicatorRef, area: AreaRef, value: float) -> str | None:
        if indicator.computed:
            return _("%(code)s is computed from its formula; load its inputs instead") % {
                "code": indicator.code
            }
        if (
            LEVEL_RANK.get(area.level, 0) > LEVEL_RANK[indicator.min_area_level]
            and area.level != "local_government"
        ):
            return _("%(area)s is a %(level)s; %(code)s is meaningful down to %(min)s level") % {
                "area": area.code,
                "level": area.level,
                "code": indicator.code,
                "min": indicator.min_area_level,
            }
        low, high = indicator.min_value, indicator.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            return _("%(value)s is outside the valid range of %(code)s (%(low)s to %(high)s)") % {
                "value": f"{value:g}",
                "code": indicator.code,
                "low": "-" if low is None else f"{low:g}",
                "high": "-" if high is None else f"{high:g}",
            }
        return None

    def _check_dis(self, indicator: IndicatorRef, dis: dict[str, str]) -> str | None:
        extra = sorted(set(dis) - indicator.category_sets)
        if extra:
            return _("%(code)s is not split by %(sets)s") % {
                "code": indicator.code,
                "sets": ", ".join(extra),
            }
        return None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        try:
            number = parse_number(text)
        except NumberError:
            return None
        if number is None:
            return None
        value = float(number)
    return value if math.isfinite(value) else None

"""Turn the rows of a table into observation records, following a mapping.

Every problem is collected with its row and column; a value with a problem is not yielded.
Records are plain tuples for speed (a load may hold millions):
``(row, column, indicator_id, area_id, period_code, start_iso, disaggregation, value, status)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

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
from oneplan.lib.thaidate import Period
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
    row_parts, record = resolver.row_parts, resolver.record
    seen = progress if progress is not None else [0]
    if mapping.layout == "long":
        value_column = plan.columns["value"]
        for row, cells in table.rows:
            seen[0] = row
            parts = row_parts(row, cells)
            if parts is not None:
                found = record(row, cells, parts, value_column)
                if found is not None:
                    yield found
            else:
                resolver.check_number(row, cells, value_column)
        return
    across = _PART_INDEX[mapping.across]
    header_meanings = resolver.header_meanings()
    for row, cells in table.rows:
        seen[0] = row
        parts = row_parts(row, cells)
        if parts is None:
            for column, _meaning in header_meanings:
                resolver.check_number(row, cells, column)
            continue
        width = len(cells)
        for column, meaning in header_meanings:
            if column >= width or not cells[column]:
                continue
            each = cast(RowParts, (*parts[:across], meaning, *parts[across + 1 :]))
            found = record(row, cells, each, column)
            if found is not None:
                yield found


# A row's resolved parts: indicator, area, period, status, then the categories it names as a
# canonical key ("SEX=F;AGE=15-24") and the category sets present, in order.
_PARTS = ("indicator", "area", "period", "status")
_PART_INDEX = {part: i for i, part in enumerate(_PARTS)}
RowParts = tuple[object, object, object, str, str, tuple[str, ...]]


class _Failed(str):
    """A cell text that resolved to nothing; the text of the string is the reason."""


class _Fit:
    """What a value's record needs that depends only on its indicator, its area's level, its
    period and its category sets: worked out once per combination, not once per value."""

    __slots__ = (
        "check",
        "clean",
        "code",
        "dis",
        "high",
        "low",
        "period",
        "period_problem",
        "start",
    )

    def __init__(
        self,
        period: object,
        check: bool,
        low: float | None,
        high: float | None,
        code: str,
        start: str,
        period_problem: str | None,
        dis: str | None,
    ) -> None:
        self.period = period  # kept so that the id() in the cache key stays this object's
        self.check, self.low, self.high = check, low, high
        self.code, self.start = code, start
        self.period_problem, self.dis = period_problem, dis
        self.clean = not check and period_problem is None and dis is None


class _Resolver:
    """Resolves the cells of a row; what is fixed for the whole file is resolved once, and
    each distinct cell text once (a load repeats the same few hundred codes a million times)."""

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
        self._defaults: list[Any] = [
            self.fixed.get("indicator"),
            self.fixed.get("area"),
            self.fixed.get("period"),
            self.fixed.get("status", "F"),
        ]
        # (part, its index in RowParts, column, cache of text -> resolved object or _Failed)
        self._columns: list[tuple[str, int, int, dict[str, object]]] = [
            (part, _PART_INDEX[part], column, {})
            for part, column in plan.columns.items()
            if part != "value"
        ]
        self._categories: list[tuple[str, int | None, str, dict[str, str | None]]] = [
            (set_code, column, fixed_text, {})
            for set_code, (column, fixed_text) in plan.disaggregation.items()
        ]
        self._fits: dict[tuple[int, str, int, tuple[str, ...]], _Fit] = {}

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

    def row_parts(self, row: int, cells: list[str]) -> RowParts | None:
        """The row's parts that are not per value; None when one of them is wrong."""
        parts = self._defaults.copy()
        ok = True
        width = len(cells)
        for part, index, column, cache in self._columns:
            text = cells[column] if column < width else ""
            if not text and part != "status":
                self.collector.add(row, column, _("%(part)s is empty") % {"part": part}, cells)
                ok = False
                continue
            found = cache.get(text)
            if found is None:
                try:
                    found = self._resolve(part, text)
                except NotFound as exc:
                    found = _Failed(exc)
                cache[text] = found
            if found.__class__ is _Failed:
                self.collector.add(row, column, str(found), cells)
                ok = False
            else:
                parts[index] = found
        if not self._categories:
            return (parts[0], parts[1], parts[2], parts[3], "", ()) if ok else None
        found_categories: list[tuple[str, str]] = []
        for set_code, dis_column, fixed_text, known in self._categories:
            text = fixed_text
            if dis_column is not None:
                text = cells[dis_column] if dis_column < width else ""
            if text in known:
                category = known[text]
            else:
                try:
                    category = self.lookups.category(set_code, text)
                except NotFound as exc:
                    category = _Failed(exc)
                known[text] = category
            if category.__class__ is _Failed:
                self.collector.add(row, dis_column, str(category), cells)
                ok = False
            elif category is not None:
                found_categories.append((set_code, category))
        if not ok:
            return None
        found_categories.sort()
        return (
            parts[0],
            parts[1],
            parts[2],
            parts[3],
            ";".join(f"{k}={v}" for k, v in found_categories),
            tuple(k for k, _v in found_categories),
        )

    def check_number(self, row: int, cells: list[str], column: int) -> None:
        """On a row whose keys did not resolve, still report a value that is not a number, so
        the file is fixed in one round."""
        text = cells[column] if column < len(cells) else ""
        if text.strip() not in ("", "-", "–", "—") and _number(text) is None:
            self.collector.add(row, column, _("%(text)s is not a number") % {"text": text}, cells)

    def record(self, row: int, cells: list[str], parts: RowParts, column: int) -> Record | None:
        indicator, area, period, status, dis_key, dis_sets = parts
        if (
            indicator.__class__ is not IndicatorRef
            or area.__class__ is not AreaRef
            or period is None
        ):
            return None  # a fixed part that did not resolve: reported once already
        ind, where = indicator, area
        key = (ind.pk, where.level, id(period), dis_sets)
        fit = self._fits.get(key)
        if fit is None or fit.period is not period:
            fit = self._fits[key] = self._fit(ind, where, cast(Period, period), dis_sets)
        text = cells[column] if column < len(cells) else ""
        value: float | None
        try:
            number = float(text)
        except ValueError:
            value = _number(text)
        else:
            # inf and nan are not numbers a person meant (inf - inf and nan - nan are nan)
            value = number if number - number == 0.0 else None
        if (
            value is not None
            and fit.clean
            and (fit.low is None or value >= fit.low)
            and (fit.high is None or value <= fit.high)
        ):
            return (row, column, ind.pk, where.pk, fit.code, fit.start, dis_key, value, status)
        if value is None and text.strip() in ("", "-", "–", "—"):
            return None  # a blank cell is no value, not an error
        # Every problem of the value is reported, each under the column it comes from.
        problems: list[tuple[int, str]] = []
        if value is None:
            problems.append((column, _("%(text)s is not a number") % {"text": text}))
        else:
            problem = self._check(ind, where) if fit.check else None
            problem = problem or self._range(ind, value)
            if problem is not None:
                problems.append((column, problem))
        if fit.period_problem is not None:
            problems.append((self.plan.columns.get("period", column), fit.period_problem))
        if fit.dis is not None:
            problems.append((column, fit.dis))
        for place, message in problems:
            self.collector.add(row, place, message, cells)
        return None

    def _fit(
        self, indicator: IndicatorRef, area: AreaRef, period: Period, dis_sets: tuple[str, ...]
    ) -> _Fit:
        code = start = ""
        period_problem: str | None = None
        try:
            fitted = fit_period(period, indicator.frequency, self.mapping.period_as)
            code, start = fitted.code, fitted.start.isoformat()
        except NotFound as exc:
            period_problem = str(exc)
        return _Fit(
            period,
            self._check(indicator, area) is not None,
            indicator.min_value,
            indicator.max_value,
            code,
            start,
            period_problem,
            self._check_dis(indicator, dis_sets),
        )

    def _check(self, indicator: IndicatorRef, area: AreaRef) -> str | None:
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
        return None

    def _range(self, indicator: IndicatorRef, value: float) -> str | None:
        low, high = indicator.min_value, indicator.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            return _("%(value)s is outside the valid range of %(code)s (%(low)s to %(high)s)") % {
                "value": f"{value:g}",
                "code": indicator.code,
                "low": "-" if low is None else f"{low:g}",
                "high": "-" if high is None else f"{high:g}",
            }
        return None

    def _check_dis(self, indicator: IndicatorRef, dis_sets: tuple[str, ...]) -> str | None:
        extra = sorted(set(dis_sets) - indicator.category_sets)
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

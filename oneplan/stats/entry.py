"""Data entry in a grid: a dataset's indicators as columns, and areas (one period) or periods
(one area, one fiscal year) as rows. A saved grid becomes a small long-layout file loaded by the
one importer, so typed values get exactly the checks, the batch and the undo a file gets.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext as _

from oneplan import permissions
from oneplan.core.importing import ImportRejected, Problem
from oneplan.exchange.mapping import parse_mapping
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period, PeriodKind, fiscal_quarters_of, months_of
from oneplan.lib.thainum import NumberError, parse_number
from oneplan.stats.loading import LoadResult, load_file
from oneplan.stats.locks import EntryLocks
from oneplan.stats.models import Dataset, DatasetIndicator, Indicator, Observation

Layout = Literal["areas", "periods"]
LEVEL_ORDER = [
    AreaLevel.COUNTRY,
    AreaLevel.REGION,
    AreaLevel.PROVINCE_GROUP,
    AreaLevel.PROVINCE,
    AreaLevel.DISTRICT,
    AreaLevel.SUBDISTRICT,
    AreaLevel.VILLAGE,
]


@dataclass
class Cell:
    name: str  # the form field: v-<indicator pk>-<area pk>-<period code>
    indicator: Indicator
    area: Area
    period: Period
    value: float | None
    enabled: bool
    locked: bool = False
    typed: str = ""
    error: str = ""


@dataclass
class GridRow:
    label: str
    cells: list[Cell]


@dataclass
class Grid:
    dataset: Dataset
    layout: Layout
    columns: list[Indicator]
    locks: EntryLocks
    rows: list[GridRow] = field(default_factory=list)
    locked_periods: list[tuple[Period, date | None]] = field(default_factory=list)

    def cells(self) -> list[Cell]:
        return [c for row in self.rows for c in row.cells]


def _depth(level: str) -> int:
    return LEVEL_ORDER.index(AreaLevel(level)) if level in AreaLevel.values else 0


def grid_indicators(dataset: Dataset) -> list[tuple[Indicator, str]]:
    """The dataset's indicators that take typed values, with their lowest area level."""
    links = DatasetIndicator.objects.filter(dataset=dataset).select_related("indicator")
    return [
        (link.indicator, link.min_area_level or link.indicator.min_area_level)
        for link in links.order_by("indicator__code")
        if not link.indicator.formula
    ]


def fiscal_year_periods(fy: int, kind: PeriodKind) -> list[Period]:
    """The periods of ``kind`` that make up fiscal year ``fy`` (CE)."""
    year = Period(PeriodKind.FISCAL_YEAR, fy)
    if kind is PeriodKind.MONTH:
        return list(months_of(year))
    if kind is PeriodKind.FISCAL_QUARTER:
        return list(fiscal_quarters_of(fy))
    if kind is PeriodKind.QUARTER:
        return [Period.for_date(m.start, kind) for m in months_of(year)[::3]]
    if kind is PeriodKind.YEAR:
        return [Period(kind, fy)]
    return [year]


def build_grid(
    dataset: Dataset,
    layout: Layout,
    *,
    period: Period | None = None,
    within: Area | None = None,
    area: Area | None = None,
    fiscal_year: int | None = None,
    user: Any = None,
    today: date | None = None,
) -> Grid:
    """Rows of areas inside ``within`` for ``period``, or of ``fiscal_year``'s periods for
    ``area``; a cell is enabled when its period suits the indicator's frequency, its area is
    at or above the indicator's lowest level, the user may enter values there, and the
    period is not locked."""
    columns = grid_indicators(dataset)
    locks = EntryLocks(dataset, today)
    grid = Grid(dataset, layout, [ind for ind, _level in columns], locks)
    if layout == "areas":
        if period is None or within is None:
            raise ValueError("an areas grid needs a period and the area it lies within")
        finest = max((_depth(lv) for _ind, lv in columns), default=_depth(within.level))
        row_level = LEVEL_ORDER[max(finest, _depth(within.level))]
        areas = list(Area.objects.within(within).filter(level=row_level).order_by("code"))
        if not areas:
            areas = [within]
        rows = [(a.code + " " + a.name_th, a, period) for a in areas]
    else:
        if area is None or fiscal_year is None:
            raise ValueError("a periods grid needs an area and a fiscal year")
        kinds = {PeriodKind(ind.frequency) for ind, _level in columns}
        periods = sorted({p for kind in kinds for p in fiscal_year_periods(fiscal_year, kind)})
        rows = [(p.code, area, p) for p in periods]
    may = _area_check(user)
    stored = _stored(grid.columns, {a.pk for _l, a, _p in rows}, {p.code for _l, _a, p in rows})
    seen_locks: dict[str, date | None] = {}
    for label, where, when in rows:
        cells = []
        for ind, level in columns:
            fits = when.kind.value == ind.frequency and _depth(where.level) <= _depth(level)
            locked = locks.locked(when.code, where.pk)
            if locked:
                seen_locks[when.code] = locks.closes_on(when.code)
            cells.append(
                Cell(
                    name=f"v-{ind.pk}-{where.pk}-{when.code}",
                    indicator=ind,
                    area=where,
                    period=when,
                    value=stored.get((ind.pk, where.pk, when.code)),
                    enabled=fits and may(where) and not locked,
                    locked=fits and locked,
                )
            )
        grid.rows.append(GridRow(label, cells))
    grid.locked_periods = [(Period.parse(code), d) for code, d in sorted(seen_locks.items())]
    return grid


def _area_check(user: Any) -> Any:
    if user is None:
        return lambda area: True
    cache: dict[int, bool] = {}

    def may(area: Area) -> bool:
        if area.pk not in cache:
            cache[area.pk] = permissions.can_load_values(user, area)
        return cache[area.pk]

    return may


def _stored(
    indicators: list[Indicator], area_ids: set[int], periods: set[str]
) -> dict[tuple[int, int, str], float]:
    values = Observation.objects.filter(
        indicator__in=indicators, area_id__in=area_ids, period__in=periods, disaggregation=""
    ).values_list("indicator_id", "area_id", "period", "value")
    return {(i, a, p): v for i, a, p, v in values}


def save_grid(
    grid: Grid, data: Mapping[str, str], user: Any, *, status: str = "F"
) -> LoadResult | None:
    """Load the cells whose typed value differs from the stored one. Raises ``ImportRejected``
    with each problem's ``column`` set to the cell's field name; None when nothing changed."""
    changes: list[Cell] = []
    problems: list[Problem] = []
    for cell in grid.cells():
        cell.typed = (data.get(cell.name) or "").strip()
        if not cell.typed:
            continue
        try:
            number = parse_number(cell.typed)
        except NumberError:
            number = None  # the importer names the problem
        if number is not None and cell.value is not None and number == cell.value:
            continue
        if not cell.enabled:
            reason = (
                grid.locks.message(cell.period.code)
                if cell.locked
                else _("This cell is not open for entry.")
            )
            problems.append(Problem("grid", None, cell.name, reason))
            continue
        changes.append(cell)
    if problems:
        raise ImportRejected(problems)
    if not changes:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "grid.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["indicator", "area", "period", "value", "status"])
            for cell in changes:
                writer.writerow(
                    [cell.indicator.code, cell.area.code, cell.period.code, cell.typed, status]
                )
        mapping = parse_mapping({"dataset": grid.dataset.code}, "grid")
        name = _("grid entry: %(dataset)s") % {"dataset": grid.dataset.code}
        try:
            return load_file(path, mapping, user=user, display_name=name)
        except ImportRejected as exc:
            raise ImportRejected(_to_cells(exc, changes)) from exc


def _to_cells(exc: ImportRejected, changes: list[Cell]) -> list[Problem]:
    """The importer's problems (file row 2 = first change) re-addressed to grid cells."""
    out = []
    for problem in exc:
        index = (problem.row or 0) - 2
        name = changes[index].name if 0 <= index < len(changes) else ""
        out.append(Problem("grid", None, name, problem.message))
    return out

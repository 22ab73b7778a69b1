"""Positioning of a province or group against its group, region or the country: by sector (or
product), the value and share in the last year, growth, location quotient, and the change
between the first and last year split by shift-share, classic and dynamic. The maths is in
``oneplan.lib.regional``; this module reads the values and lines them up."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from oneplan.analysis.sources import provinces_in, sector_values, sectors_of, year_problem
from oneplan.geo.models import Area
from oneplan.lib import regional
from oneplan.stats.models import Category, CategorySet, Indicator


@dataclass
class SectorRow:
    category: Category
    start: float | None = None
    end: float | None = None
    reference_start: float | None = None
    reference_end: float | None = None
    share: float | None = None  # of the area's total in the last year
    growth: float | None = None  # CAGR over the years
    reference_growth: float | None = None
    lq: float | None = None  # last year
    lq_start: float | None = None
    shift: regional.ShiftShare | None = None
    dynamic: regional.ShiftShare | None = None
    employment: float | None = None
    employment_lq: float | None = None

    @property
    def code(self) -> str:
        return self.category.code


@dataclass
class Positioning:
    area: Area
    reference: Area
    indicator: Indicator
    category_set: CategorySet
    start_year: int
    end_year: int
    rows: list[SectorRow]
    shift_total: regional.ShiftShare | None = None
    dynamic_total: regional.ShiftShare | None = None
    employment: Indicator | None = None
    notes: list[str] = field(default_factory=list)

    def row(self, code: str) -> SectorRow | None:
        return next((r for r in self.rows if r.code == code), None)


def _common(a: dict[str, float], b: dict[str, float]) -> list[str]:
    return [s for s in a if s in b]


def compute(
    area: Area,
    reference: Area,
    indicator: Indicator,
    category_set: CategorySet,
    start_year: int,
    end_year: int,
    employment: Indicator | None = None,
) -> Positioning:
    """Everything the positioning page, the API and a Product Champion analysis need."""
    years = list(range(start_year, end_year + 1))
    sectors = sectors_of(category_set)
    values = sector_values(indicator, category_set, [area, reference], years)
    mine, theirs = values.get(area.pk, {}), values.get(reference.pk, {})
    result = Positioning(
        area,
        reference,
        indicator,
        category_set,
        start_year,
        end_year,
        [SectorRow(c) for c in sectors],
    )
    result.employment = employment
    for what, held in ((area, mine), (reference, theirs)):
        note = year_problem(years, (y for y, v in held.items() if v), str(what))
        if note:
            result.notes.append(note)
    first, last = mine.get(start_year, {}), mine.get(end_year, {})
    ref_first, ref_last = theirs.get(start_year, {}), theirs.get(end_year, {})
    span = end_year - start_year
    for row in result.rows:
        row.start, row.end = first.get(row.code), last.get(row.code)
        row.reference_start, row.reference_end = ref_first.get(row.code), ref_last.get(row.code)
        if row.start is not None and row.end is not None:
            row.growth = regional.cagr(row.start, row.end, span)
        if row.reference_start is not None and row.reference_end is not None:
            row.reference_growth = regional.cagr(row.reference_start, row.reference_end, span)
    _shares_and_quotients(result, first, last, ref_first, ref_last)
    _shift_share(result, mine, theirs, years)
    if employment is not None:
        _employment(result, employment, end_year)
    return result


def _quotients(region: dict[str, float], reference: dict[str, float]) -> dict[str, float | None]:
    common = _common(region, reference)
    if not common:
        return {}
    try:
        return regional.location_quotients(
            {s: region[s] for s in common}, {s: reference[s] for s in common}
        )
    except regional.InputError:
        return {}


def _shares_and_quotients(
    result: Positioning,
    first: dict[str, float],
    last: dict[str, float],
    ref_first: dict[str, float],
    ref_last: dict[str, float],
) -> None:
    share = regional.shares(last) if last else {}
    lq, lq_start = _quotients(last, ref_last), _quotients(first, ref_first)
    for row in result.rows:
        row.share = share.get(row.code)
        row.lq, row.lq_start = lq.get(row.code), lq_start.get(row.code)
    missing = [c for c in last if c not in ref_last]
    if missing:
        result.notes.append(
            _("%(ref)s has no value for %(codes)s; left out of the location quotients.")
            % {"ref": result.reference, "codes": ", ".join(missing)}
        )


def _shift_share(
    result: Positioning,
    mine: dict[int, dict[str, float]],
    theirs: dict[int, dict[str, float]],
    years: list[int],
) -> None:
    """Over the sectors with values in every year for both, so the two splits add up."""
    held = [mine.get(y, {}) for y in years] + [theirs.get(y, {}) for y in years]
    sectors = [r.code for r in result.rows if all(r.code in v for v in held)]
    if not sectors:
        return
    pick = {y: {s: mine[y][s] for s in sectors} for y in years}
    ref = {y: {s: theirs[y][s] for s in sectors} for y in years}
    try:
        classic = regional.shift_share(
            pick[years[0]], pick[years[-1]], ref[years[0]], ref[years[-1]]
        )
        dynamic = regional.dynamic_shift_share(pick, ref)
    except regional.InputError as exc:
        result.notes.append(_("No shift-share: %(why)s") % {"why": "; ".join(exc.problems)})
        return
    by_code = {r.sector: r for r in classic.rows}
    by_code_dynamic = {r.sector: r for r in dynamic.rows}
    for row in result.rows:
        row.shift, row.dynamic = by_code.get(row.code), by_code_dynamic.get(row.code)
    result.shift_total, result.dynamic_total = classic.total, dynamic.total


def _employment(result: Positioning, employment: Indicator, year: int) -> None:
    values = sector_values(employment, result.category_set, [result.area, result.reference], [year])
    mine = values.get(result.area.pk, {}).get(year, {})
    theirs = values.get(result.reference.pk, {}).get(year, {})
    lq = _quotients(mine, theirs)
    for row in result.rows:
        row.employment, row.employment_lq = mine.get(row.code), lq.get(row.code)


@dataclass
class MapCell:
    area: Area
    lq: float | None
    value: float | None


def lq_map(
    reference: Area, indicator: Indicator, category_set: CategorySet, sector: str, year: int
) -> list[MapCell]:
    """The location quotient of one sector in every province of ``reference`` (against it)."""
    provinces = provinces_in(reference)
    values = sector_values(indicator, category_set, [*provinces, reference], [year])
    ref = values.get(reference.pk, {}).get(year, {})
    cells = []
    for province in provinces:
        own = values.get(province.pk, {}).get(year, {})
        lq = _quotients(own, ref).get(sector) if sector in own else None
        cells.append(MapCell(province, lq, own.get(sector)))
    return cells

"""Regional-economics measures for positioning: location quotient, shift-share, growth and share.

Plain Python, no Django. Each function takes values by sector (or product) as a mapping and
checks them all before computing, so a caller hears of every problem at once.

* **Location quotient** of sector *i* in a region against a reference (its group, region or the
  country): ``LQ_i = (r_i / R) / (n_i / N)``, where ``r_i`` and ``n_i`` are the sector's values
  in the region and the reference and ``R``, ``N`` their totals over the sectors given. Above 1
  the region is more specialised in the sector than the reference. Undefined (``None``) when
  the reference has nothing in the sector.
* **Classic shift-share** between two years splits the region's change in each sector,
  ``r1_i − r0_i``, into three parts that add up to it:

  - national share ``NS_i = r0_i × G``, with ``G = N1 / N0 − 1`` the reference's total growth;
  - industry mix ``IM_i = r0_i × (g_i − G)``, with ``g_i = n1_i / n0_i − 1`` the sector's growth
    in the reference;
  - competitive (regional shift) ``CE_i = r0_i × (rg_i − g_i) = r1_i − r0_i × (1 + g_i)``.

  The total is the sum over the sectors.
* **Dynamic shift-share** (Barff and Knight, 1988) runs the classic split for each pair of
  consecutive years and adds the parts up, so the weights follow the region's changing mix.
* **Growth** as a compound annual rate, ``(end / start) ** (1 / years) − 1``, and **share** of a
  total.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Values = Mapping[str, float]


class InputError(ValueError):
    """The inputs cannot be used; ``problems`` lists every reason, each naming where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _check(name: str, values: Values, problems: list[str]) -> None:
    if not values:
        problems.append(f"{name}: no sectors given")
    for sector, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{name}.{sector}: {value!r} is not a number")
        elif not math.isfinite(value):
            problems.append(f"{name}.{sector}: {value!r} is not a finite number")
        elif value < 0:
            problems.append(f"{name}.{sector}: {value!r} is negative")


def _missing(name: str, sectors: Iterable[str], values: Values, problems: list[str]) -> None:
    for sector in sectors:
        if sector not in values:
            problems.append(f"{name}.{sector}: missing (the other inputs have this sector)")


def _total(name: str, values: Values, problems: list[str]) -> None:
    if values and not problems and sum(values.values()) == 0:
        problems.append(f"{name}: the total is zero")


def location_quotients(region: Values, reference: Values) -> dict[str, float | None]:
    """LQ per sector of ``region``, in the order given (see the module's definition)."""
    problems: list[str] = []
    _check("region", region, problems)
    _check("reference", reference, problems)
    _missing("reference", region, reference, problems)
    _total("region", region, problems)
    _total("reference", reference, problems)
    if problems:
        raise InputError(problems)
    r_total = sum(region.values())
    n_total = sum(reference[s] for s in region)
    if n_total == 0:
        raise InputError(["reference: the total over the region's sectors is zero"])
    return {
        sector: (value / r_total) / (reference[sector] / n_total) if reference[sector] else None
        for sector, value in region.items()
    }


@dataclass(frozen=True)
class ShiftShare:
    """One sector's (or the total's) change and its three parts, in the input's units."""

    sector: str
    start: float
    end: float
    national_share: float
    industry_mix: float
    competitive: float

    @property
    def change(self) -> float:
        return self.end - self.start

    @property
    def expected(self) -> float:
        """What the sector would have become growing as it did in the reference."""
        return self.start + self.national_share + self.industry_mix


@dataclass(frozen=True)
class ShiftShareResult:
    rows: list[ShiftShare]
    total: ShiftShare


def _sum(rows: list[ShiftShare], sector: str = "total") -> ShiftShare:
    return ShiftShare(
        sector,
        sum(r.start for r in rows),
        sum(r.end for r in rows),
        sum(r.national_share for r in rows),
        sum(r.industry_mix for r in rows),
        sum(r.competitive for r in rows),
    )


def _sectors(*inputs: Values) -> list[str]:
    seen: dict[str, None] = {}
    for values in inputs:
        seen.update(dict.fromkeys(values))
    return list(seen)


def shift_share(
    region_start: Values, region_end: Values, reference_start: Values, reference_end: Values
) -> ShiftShareResult:
    """The classic three-part split of the region's change in each sector, and the total."""
    named = {
        "region_start": region_start,
        "region_end": region_end,
        "reference_start": reference_start,
        "reference_end": reference_end,
    }
    problems: list[str] = []
    for name, values in named.items():
        _check(name, values, problems)
    sectors = _sectors(*named.values())
    for name, values in named.items():
        _missing(name, sectors, values, problems)
    if not problems:
        for sector in sectors:
            if reference_start[sector] == 0:
                problems.append(
                    f"reference_start.{sector}: zero, so the sector's growth is undefined"
                )
        _total("reference_start", reference_start, problems)
    if problems:
        raise InputError(problems)
    return _split(sectors, region_start, region_end, reference_start, reference_end)


def _split(sectors: list[str], r0: Values, r1: Values, n0: Values, n1: Values) -> ShiftShareResult:
    growth = sum(n1[s] for s in sectors) / sum(n0[s] for s in sectors) - 1
    rows = []
    for s in sectors:
        sector_growth = n1[s] / n0[s] - 1
        rows.append(
            ShiftShare(
                s,
                r0[s],
                r1[s],
                national_share=r0[s] * growth,
                industry_mix=r0[s] * (sector_growth - growth),
                competitive=r1[s] - r0[s] * (1 + sector_growth),
            )
        )
    return ShiftShareResult(rows, _sum(rows))


def dynamic_shift_share(
    region: Mapping[int, Values], reference: Mapping[int, Values]
) -> ShiftShareResult:
    """Classic shift-share year on year over ``region``'s years (each a mapping of sector to
    value), with each sector's parts added up; its start and end are the first and last
    years' values."""
    problems: list[str] = []
    years = sorted(region)
    if len(years) < 2:
        problems.append("region: at least two years are needed")
    for year in years:
        if year not in reference:
            problems.append(f"reference.{year}: missing (the region has this year)")
    for year in years[1:]:
        if year - 1 not in region:
            problems.append(f"region.{year - 1}: missing (the years must follow one another)")
    if problems:
        raise InputError(problems)
    parts: list[ShiftShareResult] = []
    for before, after in itertools.pairwise(years):
        try:
            parts.append(
                shift_share(region[before], region[after], reference[before], reference[after])
            )
        except InputError as exc:
            problems.extend(f"{before}–{after}: {p}" for p in exc.problems)
    if problems:
        raise InputError(problems)
    by_sector = [{row.sector: row for row in part.rows} for part in parts]
    rows = [
        ShiftShare(
            sector,
            region[years[0]][sector],
            region[years[-1]][sector],
            sum(p[sector].national_share for p in by_sector),
            sum(p[sector].industry_mix for p in by_sector),
            sum(p[sector].competitive for p in by_sector),
        )
        for sector in by_sector[0]
    ]
    return ShiftShareResult(rows, _sum(rows))


def cagr(start: float, end: float, years: float) -> float | None:
    """Compound annual growth rate (0.05 for 5 % a year); ``None`` when undefined (a start of
    zero or less, a negative end, or no time between)."""
    if years <= 0 or start <= 0 or end < 0:
        return None
    return float((end / start) ** (1 / years) - 1)


def shares(values: Values) -> dict[str, float | None]:
    """Each item's share of the total (``None`` throughout when the total is zero)."""
    total = sum(values.values())
    return {k: (v / total if total else None) for k, v in values.items()}

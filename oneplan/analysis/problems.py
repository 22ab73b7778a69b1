"""Problem ranking: which of a province's plan indicators are in the worst shape, scored on three
parts, each from 0 to 1, weighted and added up to 0–100 by ``oneplan.lib.scoring``:

* **distance from target**: in the KPI's current year (the scorecard's), the shortfall against
  the target as a share of the target (``rules.shortfall``), at most 1;
* **behind the peers' average**: the same year's value against the mean of the peers' values
  (the provinces of the province's group, or the groups of a group's region, the area itself
  included), the wrong way, as a share of that mean, at most 1; not judged for a target band;
* **worsening trend**: the least-squares slope over the last four yearly values, the wrong way,
  as a share of their mean per year; 10 % a year or more is 1.

A part that cannot be judged (no target, no peers' values, fewer than two values) gets nothing
and is shown as missing. The ranking reads the KPI status of ``stats.kpi``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from oneplan.analysis.choices import DEFAULT_PROBLEM_CRITERIA, CriterionKey
from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area, AreaMembership
from oneplan.lib import scoring
from oneplan.permissions import UserLike
from oneplan.plans.models import PlanEdition
from oneplan.stats.kpi.rules import Direction, shortfall
from oneplan.stats.kpi.status import KpiRow, actual_values, edition_for, kpi_rows, plan_for_area

TREND_YEARS = 4
FULL_WORSENING = 0.10  # a year, as a share of the mean


@dataclass
class Problem:
    row: KpiRow
    year: int | None = None
    value: float | None = None
    target: float | None = None
    peer_average: float | None = None
    change: float | None = None  # per year, as a share of the mean; negative is worse
    parts: dict[str, float | None] = field(default_factory=dict)
    scored: scoring.Scored | None = None

    @property
    def code(self) -> str:
        return str(self.row.plan_indicator.pk)


@dataclass
class Ranking:
    area: Area
    fiscal_year: int
    edition: PlanEdition | None
    peers_of: Area | None
    peers: list[Area]
    problems: list[Problem]
    weights: dict[str, float]


def peers(area: Area) -> tuple[Area | None, list[Area]]:
    """The container whose members are compared and the members (the area included)."""
    found = area.containers()
    container = found.get("group") if area.level == AreaLevel.PROVINCE else None
    container = container or found.get("region")
    if container is None:
        return None, [area]
    members = [
        link.member
        for link in AreaMembership.objects.current()
        .filter(container=container, member__level=area.level)
        .select_related("member")
        .order_by("member__code")
    ]
    return container, members or [area]


def gap_part(direction: Direction, target: float | None, value: float | None) -> float | None:
    if target is None or value is None:
        return None
    miss = shortfall(direction, target, value)
    if target == 0:
        return 1.0 if miss > 0 else 0.0
    return min(1.0, miss / abs(target))


def behind_part(direction: Direction, value: float | None, average: float | None) -> float | None:
    if value is None or average is None or direction is Direction.BAND:
        return None
    worse = average - value if direction is Direction.HIGHER else value - average
    if average == 0:
        return 1.0 if worse > 0 else 0.0
    return min(1.0, max(0.0, worse / abs(average)))


def relative_slope(values: Sequence[float]) -> float | None:
    """Least-squares slope per step as a share of the mean (None under two values)."""
    n = len(values)
    mean = sum(values) / n if n else 0.0
    if n < 2 or mean == 0:
        return None
    xm = (n - 1) / 2
    slope = sum((i - xm) * (v - mean) for i, v in enumerate(values)) / sum(
        (i - xm) ** 2 for i in range(n)
    )
    return slope / abs(mean)


def worsening_part(direction: Direction, change: float | None) -> float | None:
    if change is None or direction is Direction.BAND:
        return None
    worse = -change if direction is Direction.HIGHER else change
    return min(1.0, max(0.0, worse / FULL_WORSENING))


def rank(
    area: Area,
    fiscal_year: int | None,
    user: UserLike,
    weights: dict[str, float] | None = None,
    today: date | None = None,
) -> Ranking:
    """The area's plan indicators, worst first."""
    weights = weights or {str(k): float(w) for k, w, _n in DEFAULT_PROBLEM_CRITERIA}
    plan = plan_for_area(area, fiscal_year)
    edition = edition_for(plan, user) if plan is not None else None
    container, members = peers(area)
    empty = Ranking(area, fiscal_year or 0, edition, container, members, [], weights)
    if edition is None:
        return empty
    rows = kpi_rows(edition, area, fiscal_year, today)
    if not rows:
        return empty
    shown = fiscal_year or max(
        (r.current.fiscal_year for r in rows if r.current), default=edition.plan.first_year
    )
    problems = [_problem(r) for r in rows]
    _peer_averages(problems, members)
    for p in problems:
        direction = Direction(p.row.indicator.direction)
        p.parts = {
            CriterionKey.GAP: gap_part(direction, p.target, p.value),
            CriterionKey.BEHIND: behind_part(direction, p.value, p.peer_average),
            CriterionKey.WORSENING: worsening_part(direction, p.change),
        }
    criteria = [
        scoring.Criterion(str(k), weights.get(str(k), 0.0), scoring.Normalisation.SCALE)
        for k in (CriterionKey.GAP, CriterionKey.BEHIND, CriterionKey.WORSENING)
    ]
    scored = scoring.score(
        [p.code for p in problems],
        {c.key: {p.code: p.parts[c.key] for p in problems} for c in criteria},
        criteria,
    )
    by_code = {p.code: p for p in problems}
    ranked = []
    for s in scored:
        by_code[s.candidate].scored = s
        ranked.append(by_code[s.candidate])
    return Ranking(area, shown, edition, container, members, ranked, weights)


def _problem(row: KpiRow) -> Problem:
    problem = Problem(row)
    current = row.current
    if current is not None and current.actual is not None:
        problem.year, problem.value, problem.target = (
            current.fiscal_year,
            current.actual,
            current.target,
        )
    # The trend up to the year judged: a ranking of an earlier year does not see later values.
    until = current.fiscal_year if current is not None else None
    history = [
        c.actual
        for c in row.years
        if c.actual is not None and not c.open and (until is None or c.fiscal_year <= until)
    ]
    if current is not None and current.actual is not None and current.open:
        history.append(current.projected if current.projected is not None else current.actual)
    problem.change = relative_slope(history[-TREND_YEARS:])
    return problem


def _peer_averages(problems: list[Problem], members: list[Area]) -> None:
    years = sorted({p.year for p in problems if p.year is not None})
    ids = sorted({p.row.indicator.pk for p in problems})
    if not years or len(members) < 2:
        return
    found = [actual_values(ids, member, years) for member in members]
    for p in problems:
        if p.year is None:
            continue
        values = [
            f[p.row.indicator.pk, p.year].value for f in found if (p.row.indicator.pk, p.year) in f
        ]
        if len(values) >= 2:
            p.peer_average = sum(values) / len(values)

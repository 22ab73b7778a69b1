"""KPI status of a plan's indicators in one area: targets beside actual values, year by year.

The actual value of a fiscal year is the indicator's value for the period ``FY<year>`` in that
area (typed, or rolled up from months and quarters), and failing that the calendar year
``<year>`` (for indicators measured by calendar year); a value typed in wins over a roll-up. A
year is *open* until the fiscal year has ended; an open year's incomplete sum is projected from
the share of expected values received so far, so a part-year value is judged by where it is
heading rather than called off track too early. The status rules are in ``rules.py``.

Six queries whatever the plan's size: the plan, its indicators, elements, targets, roll-ups and
typed values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oneplan import permissions
from oneplan.geo.models import Area
from oneplan.lib.thaidate import fiscal_year as fiscal_year_of
from oneplan.permissions import UserLike
from oneplan.plans.models import Plan, PlanEdition, PlanElement, PlanIndicator, Target
from oneplan.plans.tree import children_map, walk
from oneplan.stats.choices import Aggregation
from oneplan.stats.kpi.rules import Direction, Status, Trend, projection, status, trend
from oneplan.stats.models import AggregateValue, Indicator, Observation

STATUS_LABELS = {
    Status.ACHIEVED: _("Achieved"),
    Status.ON_TRACK: _("On track"),
    Status.OFF_TRACK: _("Off track"),
    Status.NO_DATA: _("No data"),
}
TREND_LABELS = {
    Trend.IMPROVING: _("Improving"),
    Trend.STEADY: _("Steady"),
    Trend.WORSENING: _("Worsening"),
}


@dataclass
class Actual:
    value: float
    period: str
    received: int = 1
    expected: int = 1


@dataclass
class YearStatus:
    """One fiscal year of one KPI (CE year; pages show it in BE)."""

    fiscal_year: int
    target: float | None
    actual: float | None
    period: str
    status: Status | None
    trend: Trend | None
    open: bool
    projected: float | None = None


@dataclass
class KpiRow:
    plan_indicator: PlanIndicator
    indicator: Indicator
    element: PlanElement
    heading: PlanElement | None
    baseline_year: int | None
    baseline_value: float | None
    years: list[YearStatus]
    current: YearStatus | None = None

    @property
    def status(self) -> Status:
        return self.current.status or Status.NO_DATA if self.current else Status.NO_DATA


@dataclass
class Scorecard:
    edition: PlanEdition
    area: Area
    fiscal_year: int
    rows: list[KpiRow]
    counts: dict[str, int] = field(default_factory=dict)


def _value_periods(years: Iterable[int]) -> list[str]:
    return [code for y in years for code in (f"FY{y}", str(y))]


def actual_values(
    indicator_ids: Sequence[int], area: Area, years: Sequence[int]
) -> dict[tuple[int, int], Actual]:
    """Actual value per (indicator, fiscal year) in ``area``: typed values before roll-ups,
    the fiscal-year period before the calendar year."""
    periods = _value_periods(years)
    found: dict[tuple[int, str], Actual] = {}
    aggregates = AggregateValue.objects.filter(
        indicator_id__in=indicator_ids, area=area, period__in=periods, disaggregation=""
    ).values_list("indicator_id", "period", "value", "count", "expected")
    for ind, period, value, count, expected in aggregates:
        if value is not None:
            found[ind, period] = Actual(value, period, count, expected)
    typed = Observation.objects.filter(
        indicator_id__in=indicator_ids, area=area, period__in=periods, disaggregation=""
    ).values_list("indicator_id", "period", "value")
    for ind, period, value in typed:
        found[ind, period] = Actual(value, period)
    actual: dict[tuple[int, int], Actual] = {}
    for ind in indicator_ids:
        for y in years:
            hit = found.get((ind, f"FY{y}")) or found.get((ind, str(y)))
            if hit is not None:
                actual[ind, y] = hit
    return actual


def _headings(edition: PlanEdition) -> tuple[dict[int, PlanElement], dict[int, PlanElement]]:
    """Every element by id, and each element's top-level heading (its strategic issue)."""
    elements = list(
        edition.elements.only("pk", "parent_id", "kind", "number", "name_th", "name_en", "position")
    )
    by_id = {e.pk: e for e in elements}
    heading: dict[int, PlanElement] = {}
    by_parent = children_map(elements)
    stack = [(e, e) for e in by_parent.get(None, [])]
    while stack:
        element, top = stack.pop()
        heading[element.pk] = top
        stack.extend((c, top) for c in by_parent.get(element.pk, []))
    return by_id, heading


def kpi_rows(
    edition: PlanEdition,
    area: Area,
    fiscal_year: int | None = None,
    today: date | None = None,
) -> list[KpiRow]:
    """Every KPI of ``edition`` with a target in ``area``, judged year by year up to
    ``fiscal_year`` (CE; default the current one), in the plan's reading order."""
    today = today or timezone.localdate()
    current_fy = fiscal_year_of(today)
    plan = edition.plan
    shown_to = fiscal_year or min(max(current_fy, plan.first_year), plan.last_year)
    years = list(range(plan.first_year, plan.last_year + 1))
    pis = list(
        PlanIndicator.objects.filter(element__edition=edition, targets__area=area)
        .distinct()
        .select_related("indicator")
        .order_by("element_id", "position", "pk")
    )
    if not pis:
        return []
    by_id, heading = _headings(edition)
    targets: dict[tuple[int, int], float] = {
        (pi_id, fy): float(value)
        for pi_id, fy, value in Target.objects.filter(
            plan_indicator__in=pis, area=area
        ).values_list("plan_indicator_id", "fiscal_year", "value")
    }
    ind_ids = sorted({pi.indicator_id for pi in pis})
    actual = actual_values(ind_ids, area, [years[0] - 1, *years])
    order = {row.element.pk: i for i, row in enumerate(walk(by_id.values()))}
    return [
        _row(pi, by_id, heading, targets, actual, years, shown_to, current_fy)
        for pi in sorted(pis, key=lambda p: (order.get(p.element_id, 0), p.position, p.pk))
    ]


def _row(
    pi: PlanIndicator,
    by_id: dict[int, PlanElement],
    heading: dict[int, PlanElement],
    targets: dict[tuple[int, int], float],
    actual: dict[tuple[int, int], Actual],
    years: list[int],
    shown_to: int,
    current_fy: int,
) -> KpiRow:
    ind = pi.indicator
    direction = Direction(ind.direction)
    summed = ind.aggregation == Aggregation.SUM
    whole: dict[int, float | None] = {}  # each year's value, part-year sums projected
    projected: dict[int, float | None] = {}
    for y in [years[0] - 1, *years]:
        got = actual.get((ind.pk, y))
        projected[y] = None
        if got is not None and summed and y >= current_fy:
            projected[y] = projection(got.value, got.received, got.expected)
        whole[y] = projected[y] if projected[y] is not None else (got.value if got else None)
    cells: list[YearStatus] = []
    for y in years:
        target = targets.get((pi.pk, y))
        got = actual.get((ind.pk, y))
        moved = trend(direction, whole[y - 1], whole[y], target)
        is_open = y >= current_fy
        judged = (
            status(
                direction,
                target,
                got.value if got else None,
                tolerance_percent=float(ind.tolerance),
                year_open=is_open,
                trend=moved,
                projected=projected[y],
            )
            if target is not None and y <= shown_to
            else None
        )
        cells.append(
            YearStatus(
                y,
                target,
                got.value if got else None,
                got.period if got else "",
                judged,
                moved,
                is_open,
                projected[y],
            )
        )
    judged_cells = [c for c in cells if c.status is not None]
    with_data = [c for c in judged_cells if c.status is not Status.NO_DATA]
    current = next((c for c in judged_cells if c.fiscal_year == shown_to), None)
    if current is None or (current.status is Status.NO_DATA and with_data):
        current = with_data[-1] if with_data else current
    element = by_id[pi.element_id]
    top = heading.get(pi.element_id)
    return KpiRow(
        plan_indicator=pi,
        indicator=ind,
        element=element,
        heading=top if top is not None and top.pk != element.pk else None,
        baseline_year=pi.baseline_year,
        baseline_value=float(pi.baseline_value) if pi.baseline_value is not None else None,
        years=cells,
        current=current,
    )


def scorecard(
    edition: PlanEdition, area: Area, fiscal_year: int | None = None, today: date | None = None
) -> Scorecard:
    """The KPIs of ``edition`` in ``area`` with a count per status of their current year."""
    rows = kpi_rows(edition, area, fiscal_year, today)
    today = today or timezone.localdate()
    plan = edition.plan
    shown = fiscal_year or min(max(fiscal_year_of(today), plan.first_year), plan.last_year)
    counts = Counter(row.status.value for row in rows)
    return Scorecard(edition, area, shown, rows, {s.value: counts.get(s.value, 0) for s in Status})


def plan_for_area(area: Area, fiscal_year: int | None = None) -> Plan | None:
    """The development plan an area's scorecard shows: its own plan covering ``fiscal_year``
    (CE; default the current one), else its latest plan."""
    plans = Plan.objects.filter(area=area, plan_type__is_framework=False).select_related(
        "plan_type", "area"
    )
    fy = fiscal_year or fiscal_year_of(timezone.localdate())
    covering = plans.filter(first_year__lte=fy, last_year__gte=fy)
    ordered = ("plan_type__sort_order", "-first_year", "code")
    return covering.order_by(*ordered).first() or plans.order_by("-last_year", *ordered[:1]).first()


def edition_for(plan: Plan, user: UserLike) -> PlanEdition | None:
    """The edition a scorecard reads: the latest approved or published one the user may see,
    else the latest the user may see."""
    editions = list(plan.editions.order_by("-number"))
    visible = [e for e in editions if permissions.can(user, permissions.Action.VIEW, e)]
    locked = [e for e in visible if e.locked]
    chosen = locked or visible
    return chosen[0] if chosen else None

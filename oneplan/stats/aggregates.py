"""Precomputed roll-ups: areas up the DOPA tree and the effective-dated groups, periods up the
calendar, and computed indicators, refreshed after each load (like DHIS2's analytics tables).

Rules (one place; see docs/user/data.md):
* Each indicator rolls up from its *base level*, the finest area level it has values at, so a
  province value typed beside subdistrict values is never counted twice.
* Areas: village → subdistrict → district → province by the parent link; province → country;
  province → province group → region by membership on the period's first day.
* Periods: month → quarter → year; calendar quarters are relabelled as fiscal quarters
  (Q4 2025 = Q1 FY2026) and fiscal quarters make fiscal years.
* sum adds; mean averages the base values; weighted_mean weighs each base value by the
  denominator indicator's value for the same area and period; last takes the latest period's
  value over time and sums over areas; none is not rolled up.
* ``count`` is how many base values went in, ``expected`` how many the area and period have
  (base areas × base periods): completeness = count / expected.

The work is a handful of INSERT ... SELECT ... GROUP BY statements over a scratch table, so
nine million observations never pass through Python.
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.formula import Formula, FormulaError, evaluate_many, evaluation_order
from oneplan.lib.thaidate import Period, PeriodKind
from oneplan.stats.choices import Aggregation
from oneplan.stats.models import AggregateValue, Freshness, Indicator, Observation

WORK = "oneplan_aggwork"
DOPA_CHAIN = (AreaLevel.VILLAGE, AreaLevel.SUBDISTRICT, AreaLevel.DISTRICT)
VALUE_OF = (
    "CASE b.rule WHEN 'mean' THEN w.s / w.n WHEN 'weighted_mean' THEN "
    "CASE WHEN w.wt <> 0 THEN w.ws / w.wt END ELSE w.s END"
)
_GROUP = "indicator_id, area_id, period, start, disaggregation"


def dependants(indicator_ids: Iterable[int]) -> set[int]:
    """``indicator_ids`` plus every indicator whose roll-up or formula uses one of them."""
    wanted = set(indicator_ids)
    indicators = list(Indicator.objects.only("pk", "code", "formula", "denominator_id"))
    code_of = {i.pk: i.code for i in indicators}
    grew = True
    while grew:
        grew = False
        codes = {code_of[pk] for pk in wanted}
        for ind in indicators:
            if ind.pk in wanted:
                continue
            uses = ind.denominator_id in wanted
            if ind.formula:
                with contextlib.suppress(FormulaError):  # a bad formula uses nothing
                    uses = uses or bool(Formula.parse(ind.formula).codes & codes)
            if uses:
                wanted.add(ind.pk)
                grew = True
    return wanted


def refresh(indicator_ids: Iterable[int] | None = None) -> int:
    """Rebuild the aggregates of these indicators (all when None); returns rows written."""
    started = time.perf_counter()
    if indicator_ids is None:
        targets = set(Indicator.objects.values_list("pk", flat=True))
    else:
        targets = dependants(indicator_ids)
    if not targets:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        AggregateValue.objects.filter(indicator_id__in=targets).delete()
        rolled = _roll_up(cursor, targets)
        computed = _compute_formulas(targets)
        now = timezone.now()
        seconds = time.perf_counter() - started
        for pk in targets:
            Freshness.objects.update_or_create(
                indicator_id=pk,
                defaults={
                    "refreshed": now,
                    "seconds": seconds,
                    "rows": rolled.get(pk, 0) + computed.get(pk, 0),
                },
            )
    return sum(rolled.values()) + sum(computed.values())


def _base_levels(cursor: Any, targets: set[int]) -> dict[int, str]:
    ids = ",".join(str(int(pk)) for pk in targets)
    cursor.execute(
        "SELECT o.indicator_id, a.level FROM (SELECT DISTINCT indicator_id, area_id FROM "
        f"stats_observation WHERE indicator_id IN ({ids})) o JOIN geo_area a ON a.id = o.area_id"
    )
    rank = {level: i for i, level in enumerate(AreaLevel.values)}
    base: dict[int, str] = {}
    for pk, level in cursor.fetchall():
        if level == AreaLevel.LOCAL_GOVERNMENT:
            continue  # local governments sit outside the DOPA tree: not rolled up
        if pk not in base or rank[level] > rank[base[pk]]:
            base[pk] = level
    return base


def _roll_up(cursor: Any, targets: set[int]) -> dict[int, int]:
    rules = {
        i.pk: (i.aggregation, i.denominator_id)
        for i in Indicator.objects.filter(pk__in=targets)
        .exclude(formula="")
        .exclude(aggregation=Aggregation.NONE)
    } | {
        i.pk: (i.aggregation, i.denominator_id)
        for i in Indicator.objects.filter(pk__in=targets, formula="").exclude(
            aggregation=Aggregation.NONE
        )
    }
    base = _base_levels(cursor, set(rules)) if rules else {}  # "IN ()" is not SQL
    if not base:
        return {}
    _setup(cursor, base, rules)
    for level in DOPA_CHAIN:
        _area_step(cursor, level, "a.parent_id", "")
    # Provinces make the country (by parent) and the groups (by membership on the day).
    _area_step(cursor, AreaLevel.PROVINCE, "a.parent_id", "")
    _area_step(cursor, AreaLevel.PROVINCE, "m.container_id", "province_group")
    _area_step(cursor, AreaLevel.PROVINCE_GROUP, "m.container_id", "region")
    _period_steps(cursor)
    cursor.execute(
        "INSERT INTO stats_aggregatevalue (indicator_id, area_id, period, start, "
        f"disaggregation, value, count, expected) SELECT w.indicator_id, w.area_id, w.period, "
        f"w.start, w.disaggregation, {VALUE_OF}, w.n, COALESCE(l.n, 1) * w.span FROM {WORK} w "
        "JOIN oneplan_aggind b ON b.indicator_id = w.indicator_id "
        "LEFT JOIN oneplan_leaves l ON l.area_id = w.area_id AND l.base_level = b.base_level "
        "WHERE w.derived = 1"
    )
    cursor.execute(
        "SELECT indicator_id, COUNT(*) FROM stats_aggregatevalue WHERE indicator_id IN "
        f"({','.join(str(pk) for pk in base)}) GROUP BY indicator_id"
    )
    counts = {int(pk): int(n) for pk, n in cursor.fetchall()}
    for table in (WORK, "oneplan_aggind", "oneplan_leaves", "oneplan_periodmap"):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return counts


def _setup(cursor: Any, base: dict[int, str], rules: dict[int, tuple[str, int | None]]) -> None:
    for table in (WORK, "oneplan_aggind", "oneplan_leaves", "oneplan_periodmap"):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(
        "CREATE TEMPORARY TABLE oneplan_aggind (indicator_id bigint PRIMARY KEY, base_level "
        "varchar(20), rule varchar(16), denominator_id bigint, frequency varchar(16))"
    )
    freq = dict(Indicator.objects.filter(pk__in=base).values_list("pk", "frequency"))
    cursor.executemany(
        "INSERT INTO oneplan_aggind VALUES (%s, %s, %s, %s, %s)",
        [(pk, level, rules[pk][0], rules[pk][1], freq[pk]) for pk, level in base.items()],
    )
    # The work table holds every derived row; base-level rows are read from observations.
    cursor.execute(
        f"CREATE TEMPORARY TABLE {WORK} (indicator_id bigint, area_id bigint, level varchar(20), "
        "period varchar(16), start date, disaggregation varchar(100), s double precision, "
        "n integer, ws double precision, wt double precision, last_period varchar(16), "
        "span integer, derived integer)"
    )
    _leaf_counts(cursor, set(base.values()))


def _leaf_counts(cursor: Any, base_levels: set[str]) -> None:
    """How many base-level areas each area holds (groups and regions as they stand today)."""
    cursor.execute(
        "CREATE TEMPORARY TABLE oneplan_leaves (area_id bigint, base_level varchar(20), n integer)"
    )
    parent = dict(Area.objects.values_list("pk", "parent_id"))
    level_of = dict(Area.objects.values_list("pk", "level"))
    from oneplan.geo.models import AreaMembership

    containers: dict[int, list[int]] = defaultdict(list)
    for member, container in AreaMembership.objects.current().values_list(
        "member_id", "container_id"
    ):
        containers[member].append(container)
    rows: list[tuple[int, str, int]] = []
    for base_level in base_levels:
        counts: dict[int, int] = defaultdict(int)
        for pk, level in level_of.items():
            if level != base_level:
                continue
            node: int | None = pk
            seen: set[int] = set()
            while node is not None and node not in seen:
                seen.add(node)
                counts[node] += 1
                for container in containers.get(node, ()):
                    if container not in seen:
                        counts[container] += 1
                        seen.add(container)
                        for upper in containers.get(container, ()):
                            if upper not in seen:
                                counts[upper] += 1
                                seen.add(upper)
                node = parent.get(node)
        rows.extend((pk, base_level, n) for pk, n in counts.items())
    cursor.executemany("INSERT INTO oneplan_leaves VALUES (%s, %s, %s)", rows)


def _area_step(cursor: Any, level: str, parent_expr: str, container_level: str) -> None:
    """Roll rows at ``level`` (base observations and derived rows) up one step."""
    membership = ""
    if container_level:
        membership = (
            "JOIN geo_areamembership m ON m.member_id = a.id AND m.valid_from <= x.start "
            "AND (m.valid_to IS NULL OR m.valid_to > x.start) "
            f"JOIN geo_area c ON c.id = m.container_id AND c.level = '{container_level}'"
        )
        target_level = container_level
    else:
        target_level = "parent"
    source = (
        "SELECT o.indicator_id, o.area_id, o.period, o.start, o.disaggregation, o.value AS s, "
        "1 AS n, o.value * d.value AS ws, d.value AS wt FROM stats_observation o "
        "JOIN oneplan_aggind b ON b.indicator_id = o.indicator_id AND b.base_level = %s "
        "LEFT JOIN stats_observation d ON d.indicator_id = b.denominator_id AND "
        "d.area_id = o.area_id AND d.period = o.period AND d.disaggregation = o.disaggregation "
        f"UNION ALL SELECT indicator_id, area_id, period, start, disaggregation, s, n, ws, wt "
        f"FROM {WORK} WHERE level = %s"
    )
    cursor.execute(
        f"INSERT INTO {WORK} (indicator_id, area_id, level, period, start, disaggregation, s, n, "
        "ws, wt, span, derived) SELECT x.indicator_id, "
        f"{parent_expr}, '{target_level}', x.period, x.start, x.disaggregation, SUM(x.s), "
        f"SUM(x.n), SUM(x.ws), SUM(x.wt), 1, 1 FROM ({source}) x "
        f"JOIN geo_area a ON a.id = x.area_id AND a.level = %s {membership} "
        f"WHERE {parent_expr} IS NOT NULL "
        f"GROUP BY x.indicator_id, {parent_expr}, x.period, x.start, x.disaggregation",
        [level, level, level],
    )
    if not container_level:
        cursor.execute(
            f"UPDATE {WORK} SET level = (SELECT g.level FROM geo_area g WHERE g.id = "
            f"{WORK}.area_id) WHERE level = 'parent'"
        )


def _period_steps(cursor: Any) -> None:
    """Months make quarters; quarters make years and, relabelled, fiscal quarters; fiscal
    quarters make fiscal years."""
    cursor.execute(
        "CREATE TEMPORARY TABLE oneplan_periodmap (frequency varchar(16), step integer, "
        "child varchar(16), parent varchar(16), parent_start date, span integer)"
    )
    cursor.execute(
        "SELECT DISTINCT b.frequency, o.period FROM oneplan_aggind b JOIN stats_observation o "
        "ON o.indicator_id = b.indicator_id"
    )
    # ``span`` (base periods in the parent) depends on the indicator's frequency: a year holds
    # 12 monthly values or 4 quarterly ones; so the map is kept per frequency.
    mapping: set[tuple[str, int, str, str, str, int]] = set()
    for frequency, code in cursor.fetchall():
        p = Period.parse(code)
        per_quarter = 3 if p.kind is PeriodKind.MONTH else 1
        quarter: Period | None = None
        fiscal_quarter: Period | None = None
        if p.kind is PeriodKind.MONTH:
            quarter = p.parent()
            assert quarter is not None
            mapping.add((frequency, 1, p.code, quarter.code, quarter.start.isoformat(), 3))
        elif p.kind is PeriodKind.QUARTER:
            quarter = p
        elif p.kind is PeriodKind.FISCAL_QUARTER:
            fiscal_quarter = p
        if quarter is not None:
            fiscal_quarter = Period.for_date(quarter.start, PeriodKind.FISCAL_QUARTER)
            mapping.add(
                (
                    frequency,
                    2,
                    quarter.code,
                    f"{quarter.year}",
                    f"{quarter.year}-01-01",
                    4 * per_quarter,
                )
            )
            mapping.add(
                (
                    frequency,
                    2,
                    quarter.code,
                    fiscal_quarter.code,
                    fiscal_quarter.start.isoformat(),
                    per_quarter,
                )
            )
        if fiscal_quarter is not None:
            fy = Period(PeriodKind.FISCAL_YEAR, fiscal_quarter.year)
            mapping.add(
                (frequency, 3, fiscal_quarter.code, fy.code, fy.start.isoformat(), 4 * per_quarter)
            )
    cursor.executemany(
        "INSERT INTO oneplan_periodmap VALUES (%s, %s, %s, %s, %s, %s)", sorted(mapping)
    )
    cursor.execute("SELECT 1 FROM oneplan_aggind WHERE rule = 'last'")
    has_last = cursor.fetchone() is not None
    if has_last:
        cursor.execute(
            f"CREATE INDEX oneplan_aggwork_key ON {WORK} (indicator_id, area_id, period, "
            "disaggregation)"
        )
    for step, frequency in ((1, "month"), (2, "quarter"), (3, "fiscal_quarter")):
        _period_step(cursor, step, frequency, has_last)


def _period_step(cursor: Any, step: int, frequency: str, has_last: bool) -> None:
    base_rows = (
        "SELECT o.indicator_id, o.area_id, o.period, o.disaggregation, o.value AS s, "
        "1 AS n, o.value * d.value AS ws, d.value AS wt "
        "FROM oneplan_aggind b JOIN stats_observation o ON o.indicator_id = b.indicator_id "
        "JOIN geo_area a ON a.id = o.area_id AND a.level = b.base_level "
        "LEFT JOIN stats_observation d ON d.indicator_id = b.denominator_id AND "
        "d.area_id = o.area_id AND d.period = o.period AND d.disaggregation = o.disaggregation "
        "WHERE b.frequency = %s"
    )
    source = (
        f"{base_rows} UNION ALL SELECT indicator_id, area_id, period, disaggregation, s, n, ws, "
        f"wt FROM {WORK}"
    )
    cursor.execute(
        f"INSERT INTO {WORK} (indicator_id, area_id, level, period, start, disaggregation, s, "
        "n, ws, wt, last_period, span, derived) SELECT x.indicator_id, x.area_id, '', p.parent, "
        "p.parent_start, x.disaggregation, CASE WHEN MAX(b.rule) = 'last' THEN NULL ELSE "
        "SUM(x.s) END, SUM(x.n), SUM(x.ws), SUM(x.wt), MAX(x.period), MAX(p.span), 1 "
        f"FROM ({source}) x JOIN oneplan_aggind b ON b.indicator_id = x.indicator_id "
        "JOIN oneplan_periodmap p ON p.child = x.period AND p.step = %s AND "
        "p.frequency = b.frequency "
        "GROUP BY x.indicator_id, x.area_id, p.parent, p.parent_start, x.disaggregation",
        [frequency, step],
    )
    if has_last:
        # "last": the value of the latest child period that has one (periods' codes sort in
        # time order within a kind, so MAX(period) is the latest). A rolled-up child comes
        # first: a value typed beside the base level is not the area's value.
        cursor.execute(
            f"UPDATE {WORK} SET s = COALESCE((SELECT c.s FROM {WORK} c WHERE c.indicator_id = "
            f"{WORK}.indicator_id AND c.area_id = {WORK}.area_id AND c.period = "
            f"{WORK}.last_period AND c.disaggregation = {WORK}.disaggregation), (SELECT o.value "
            f"FROM stats_observation o WHERE o.indicator_id = {WORK}.indicator_id AND o.area_id = "
            f"{WORK}.area_id AND o.period = {WORK}.last_period AND o.disaggregation = "
            f"{WORK}.disaggregation)) WHERE s IS NULL AND last_period IS NOT NULL"
        )


def _compute_formulas(targets: set[int]) -> dict[int, int]:
    """Values of computed indicators wherever all their inputs have a value."""
    formulas = {
        i.code: (i, Formula.parse(i.formula))
        for i in Indicator.objects.filter(pk__in=targets).exclude(formula="")
    }
    if not formulas:
        return {}
    order = evaluation_order({code: f for code, (_i, f) in formulas.items()})
    written: dict[int, int] = {}
    for code in order:
        indicator, formula = formulas[code]
        inputs = dict(Indicator.objects.filter(code__in=formula.codes).values_list("code", "pk"))
        if len(inputs) < len(formula.codes):
            continue
        table: dict[tuple[int, str, str, str], dict[str, float]] = defaultdict(dict)
        for input_code, pk in inputs.items():
            for model in (AggregateValue, Observation):
                rows = model.objects.filter(indicator_id=pk).values_list(
                    "area_id", "period", "start", "disaggregation", "value"
                )
                for area, period, start, dis, value in rows:
                    if value is not None:
                        table[(area, period, str(start), dis)][input_code] = value
        keys = [k for k, v in table.items() if len(v) == len(formula.codes)]
        columns = {c: [table[k][c] for k in keys] for c in formula.codes}
        values = evaluate_many(formula, columns) if keys else []
        objects = [
            AggregateValue(
                indicator=indicator,
                area_id=k[0],
                period=k[1],
                start=k[2],
                disaggregation=k[3],
                value=v,
                count=1,
                expected=1,
            )
            for k, v in zip(keys, values, strict=True)
            if v is not None
        ]
        AggregateValue.objects.bulk_create(objects, batch_size=5000)
        written[indicator.pk] = len(objects)
    return written

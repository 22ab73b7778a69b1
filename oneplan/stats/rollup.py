"""The roll-up steps of ``aggregates.refresh``: INSERT ... SELECT ... GROUP BY statements over
scratch tables, one chunk of indicators at a time (the rules are in ``aggregates``' docstring).

Indicators are rolled up in chunks of about a million base values: no rule looks across
indicators (a weighted mean reads its denominator's observations, not its roll-ups), so a
chunk's scratch rows stay small and its sorts stay in memory.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple

from django.db import connection

from oneplan.geo.choices import AreaLevel
from oneplan.geo.models import Area
from oneplan.lib.thaidate import Period, PeriodKind
from oneplan.stats.choices import Aggregation
from oneplan.stats.models import Indicator

WORK = "oneplan_aggwork"
CHUNK_ROWS = 1_000_000  # base values rolled up together
SCRATCH = (WORK, "oneplan_aggind", "oneplan_aggall", "oneplan_leaves", "oneplan_periodmap")
DOPA_CHAIN = (AreaLevel.VILLAGE, AreaLevel.SUBDISTRICT, AreaLevel.DISTRICT)
VALUE_OF = (
    "CASE b.rule WHEN 'mean' THEN w.s / w.n WHEN 'weighted_mean' THEN "
    "CASE WHEN w.wt <> 0 THEN w.ws / w.wt END ELSE w.s END"
)


def _base_levels(cursor: Any, targets: set[int]) -> tuple[dict[int, str], dict[int, int]]:
    """Each indicator's base level, and how many observations it has (to size the chunks)."""
    ids = ",".join(str(int(pk)) for pk in targets)
    cursor.execute(
        "SELECT o.indicator_id, a.level, SUM(o.n) FROM (SELECT indicator_id, area_id, COUNT(*) "
        f"AS n FROM stats_observation WHERE indicator_id IN ({ids}) GROUP BY indicator_id, "
        "area_id) o JOIN geo_area a ON a.id = o.area_id GROUP BY o.indicator_id, a.level"
    )
    rank = {level: i for i, level in enumerate(AreaLevel.values)}
    base: dict[int, str] = {}
    sizes: dict[int, int] = defaultdict(int)
    for pk, level, n in cursor.fetchall():
        sizes[pk] += int(n)
        if level == AreaLevel.LOCAL_GOVERNMENT:
            continue  # local governments sit outside the DOPA tree: not rolled up
        if pk not in base or rank[level] > rank[base[pk]]:
            base[pk] = level
    return base, sizes


def _chunks(base: dict[int, str], sizes: dict[int, int]) -> list[list[int]]:
    """Indicators in id order, cut into runs of about ``CHUNK_ROWS`` observations."""
    chunks: list[list[int]] = [[]]
    rows = 0
    for pk in sorted(base):
        if chunks[-1] and rows + sizes[pk] > CHUNK_ROWS:
            chunks.append([])
            rows = 0
        chunks[-1].append(pk)
        rows += sizes[pk]
    return chunks


def roll_up(cursor: Any, targets: set[int]) -> dict[int, int]:
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
    base, sizes = _base_levels(cursor, set(rules)) if rules else ({}, {})  # "IN ()" is not SQL
    if not base:
        return {}
    _setup(cursor, base, rules)
    kinds = _period_map(cursor)
    _analyze(cursor, "oneplan_aggall", "oneplan_leaves", "oneplan_periodmap")
    counts: dict[int, int] = {}
    for chunk in _chunks(base, sizes):
        counts.update(_roll_up_chunk(cursor, chunk, kinds))
    for table in SCRATCH:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return counts


def _roll_up_chunk(cursor: Any, chunk: list[int], kinds: set[tuple[int, int]]) -> dict[int, int]:
    """Roll up the indicators of ``chunk`` (``oneplan_aggind`` holds just them meanwhile, and
    the work table just their rows); returns how many aggregate rows each got."""
    _empty(cursor, "oneplan_aggind", WORK)
    cursor.execute(
        "INSERT INTO oneplan_aggind SELECT * FROM oneplan_aggall WHERE indicator_id IN "
        f"({','.join(str(int(pk)) for pk in chunk)})"
    )
    _analyze(cursor, "oneplan_aggind")
    cursor.execute("SELECT 1 FROM oneplan_aggind WHERE denominator_id IS NOT NULL")
    weighted = cursor.fetchone() is not None
    sources = [_PLAIN, _WEIGHTED, _DERIVED] if weighted else [_PLAIN, _DERIVED_PLAIN]
    # The chunk's ids as a range on the observations: without it PostgreSQL merge-joins the
    # chunk with the observations' key index from its start, reading every earlier chunk's
    # rows again (chunks are runs of ids in order, so the range holds just this chunk's).
    bound = f" AND x.indicator_id BETWEEN {int(min(chunk))} AND {int(max(chunk))}"
    sources = [s if s.derived else s._replace(condition=s.condition + bound) for s in sources]
    for level in DOPA_CHAIN:
        _area_step(cursor, sources, level, "a.parent_id", "")
    # Provinces make the country (by parent) and the groups (by membership on the day).
    _area_step(cursor, sources, AreaLevel.PROVINCE, "a.parent_id", "")
    _area_step(cursor, sources, AreaLevel.PROVINCE, "m.container_id", "province_group")
    _area_step(cursor, sources, AreaLevel.PROVINCE_GROUP, "m.container_id", "region")
    cursor.execute("SELECT 1 FROM oneplan_aggind WHERE rule = 'last'")
    has_last = cursor.fetchone() is not None
    for step, frequency in ((1, "month"), (2, "quarter"), (3, "fiscal_quarter")):
        if step < 3:  # the work table grows the most before these two
            _analyze(cursor, WORK)
        _period_step(cursor, sources, step, frequency, kinds, has_last)
    cursor.execute(
        "INSERT INTO stats_aggregatevalue (indicator_id, area_id, period, start, "
        f"disaggregation, value, count, expected) SELECT w.indicator_id, w.area_id, w.period, "
        f"w.start, w.disaggregation, {VALUE_OF}, w.n, COALESCE(l.n, 1) * w.span FROM {WORK} w "
        "JOIN oneplan_aggind b ON b.indicator_id = w.indicator_id "
        "LEFT JOIN oneplan_leaves l ON l.area_id = w.area_id AND l.base_level = b.base_level"
    )
    cursor.execute(f"SELECT indicator_id, COUNT(*) FROM {WORK} GROUP BY indicator_id")
    return {int(pk): int(n) for pk, n in cursor.fetchall()}


def _empty(cursor: Any, *tables: str) -> None:
    """Empty scratch tables between chunks: PostgreSQL's DELETE would leave every row behind
    as a dead one for the next scans to step over (nothing vacuums temporary tables)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"TRUNCATE {', '.join(tables)}")
    else:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")


def _analyze(cursor: Any, *tables: str) -> None:
    """PostgreSQL never analyses temporary tables by itself, and without their row counts it
    plans joins on them as if they held a row or two (nested loops over millions of rows)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _setup(cursor: Any, base: dict[int, str], rules: dict[int, tuple[str, int | None]]) -> None:
    for table in SCRATCH:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    # Every indicator to roll up (aggall), and those of the chunk at work (aggind).
    for table in ("oneplan_aggall", "oneplan_aggind"):
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} (indicator_id bigint PRIMARY KEY, base_level "
            "varchar(20), rule varchar(16), denominator_id bigint, frequency varchar(16))"
        )
    freq = dict(Indicator.objects.filter(pk__in=base).values_list("pk", "frequency"))
    cursor.executemany(
        "INSERT INTO oneplan_aggall VALUES (%s, %s, %s, %s, %s)",
        [(pk, level, rules[pk][0], rules[pk][1], freq[pk]) for pk, level in base.items()],
    )
    # The work table holds every derived row; base-level rows are read from observations.
    # ``step`` says which step made a row: 0 the area steps, 1-3 the period steps.
    cursor.execute(
        f"CREATE TEMPORARY TABLE {WORK} (indicator_id bigint, area_id bigint, period varchar(16), "
        "start date, disaggregation varchar(100), s double precision, "
        "n integer, ws double precision, wt double precision, last_period varchar(16), "
        "span integer, step integer)"
    )
    _leaf_counts(cursor, set(base.values()))
    if any(rule == Aggregation.LAST for rule, _d in rules.values()):
        cursor.execute(
            f"CREATE INDEX oneplan_aggwork_key ON {WORK} (indicator_id, area_id, period, "
            "disaggregation)"
        )


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


# Where a step's rows come from: the base observations of the chunk's indicators, or derived
# rows of the work table. One indicator's rows at one level come from only one of the two (base
# observations at its base level, derived rows above it), so each is rolled up by its own
# statement and no group mixes them. Only a weighted mean reads its denominator's value for the
# same key: the others skip that join (PostgreSQL would hash every observation for it), and
# their weights are NULL whatever is summed. A step's cost is per row, so every column and
# function left out of the rows it sorts counts.
# CROSS JOIN keeps SQLite reading the chunk's indicators first, then their observations through
# the key index (PostgreSQL plans it as the inner join it is).
class Source(NamedTuple):
    """Rows a step reads: its tables and condition, and each row's s, n, ws and wt."""

    tables: str
    condition: str
    s: str
    n: str
    ws: str
    wt: str

    @property
    def derived(self) -> bool:
        return self.tables.startswith(WORK)

    def sums(self) -> list[str]:
        """s, n, ws, wt summed over a group."""
        n = "COUNT(*)" if self.n == "1" else f"SUM({self.n})"
        weights = [w if w == _NO_WEIGHT else f"SUM({w})" for w in (self.ws, self.wt)]
        return [f"SUM({self.s})", n, *weights]


_NO_WEIGHT = "CAST(NULL AS double precision)"
_OBSERVATIONS = "oneplan_aggind b CROSS JOIN stats_observation x"
_PLAIN = Source(
    _OBSERVATIONS,
    "x.indicator_id = b.indicator_id AND b.denominator_id IS NULL",
    "x.value",
    "1",
    _NO_WEIGHT,
    _NO_WEIGHT,
)
_WEIGHTED = Source(
    f"{_OBSERVATIONS} LEFT JOIN stats_observation d ON d.indicator_id = b.denominator_id AND "
    "d.area_id = x.area_id AND d.period = x.period AND d.disaggregation = x.disaggregation",
    "x.indicator_id = b.indicator_id AND b.denominator_id IS NOT NULL",
    "x.value",
    "1",
    "x.value * d.value",
    "d.value",
)
# Derived rows, with and without weights (a chunk without weighted means has none).
_DERIVED = Source(f"{WORK} x", "", "x.s", "x.n", "x.ws", "x.wt")
_DERIVED_PLAIN = Source(f"{WORK} x", "", "x.s", "x.n", _NO_WEIGHT, _NO_WEIGHT)


def _area_step(
    cursor: Any, sources: list[Source], level: str, parent_expr: str, container_level: str
) -> None:
    """Roll rows at ``level`` (base observations and derived rows) up one step. A derived row
    is at ``level`` when its area is (the join on ``a`` checks it); the level column of the
    work table is not needed."""
    joins = ""
    if container_level:
        joins = (
            "JOIN geo_areamembership m ON m.member_id = a.id AND m.valid_from <= x.start "
            "AND (m.valid_to IS NULL OR m.valid_to > x.start) "
            f"JOIN geo_area c ON c.id = m.container_id AND c.level = '{container_level}'"
        )
    for source in sources:
        params: list[str] = [level]
        where = "x.step = 0"
        if not source.derived:
            where = f"{source.condition} AND b.base_level = %s"
            params.append(level)
        # ``start`` follows from ``period``: taken, not grouped by.
        cursor.execute(
            f"INSERT INTO {WORK} (indicator_id, area_id, period, start, disaggregation, s, n, "
            f"ws, wt, span, step) SELECT x.indicator_id, {parent_expr}, x.period, "
            f"MAX(x.start), x.disaggregation, {', '.join(source.sums())}, 1, 0 "
            f"FROM {source.tables} JOIN geo_area a ON a.id = x.area_id AND a.level = %s "
            f"{joins} WHERE {where} AND {parent_expr} IS NOT NULL "
            f"GROUP BY x.indicator_id, {parent_expr}, x.period, x.disaggregation",
            params,
        )


def _period_map(cursor: Any) -> set[tuple[int, int]]:
    """Which period each period rolls up into, at each step: months make quarters; quarters
    make years and, relabelled, fiscal quarters; fiscal quarters make fiscal years.

    ``single`` marks a parent with one child in the map (a fiscal quarter is its calendar
    quarter relabelled): its rows are copied, not grouped. Returns the (step, single) pairs
    the map holds."""
    cursor.execute(
        "CREATE TEMPORARY TABLE oneplan_periodmap (frequency varchar(16), step integer, "
        "child varchar(16), parent varchar(16), parent_start date, span integer, "
        "single integer)"
    )
    cursor.execute(
        "SELECT DISTINCT b.frequency, o.period FROM oneplan_aggall b JOIN stats_observation o "
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
    children: dict[tuple[str, int, str], int] = defaultdict(int)
    for frequency, step, _child, parent, _start, _span in mapping:
        children[(frequency, step, parent)] += 1
    rows = [(*m, int(children[(m[0], m[1], m[3])] == 1)) for m in sorted(mapping)]
    cursor.executemany("INSERT INTO oneplan_periodmap VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)
    return {(row[1], row[6]) for row in rows}


def _period_step(
    cursor: Any,
    sources: list[Source],
    step: int,
    frequency: str,
    kinds: set[tuple[int, int]],
    has_last: bool,
) -> None:
    # A step reads the rows of the period kind it rolls up: base observations of indicators
    # measured at that kind, rows the area steps made at the base frequency (step 0) and rows
    # the step before made; others could not match its map. As in the area steps, one group
    # never mixes base observations (base-level areas) with derived rows (coarser areas, or
    # periods the step before made for finer indicators). Source rows are unique by key, so a
    # parent with a single child in the map gets exactly one row per group: copied, not
    # grouped, with the values the grouping would give. Without a "last" indicator in the
    # chunk, the latest child period is not needed.
    columns = (
        f"INSERT INTO {WORK} (indicator_id, area_id, period, start, disaggregation, s, n, ws, wt, "
        "last_period, span, step) SELECT x.indicator_id, x.area_id, p.parent, "
    )
    for source in sources:
        tables = source.tables
        param: str | int
        if source.derived:
            tables += " JOIN oneplan_aggind b ON b.indicator_id = x.indicator_id"
            where, param = "(x.step = 0 OR x.step = %s)", step - 1
        else:
            tables += " JOIN geo_area a ON a.id = x.area_id AND a.level = b.base_level"
            where, param = f"{source.condition} AND b.frequency = %s", frequency
        join = (
            f"FROM {tables} JOIN oneplan_periodmap p ON p.child = x.period AND p.step = %s AND "
            "p.frequency = b.frequency AND p.single = %s"
        )
        if (step, 0) in kinds:
            sums = source.sums()
            latest = "NULL"
            if has_last:
                sums[0] = f"CASE WHEN MAX(b.rule) = 'last' THEN NULL ELSE {sums[0]} END"
                latest = "MAX(x.period)"
            # ``parent_start`` follows from ``parent``: taken, not grouped by.
            cursor.execute(
                f"{columns}MAX(p.parent_start), x.disaggregation, {', '.join(sums)}, {latest}, "
                f"MAX(p.span), %s {join} WHERE {where} "
                "GROUP BY x.indicator_id, x.area_id, p.parent, x.disaggregation",
                [step, step, 0, param],
            )
        if (step, 1) in kinds:
            value, latest = source.s, "NULL"
            if has_last:
                value = f"CASE WHEN b.rule = 'last' THEN NULL ELSE {value} END"
                latest = "x.period"
            cursor.execute(
                f"{columns}p.parent_start, x.disaggregation, {value}, {source.n}, {source.ws}, "
                f"{source.wt}, {latest}, p.span, %s {join} WHERE {where}",
                [step, step, 1, param],
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

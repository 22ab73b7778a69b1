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

The work is a handful of INSERT ... SELECT ... GROUP BY statements over scratch tables
(``stats.rollup``), so nine million observations never pass through Python.
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from oneplan.lib.formula import Formula, FormulaError, evaluate_many, evaluation_order
from oneplan.stats.bulk import bulk_session
from oneplan.stats.models import AggregateValue, Freshness, Indicator, Observation
from oneplan.stats.rollup import roll_up
from oneplan.stats.signals import values_refreshed

TABLE = AggregateValue._meta.db_table


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
    with transaction.atomic(), connection.cursor() as cursor, bulk_session(cursor, True):
        with _emptied(cursor, targets, everything=indicator_ids is None):
            rolled = roll_up(cursor, targets)
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
    values_refreshed.send(sender=AggregateValue, indicator_ids=targets)
    return sum(rolled.values()) + sum(computed.values())


@contextmanager
def _emptied(cursor: Any, targets: set[int], everything: bool) -> Iterator[None]:
    """Remove the targets' aggregates for the body to write them again.

    A full rebuild empties the whole table at once (SQLite frees its pages; PostgreSQL
    truncates). On PostgreSQL it also drops the table's key meanwhile and builds it again at
    the end: one sorted index build instead of an index insert per row. The table is then
    locked against readers until the rebuild commits; a refresh of some indicators (after a
    load) deletes just their rows and keeps the table readable throughout."""
    if not everything:
        AggregateValue.objects.filter(indicator_id__in=targets).delete()
        yield
        return
    if connection.vendor != "postgresql":
        cursor.execute(f"DELETE FROM {TABLE}")  # without WHERE: SQLite's fast truncate
        yield
        return
    quoted = connection.ops.quote_name(TABLE)
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
        "%s::regclass AND contype = 'p'",
        [TABLE],
    )
    keys = [(connection.ops.quote_name(name), text) for name, text in cursor.fetchall()]
    for name, _text in keys:
        cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {name}")
    cursor.execute(f"TRUNCATE {quoted}")
    yield
    for name, text in keys:
        cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {name} {text}")


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

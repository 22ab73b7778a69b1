"""Load observations from a file in one pass: stage, check, compare, write, or undo a load.

Rows are resolved in Python (``exchange.records``) into a temporary staging table; duplicates
within the file and the comparison with stored values (new, changed, unchanged) are then single
SQL statements, so a million rows never sit in Python memory. Nothing is written when the file
has a problem, unless the caller accepts the valid rows; a dry run rolls everything back.

A *first load* (no stored values yet for any of the file's indicators, the usual case for a new
dataset or a national bulk load) skips the comparison: every staged value is new, so the counts
are known and the write is one plain INSERT. The result is the same as the general path's.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.core.importing import ImportRejected, Problem
from oneplan.exchange.lookups import AreaRef, Lookups
from oneplan.exchange.mapping import DEFAULT_MAPPING, ImportMapping
from oneplan.exchange.records import Collector, Record, read_records
from oneplan.exchange.tables import Table, open_table
from oneplan.geo.models import Area
from oneplan.permissions import UserLike, can_load_values, is_admin
from oneplan.stats.bulk import bulk_session
from oneplan.stats.choices import BatchStatus
from oneplan.stats.keychecks import Reference, checked_once
from oneplan.stats.models import Dataset, Freshness, ImportBatch

STAGE = "oneplan_stage"
CHUNK = 50_000
RESTATE_ROWS = 100_000  # values written by one load that make PostgreSQL's statistics stale
KEY_JOIN = (
    "o.indicator_id = s.indicator_id AND o.area_id = s.area_id AND o.period = s.period "
    "AND o.disaggregation = s.disaggregation"
)
Progress = Callable[[int, int], None]


@dataclass
class Change:
    """One value a load adds or changes, for the dry-run preview."""

    indicator: str
    area: str
    period: str
    disaggregation: str
    old: float | None
    new: float


@dataclass
class LoadResult:
    """What a load did (or, for a dry run, would do)."""

    source: str
    dry_run: bool
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rejected_rows: int = 0
    error_file: str = ""
    preview: list[Change] = field(default_factory=list)
    batch: ImportBatch | None = None
    indicator_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0
    keys_checked_once: bool = False  # foreign keys checked per referenced row (``keychecks``)

    @property
    def written(self) -> bool:
        return self.batch is not None and not self.dry_run


def area_permission(user: UserLike | None) -> Callable[[AreaRef], bool]:
    """The per-area check a load applies (cached per area; None means the system itself)."""
    if user is None or is_admin(user):
        return lambda ref: True
    cache: dict[int, bool] = {}

    def may(ref: AreaRef) -> bool:
        if ref.pk not in cache:
            cache[ref.pk] = can_load_values(user, Area.objects.get(pk=ref.pk))
        return cache[ref.pk]

    return may


def load_file(
    path: Path,
    mapping: ImportMapping = DEFAULT_MAPPING,
    *,
    user: UserLike | None = None,
    dry_run: bool = False,
    accept_valid: bool = False,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
    refresh: bool = True,
    display_name: str | None = None,
) -> LoadResult:
    """Load ``path`` following ``mapping``; raise ``ImportRejected`` listing every problem
    (nothing written) unless ``accept_valid`` or ``dry_run``."""
    started = time.perf_counter()

    def reopen() -> Table:
        return open_table(
            path,
            sheet=mapping.sheet,
            header_row=mapping.header_row,
            delimiter=mapping.delimiter,
            encoding=mapping.encoding,
            display_name=display_name,
        )

    table = reopen()
    dataset_id = _dataset_id(mapping, table.name)
    lookups = Lookups.build(area_permission(user), mapping.area_level)
    collector = Collector(table)
    result = LoadResult(source=table.name, dry_run=dry_run)
    row_seen = [0]
    with transaction.atomic(), connection.cursor() as cursor, bulk_session(cursor):
        _create_stage(cursor)
        records = read_records(table, mapping, lookups, collector, row_seen)
        indicators: set[int] = set()
        result.rows = _fill_stage(cursor, records, row_seen, table.rows_hint, progress, indicators)
        _report_duplicates(cursor, collector, reopen)
        dropped = _report_locked(cursor, collector, dataset_id, reopen)
        if collector.count and accept_valid:
            dropped += _drop_duplicates(cursor)
        result.problems = collector.problems
        result.problem_count = collector.count
        result.rejected_rows = len(collector.rejected_rows)
        result.error_file = error_file(collector)
        if collector.count and not (accept_valid or dry_run):
            raise ImportRejected(collector.problems)
        first = _first_load(cursor, indicators)
        if first:
            result.added = result.rows - dropped
        else:
            result.added, result.changed, result.unchanged = _compare(cursor)
        # Dropped duplicates may take an indicator's only values with them: ask the stage.
        result.indicator_ids = sorted(indicators) if not dropped else _staged_indicators(cursor)
        if dry_run:
            result.preview = _preview(cursor)
        else:
            result.batch = _write(cursor, result, mapping, user, batch, dataset_id, first)
            _restate(cursor, result.added + result.changed)
        if connection.vendor != "postgresql":  # PostgreSQL drops it at commit
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        if dry_run:
            transaction.set_rollback(True)
    if result.written and refresh:
        from oneplan.stats.aggregates import refresh as refresh_aggregates

        refresh_aggregates(result.indicator_ids)
    result.seconds = time.perf_counter() - started
    return result


def _dataset_id(mapping: ImportMapping, name: str) -> int | None:
    if not mapping.dataset:
        return None
    found = Dataset.objects.filter(code=mapping.dataset).values_list("pk", flat=True).first()
    if found is None:
        raise ImportRejected(
            [
                Problem(
                    mapping.name,
                    None,
                    "dataset",
                    _("no dataset %(code)s in the catalogue") % {"code": mapping.dataset},
                )
            ]
        )
    return found


def _create_stage(cursor: Any) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (row_no integer, col_no integer, indicator_id bigint, "
        "area_id bigint, "
        "period varchar(16), start date, disaggregation varchar(100), value double precision, "
        "status varchar(1))" + (" ON COMMIT DROP" if connection.vendor == "postgresql" else "")
    )


def _fill_stage(
    cursor: Any,
    records: Iterator[Record],
    seen: list[int],
    total: int,
    progress: Progress | None,
    indicators: set[int],
) -> int:
    """Stage every record; returns how many, and notes their indicators in ``indicators``."""
    count = 0
    columns = "row_no, col_no, indicator_id, area_id, period, start, disaggregation, value, status"
    postgres = connection.vendor == "postgresql"
    while chunk := list(islice(records, CHUNK)):
        if postgres:
            with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
                for record in chunk:
                    copy.write_row(record)
        else:
            cursor.executemany(
                f"INSERT INTO {STAGE} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                chunk,
            )
        count += len(chunk)
        indicators.update(record[2] for record in chunk)
        if progress is not None:
            progress(seen[0], max(total, seen[0]))
    if progress is not None:
        progress(max(total, seen[0]), max(total, seen[0]))
    return count


def _report_duplicates(cursor: Any, collector: Collector, reread: Callable[[], Table]) -> None:
    cursor.execute(
        f"SELECT s.row_no, s.col_no, s.indicator_id, s.area_id, s.period, s.disaggregation "
        f"FROM {STAGE} s JOIN (SELECT indicator_id, area_id, period, disaggregation FROM {STAGE} "
        "GROUP BY indicator_id, area_id, period, disaggregation HAVING COUNT(*) > 1) d ON "
        "s.indicator_id = d.indicator_id AND s.area_id = d.area_id AND s.period = d.period AND "
        "s.disaggregation = d.disaggregation ORDER BY s.row_no, s.col_no"
    )
    groups: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    for row_no, col_no, *key in cursor.fetchall():
        groups.setdefault(tuple(key), []).append((row_no, col_no))
    if not groups:
        return
    # The rows' cells are not kept while loading; read the few rows concerned again so that
    # the error file holds every row of a repeated key.
    wanted = {row for cells in groups.values() for row, _col in cells}
    cells_of = {row: cells for row, cells in reread().rows if row in wanted}
    for places in groups.values():
        rows = ", ".join(str(r) for r in sorted({r for r, _c in places}))
        for row_no, col_no in places:
            collector.add(
                row_no,
                col_no,
                _("the same indicator, area, period and categories appear in rows %(rows)s")
                % {"rows": rows},
                cells_of.get(row_no, []),
            )


def _report_locked(
    cursor: Any, collector: Collector, dataset_id: int | None, reread: Callable[[], Table]
) -> int:
    """Name every value whose period is past its dataset's entry deadline (``stats.locks``)
    and take it out of the stage, so it is never written; returns how many were taken out."""
    from oneplan.stats.locks import EntryLocks

    dataset = Dataset.objects.filter(pk=dataset_id).first() if dataset_id else None
    locks = EntryLocks(dataset)
    if locks.expiry is None:
        return 0
    cursor.execute(f"SELECT DISTINCT period, area_id FROM {STAGE}")
    closed = {(period, area) for period, area in cursor.fetchall() if locks.locked(period, area)}
    if not closed:
        return 0
    cursor.execute(f"SELECT row_no, col_no, period, area_id FROM {STAGE} ORDER BY row_no, col_no")
    hits = [(r, c, p) for r, c, p, a in cursor.fetchall() if (p, a) in closed]
    wanted = {r for r, _c, _p in hits}
    cells_of = {row: cells for row, cells in reread().rows if row in wanted}
    for row_no, col_no, period in hits:
        collector.add(row_no, col_no, locks.message(period), cells_of.get(row_no, []))
    cursor.executemany(f"DELETE FROM {STAGE} WHERE period = %s AND area_id = %s", sorted(closed))
    return len(hits)


def _drop_duplicates(cursor: Any) -> int:
    # Which of two rows with one key is right cannot be known: neither is loaded.
    cursor.execute(
        f"DELETE FROM {STAGE} WHERE EXISTS (SELECT 1 FROM {STAGE} t WHERE t.indicator_id = "
        f"{STAGE}.indicator_id AND t.area_id = {STAGE}.area_id AND t.period = {STAGE}.period "
        f"AND t.disaggregation = {STAGE}.disaggregation AND (t.row_no <> {STAGE}.row_no OR "
        f"t.col_no <> {STAGE}.col_no))"
    )
    return int(cursor.rowcount)


def _first_load(cursor: Any, indicators: set[int]) -> bool:
    """Whether none of these indicators has a stored value (the key index answers at once)."""
    if not indicators:
        return True
    ids = ",".join(str(int(pk)) for pk in sorted(indicators))
    cursor.execute(f"SELECT 1 FROM stats_observation WHERE indicator_id IN ({ids}) LIMIT 1")
    return cursor.fetchone() is None


def _compare(cursor: Any) -> tuple[int, int, int]:
    cursor.execute(
        "SELECT "
        "COALESCE(SUM(CASE WHEN o.id IS NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN o.id IS NOT NULL AND (o.value <> s.value OR o.status <> "
        "s.status) THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN o.value = s.value AND o.status = s.status THEN 1 ELSE 0 END), 0) "
        f"FROM {STAGE} s LEFT JOIN stats_observation o ON {KEY_JOIN}"
    )
    added, changed, unchanged = cursor.fetchone()
    return int(added), int(changed), int(unchanged)


def _staged_indicators(cursor: Any) -> list[int]:
    cursor.execute(f"SELECT DISTINCT indicator_id FROM {STAGE} ORDER BY indicator_id")
    return [int(r[0]) for r in cursor.fetchall()]


def _preview(cursor: Any, limit: int = 50) -> list[Change]:
    cursor.execute(
        "SELECT i.code, a.code, s.period, s.disaggregation, o.value, s.value "
        f"FROM {STAGE} s JOIN stats_indicator i ON i.id = s.indicator_id "
        "JOIN geo_area a ON a.id = s.area_id "
        f"LEFT JOIN stats_observation o ON {KEY_JOIN} "
        "WHERE o.id IS NULL OR o.value <> s.value OR o.status <> s.status "
        f"ORDER BY s.row_no, s.col_no LIMIT {int(limit)}"
    )
    return [Change(*row) for row in cursor.fetchall()]


def _write(
    cursor: Any,
    result: LoadResult,
    mapping: ImportMapping,
    user: UserLike | None,
    batch: ImportBatch | None,
    dataset_id: int | None,
    first: bool,
) -> ImportBatch:
    if batch is None:
        batch = ImportBatch(source=result.source, mapping=mapping.as_dict())
    batch.user_id = user.pk if user is not None and user.is_authenticated else None
    batch.status = BatchStatus.DONE
    batch.finished = timezone.now()
    batch.rows_total = batch.rows_done = result.rows
    batch.added, batch.changed, batch.unchanged = result.added, result.changed, result.unchanged
    batch.rejected = result.rejected_rows
    batch.problems = [p.as_dict() for p in result.problems[:1000]]
    batch.error_rows = result.error_file
    batch.save()
    b = batch.pk
    if first:  # nothing stored to compare with, keep or overwrite
        with checked_once(cursor, _references(b, dataset_id)) as result.keys_checked_once:
            cursor.execute(
                "INSERT INTO stats_observation (indicator_id, area_id, period, start, "
                "disaggregation, value, status, dataset_id, batch_id) SELECT s.indicator_id, "
                "s.area_id, s.period, s.start, s.disaggregation, s.value, s.status, %s, %s "
                f"FROM {STAGE} s",
                [dataset_id, b],
            )
        if result.added:
            mark_changed(result.indicator_ids)
        return batch
    cursor.execute(
        "INSERT INTO stats_priorvalue (batch_id, observation_id, value, status, "
        f"previous_batch_id) SELECT %s, o.id, o.value, o.status, o.batch_id FROM {STAGE} s "
        f"JOIN stats_observation o ON {KEY_JOIN} WHERE o.value <> s.value OR o.status <> s.status",
        [b],
    )
    with checked_once(cursor, _references(b, dataset_id)) as result.keys_checked_once:
        _replace(cursor, b, dataset_id)
    if result.added or result.changed:
        mark_changed(result.indicator_ids)
    return batch


def _references(batch_id: int, dataset_id: int | None) -> list[Reference]:
    """What the observations a load writes point at (for ``keychecks``)."""
    refs = [
        Reference("stats_indicator", f"SELECT DISTINCT indicator_id FROM {STAGE}"),
        Reference("geo_area", f"SELECT DISTINCT area_id FROM {STAGE}"),
        Reference("stats_importbatch", "SELECT %s", [batch_id]),
    ]
    if dataset_id is not None:
        refs.append(Reference("stats_dataset", "SELECT %s", [dataset_id]))
    return refs


def _replace(cursor: Any, b: int, dataset_id: int | None) -> None:
    """Changed values take the staged ones, new values are added."""
    cursor.execute(
        f"UPDATE stats_observation SET value = s.value, status = s.status, batch_id = %s, "
        f"dataset_id = COALESCE(%s, stats_observation.dataset_id) FROM {STAGE} s "
        "WHERE stats_observation.indicator_id = s.indicator_id AND stats_observation.area_id = "
        "s.area_id AND stats_observation.period = s.period AND stats_observation.disaggregation "
        "= s.disaggregation AND (stats_observation.value <> s.value OR stats_observation.status "
        "<> s.status)",
        [b, dataset_id],
    )
    cursor.execute(
        "INSERT INTO stats_observation (indicator_id, area_id, period, start, disaggregation, "
        "value, status, dataset_id, batch_id) SELECT s.indicator_id, s.area_id, s.period, "
        f"s.start, s.disaggregation, s.value, s.status, %s, %s FROM {STAGE} s WHERE NOT EXISTS "
        f"(SELECT 1 FROM stats_observation o WHERE {KEY_JOIN})",
        [dataset_id, b],
    )


def _restate(cursor: Any, written: int) -> None:
    """After a big write, PostgreSQL's statistics of the observation table are refreshed at once:
    the roll-up that follows is planned from them, and autovacuum would update them only some
    time after the commit (a plan for an empty table, run over millions of rows, takes hours)."""
    if connection.vendor == "postgresql" and written >= RESTATE_ROWS:
        cursor.execute("ANALYZE stats_observation")


def mark_changed(indicator_ids: Iterable[int]) -> None:
    """Note that these indicators' data changed now (their aggregates are stale until rebuilt)."""
    now = timezone.now()
    for pk in indicator_ids:
        Freshness.objects.update_or_create(indicator_id=pk, defaults={"data_changed": now})


def error_file(collector: Collector) -> str:
    """The rejected rows as CSV (their cells plus a column saying what is wrong), to fix and
    load again."""
    if not collector.rejected_rows:
        return ""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("row"), *collector.table.header, _("problems")])
    for row, (cells, messages) in sorted(collector.rejected_rows.items()):
        writer.writerow([row, *cells, "; ".join(messages)])
    return out.getvalue()

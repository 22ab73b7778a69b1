"""Loads from the web page, run in the background: queue an uploaded file as an import batch,
load (or check) it in a django-tasks task, and keep the batch row's progress current.

The upload is kept (``uploads``) so a checked file can be loaded afterwards without uploading
it again; the batch row holds everything the page shows.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django_tasks import task

from oneplan import permissions
from oneplan.core.importing import ImportRejected, Problem
from oneplan.exchange.mapping import DEFAULT_MAPPING, ImportMapping, parse_mapping
from oneplan.permissions import UserLike
from oneplan.stats.choices import BatchStatus
from oneplan.stats.loading import LoadResult, load_file
from oneplan.stats.models import ImportBatch
from oneplan.stats.running import Running
from oneplan.stats.uploads import prune, upload_path, uploads

logger = logging.getLogger(__name__)

# A file with a problem in every row could list millions; the page shows this many.
PROBLEM_LIMIT = 10_000
# A checked file is loaded once; again only after that load was undone, rejected or failed.
LOADED_OR_LOADING = (BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.DONE)


def stored_mapping(mapping: ImportMapping) -> dict[str, Any]:
    """The mapping as the batch keeps it; ``parse_mapping`` reads it back unchanged."""
    data = mapping.as_dict()
    if mapping.encoding != DEFAULT_MAPPING.encoding:
        data["encoding"] = mapping.encoding
    return data


def queue_upload(
    upload: UploadedFile[bytes],
    mapping: ImportMapping,
    user: UserLike,
    *,
    dry_run: bool = False,
    accept_valid: bool = False,
) -> ImportBatch:
    """Keep ``upload``, create its batch (QUEUED) and queue the load or, for a dry run, the
    check. The page and any future API call this one function."""
    if not permissions.may_load_any(user):
        raise PermissionDenied(_("Only planners, statisticians and data officers may load data."))
    name = Path(upload.name or "upload").name
    batch = ImportBatch.objects.create(
        source=name[:255],
        mapping=stored_mapping(mapping),
        user_id=user.pk,
        dry_run=dry_run,
        status=BatchStatus.QUEUED,
    )
    try:
        batch.upload = uploads().save(f"{batch.pk}/{name}", upload)
    except OSError as exc:
        _fail(batch.pk, exc)
        batch.refresh_from_db()
        return batch
    batch.save(update_fields=["upload"])
    _enqueue(batch, accept_valid)
    try:
        prune()  # a moment's tidying of files no batch needs any more
    except OSError as exc:
        logger.warning("kept uploads not pruned: %s", exc)
    return batch


def queue_load_of_checked(checked: ImportBatch, user: UserLike, accept_valid: bool) -> ImportBatch:
    """Load the file a dry run checked, as a new batch ("load it now")."""
    if not (permissions.may_load_any(user) and permissions.can_view_batch(user, checked)):
        raise PermissionDenied(
            _("Only whoever checked this file, or an administrator, may load it.")
        )
    if checked.status != BatchStatus.CHECKED:
        raise ValidationError(
            _("Batch #%(pk)s is %(status)s; only a checked file (dry run) can be loaded from it.")
            % {"pk": checked.pk, "status": checked.get_status_display()}
        )
    if not checked.upload or not upload_path(checked).is_file():
        raise ValidationError(
            _("The uploaded file of batch #%(pk)s is no longer kept; upload it again.")
            % {"pk": checked.pk}
        )
    with transaction.atomic():
        # Two clicks at once: the second waits here, then finds the first one's batch.
        list(ImportBatch.objects.select_for_update().filter(pk=checked.pk).values_list("pk"))
        earlier = loads_of(checked).filter(status__in=LOADED_OR_LOADING).first()
        if earlier is not None:
            raise ValidationError(
                _("This file is already loaded as batch #%(pk)s.") % {"pk": earlier.pk}
            )
        batch = ImportBatch.objects.create(
            source=checked.source,
            mapping=checked.mapping,
            user_id=user.pk,
            upload=checked.upload,
            status=BatchStatus.QUEUED,
        )
    _enqueue(batch, accept_valid)
    return batch


def loads_of(checked: ImportBatch) -> QuerySet[ImportBatch]:
    """The real loads started from a checked batch's file."""
    if not checked.upload:
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(upload=checked.upload, dry_run=False).exclude(pk=checked.pk)


def _enqueue(batch: ImportBatch, accept_valid: bool) -> None:
    try:
        load_upload.enqueue(
            batch_id=batch.pk, accept_valid=accept_valid, language=get_language() or ""
        )
    except Exception as exc:  # the queue itself is out of order: say so on the batch page
        _fail(batch.pk, exc)
    batch.refresh_from_db()


@task()
def load_upload(batch_id: int, accept_valid: bool = False, language: str = "") -> str:
    """Load (or check) the uploaded file of a QUEUED batch and record the outcome on it, its
    problems in the uploader's ``language``; a crash marks the batch FAILED with its message
    (and fails the task)."""
    with Running(batch_id) as mark:  # held before the batch says RUNNING (``running``)
        claimed = ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
            status=BatchStatus.RUNNING
        )
        if not claimed:  # run already, or gone: never load a file twice
            return "skipped"
        batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
        try:
            with (
                override(language or settings.LANGUAGE_CODE),
                BatchProgress(batch_id, mark=mark) as progress,
            ):
                return run_batch(batch, accept_valid, progress)
        except Exception as exc:
            _fail(batch_id, exc)
            raise


def run_batch(batch: ImportBatch, accept_valid: bool, progress: Callable[[int, int], None]) -> str:
    """The body of the task: load_file with the batch's mapping, as the person who uploaded."""
    if batch.user is None:
        # Without a person, load_file would act as the system itself and skip area checks.
        raise PermissionDenied(_("The person who uploaded this file no longer exists."))
    try:
        mapping = parse_mapping(batch.mapping, _("mapping"))
        result = load_file(
            upload_path(batch),
            mapping,
            user=batch.user,
            dry_run=batch.dry_run,
            accept_valid=accept_valid,
            progress=progress,
            batch=None if batch.dry_run else batch,
            display_name=batch.source,
        )
    except ImportRejected as exc:
        _reject(batch, exc.problems)
        return str(batch.status)
    if batch.dry_run:
        _record_check(batch, result)
    elif result.problem_count > len(batch.problems):
        batch.message = _listed(result.problem_count, len(batch.problems))
        batch.save(update_fields=["message"])
    return str(batch.status)


def _listed(total: int, shown: int) -> str:
    return _("%(total)s problems; the first %(shown)s are listed.") % {
        "total": f"{total:,}",
        "shown": f"{shown:,}",
    }


def _reject(batch: ImportBatch, problems: list[Problem]) -> None:
    batch.status = BatchStatus.REJECTED
    batch.finished = timezone.now()
    batch.problems = [p.as_dict() for p in problems[:PROBLEM_LIMIT]]
    batch.rejected = len({(p.sheet, p.row) for p in problems if p.row is not None})
    batch.message = _listed(len(problems), PROBLEM_LIMIT) if len(problems) > PROBLEM_LIMIT else ""
    batch.save(update_fields=["status", "finished", "problems", "rejected", "message"])


def _record_check(batch: ImportBatch, result: LoadResult) -> None:
    batch.status = BatchStatus.CHECKED
    batch.finished = timezone.now()
    batch.rows_total = batch.rows_done = result.rows
    batch.added, batch.changed, batch.unchanged = result.added, result.changed, result.unchanged
    batch.rejected = result.rejected_rows
    batch.problems = [p.as_dict() for p in result.problems[:PROBLEM_LIMIT]]
    batch.error_rows = result.error_file
    batch.preview = [asdict(change) for change in result.preview]
    if result.problem_count > len(batch.problems):
        batch.message = _listed(result.problem_count, len(batch.problems))
    batch.save()


def _fail(batch_id: int, exc: BaseException) -> None:
    logger.warning("import batch %s failed: %s", batch_id, exc)
    ImportBatch.objects.filter(pk=batch_id).update(
        status=BatchStatus.FAILED,
        finished=timezone.now(),
        message=f"{type(exc).__name__}: {exc}"[:10_000],
    )


class BatchProgress:
    """A load's progress callback: writes rows_done/rows_total to the batch row when the load
    has moved on by ``step`` of the file or ``seconds`` have passed, and at the end.

    A load runs in one transaction, so a write on its own connection would stay invisible to
    the page until the end. On PostgreSQL the row is written through a second connection that
    commits at once. SQLite takes its one write lock for the whole load (transaction mode
    IMMEDIATE), so there the progress goes beside the upload (``running.Running.note``), where
    the pages read it.
    """

    def __init__(
        self,
        batch_id: int,
        *,
        step: float = 0.02,
        seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        mark: Running | None = None,
    ) -> None:
        self.batch_id = batch_id
        self.mark = mark
        self.step = step
        self.seconds = seconds
        self.clock = clock
        self.done = 0
        self.total = 0
        self.written_at = -math.inf
        self.writes = 0
        self._side: BaseDatabaseWrapper | None = None

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __call__(self, done: int, total: int) -> None:
        total = max(total, done)
        if (done, total) == (self.done, self.total):
            return
        now = self.clock()
        finished = total > 0 and done >= total
        moved = total > 0 and done - self.done >= self.step * total
        if not (finished or moved or now - self.written_at >= self.seconds):
            return
        self.done, self.total, self.written_at = done, total, now
        try:
            self._write(done, total)
        except DatabaseError as exc:  # progress is a courtesy; never stop a load for it
            logger.warning("progress of import batch %s not written: %s", self.batch_id, exc)

    def _write(self, done: int, total: int) -> None:
        if not connection.in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch_id).update(rows_done=done, rows_total=total)
        elif connection.vendor == "postgresql":
            if self._side is None:
                self._side = connections.create_connection(connection.alias)
            table = self._side.ops.quote_name(ImportBatch._meta.db_table)
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET rows_done = %s, rows_total = %s WHERE id = %s",
                    [done, total, self.batch_id],
                )
        elif self.mark is not None:
            self.mark.note(done, total)
        else:
            return
        self.writes += 1

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None

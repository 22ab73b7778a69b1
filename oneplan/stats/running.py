"""A background load's marks beside its upload: a lock its worker holds while it runs, and how
far it has read.

The worker takes an exclusive ``flock`` on ``uploads/<batch>/.running`` *before* it marks the
batch RUNNING and lets go only after it has written the outcome. The kernel drops the lock when
the process ends in any way (killed, out of memory, the machine restarted), so a RUNNING batch
whose lock anyone can take is one whose worker is gone: ``sweep`` marks it FAILED, saying so.
Nothing of it was written (a load is one transaction, rolled back with its connection).

On SQLite a load holds the database's one write lock from start to end, so its progress cannot
be written to the batch row while it runs; it goes to ``.progress`` beside the lock, and
``live`` reads it into the batches a page shows.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.stats.choices import BatchStatus
from oneplan.stats.models import ImportBatch
from oneplan.stats.uploads import uploads

logger = logging.getLogger(__name__)
LOCK = ".running"
PROGRESS = ".progress"


def folder(batch_id: int) -> Path:
    """The batch's folder under the uploads (where its file is kept)."""
    return Path(uploads().path(str(batch_id)))


class Running:
    """Held by the worker for as long as it runs a batch (a context manager)."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.folder = folder(batch_id)
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> Running:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = (self.folder / LOCK).open("ab")
        fcntl.flock(handle, fcntl.LOCK_EX)  # a sweeping reader holds it only for a moment
        self._handle = handle
        return self

    def note(self, done: int, total: int) -> None:
        """Record how far the load has read (replaced whole, so a reader never sees half)."""
        part = self.folder / f"{PROGRESS}.{os.getpid()}"
        part.write_text(f"{done} {total}", encoding="ascii")
        part.replace(self.folder / PROGRESS)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # The batch's outcome is written by now: a sweeper finding no lock leaves it be.
        clear(self.batch_id)
        if self._handle is not None:
            self._handle.close()  # lets go of the lock
            self._handle = None


def worker_gone(batch_id: int) -> bool:
    """Whether no process holds the batch's lock (taking it for a moment to find out)."""
    path = folder(batch_id) / LOCK
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return True
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def sweep(batches: QuerySet[ImportBatch] | None = None) -> int:
    """Mark every RUNNING batch (of ``batches``, or all) whose worker is gone FAILED; how many
    were."""
    running = (ImportBatch.objects.all() if batches is None else batches).filter(
        status=BatchStatus.RUNNING
    )
    stopped = [pk for pk in running.values_list("pk", flat=True) if worker_gone(pk)]
    if not stopped:
        return 0
    logger.warning("import batches %s stopped with their worker", stopped)
    marked = ImportBatch.objects.filter(pk__in=stopped, status=BatchStatus.RUNNING).update(
        status=BatchStatus.FAILED,
        finished=timezone.now(),
        message=_(
            "The process running it ended before it finished (it was stopped, ran out of "
            "memory, or the server restarted). Load the file again."
        ),
    )
    for pk in stopped:  # the marks the worker could not take away
        clear(pk)
    return marked


def clear(batch_id: int) -> None:
    """Remove a batch's marks (its lock file and noted progress)."""
    for name in (PROGRESS, LOCK):
        with contextlib.suppress(OSError):
            (folder(batch_id) / name).unlink(missing_ok=True)


def live(batches: Iterable[ImportBatch]) -> None:
    """Give running batches the progress their worker noted beside the upload (SQLite)."""
    for batch in batches:
        if batch.status != BatchStatus.RUNNING:
            continue
        try:
            done, total = (int(x) for x in (folder(batch.pk) / PROGRESS).read_text().split())
        except (OSError, ValueError):
            continue
        if total > batch.rows_total or done > batch.rows_done:
            batch.rows_done, batch.rows_total = done, total

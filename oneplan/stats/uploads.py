"""Uploaded files kept for background loads: where they live and when they go.

A file is kept under ``DATA_DIR/uploads/<batch>/`` so that the worker can read it and a checked
file can be loaded later without uploading it again. It goes once every batch that uses it has
ended more than ``ONEPLAN_UPLOAD_KEEP_DAYS`` days ago (30 unless set): each new upload tidies
up, and ``oneplan prune-uploads`` does it on demand. The batches keep their record (counts,
problems, the rows with problems); only "load it now" needs the file, and says when it is gone.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from oneplan.stats.choices import BatchStatus
from oneplan.stats.models import ImportBatch

logger = logging.getLogger(__name__)
ACTIVE = (BatchStatus.QUEUED, BatchStatus.RUNNING)


def uploads() -> FileSystemStorage:
    """Where uploaded files are kept (read at call time, so tests may move DATA_DIR)."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "uploads")


def upload_path(batch: ImportBatch) -> Path:
    return Path(uploads().path(batch.upload))


def prune(days: int | None = None, now: datetime | None = None) -> list[str]:
    """Delete the kept files whose batches all ended more than ``days`` ago; their names."""
    keep = settings.ONEPLAN_UPLOAD_KEEP_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=keep)
    stale = (
        ImportBatch.objects.exclude(upload="")
        .values("upload")
        .annotate(
            last=Max(Coalesce("finished", "created")),
            active=Count("pk", filter=Q(status__in=ACTIVE)),
        )
        .filter(last__lt=cutoff, active=0)
        .order_by("upload")
    )
    storage = uploads()
    removed = []
    for name in stale.values_list("upload", flat=True):
        if not storage.exists(name):
            continue
        storage.delete(name)
        removed.append(name)
        with contextlib.suppress(OSError):  # the batch's folder, when nothing else is in it
            Path(storage.path(name)).parent.rmdir()
    if removed:
        logger.info("deleted %d kept uploads", len(removed))
    return removed

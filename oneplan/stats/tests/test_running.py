"""A background load's marks: its progress shows on SQLite too, and a batch whose worker was
killed is marked failed (with a real process killed by SIGKILL), never left "running"."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from oneplan.stats import running, tasks
from oneplan.stats.choices import BatchStatus
from oneplan.stats.models import ImportBatch
from oneplan.stats.running import Running, worker_gone

pytestmark = pytest.mark.usefixtures("reference_db")
HOLD = """
import fcntl, sys, time
handle = open(sys.argv[1], "ab")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Any, client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.DATA_DIR = tmp_path / "data"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def batch_page(client: Client, batch: ImportBatch) -> str:
    response = client.get(f"/data/imports/{batch.pk}/")
    assert response.status_code == 200
    return response.content.decode()


# Committed first: on PostgreSQL the progress is written by a second connection.
@pytest.mark.django_db(transaction=True)
def test_the_progress_of_a_load_in_its_transaction_shows_on_its_page(
    client: Client, cast: Any
) -> None:
    batch = ImportBatch.objects.create(
        source="x.csv", user=cast.data_officer, status=BatchStatus.RUNNING
    )
    client.force_login(cast.data_officer)
    with (
        Running(batch.pk) as mark,
        transaction.atomic(),
        tasks.BatchProgress(batch.pk, mark=mark) as progress,
    ):
        progress(400, 1000)  # as load_file calls it, inside the load's transaction
        text = batch_page(client, batch)
        assert re.search(r'<progress id="batch-progress" max="100" value="40">', text)
        assert "400 of 1,000 values read" in text
        listed = client.get("/data/imports/").content.decode()
        assert re.search(r'<progress max="100" value="40">', listed)
    # Done: the marks are gone with the lock.
    assert list(running.folder(batch.pk).iterdir()) == []


def test_a_batch_whose_worker_was_killed_is_marked_failed(client: Client, cast: Any) -> None:
    batch = ImportBatch.objects.create(
        source="x.csv", user=cast.data_officer, status=BatchStatus.RUNNING
    )
    folder = running.folder(batch.pk)
    folder.mkdir(parents=True)
    worker = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder / running.LOCK)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "held"
        client.force_login(cast.data_officer)
        assert "every 1s" in batch_page(client, batch)  # alive: still polled
        assert running.sweep() == 0
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        worker.kill()
    text = batch_page(client, batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert batch.message.startswith("The process running it ended before it finished")
    assert "The load stopped with an error; nothing was written." in text
    assert list(folder.iterdir()) == []  # the dead worker's marks are cleared
    assert "every 1s" not in text


def test_the_list_marks_a_stopped_batch_too(client: Client, cast: Any) -> None:
    # A batch left RUNNING with no lock at all (e.g. from before an upgrade, or a lost disk).
    orphan = ImportBatch.objects.create(
        source="x.csv", user=cast.data_officer, status=BatchStatus.RUNNING
    )
    others = ImportBatch.objects.create(
        source="y.csv", user=cast.planner_phrae, status=BatchStatus.RUNNING
    )
    client.force_login(cast.data_officer)
    assert client.get("/data/imports/").status_code == 200
    orphan.refresh_from_db()
    others.refresh_from_db()
    assert orphan.status == BatchStatus.FAILED
    assert others.status == BatchStatus.RUNNING  # not this reader's to see, nor to sweep


def test_the_worker_holds_the_lock_from_before_running_until_the_outcome(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, bool]] = []

    def body(batch: ImportBatch, accept_valid: bool, progress: Any) -> str:
        batch.refresh_from_db()
        seen.append((batch.status, worker_gone(batch.pk)))
        return "done"

    monkeypatch.setattr(tasks, "run_batch", body)
    batch = ImportBatch.objects.create(
        source="x.csv", user=cast.data_officer, status=BatchStatus.QUEUED
    )
    tasks.load_upload.call(batch_id=batch.pk)
    assert seen == [(BatchStatus.RUNNING, False)]
    assert worker_gone(batch.pk)  # let go afterwards
    assert not (running.folder(batch.pk) / running.LOCK).exists()

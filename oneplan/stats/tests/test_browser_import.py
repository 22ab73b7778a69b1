"""Loading a file through the real page in headless Chromium: the data officer uploads a CSV,
the batch waits in the database queue, a worker runs it, and the page, polling by itself,
shows the bar full and the counts without being reloaded."""

from __future__ import annotations

import os
import signal

import pytest
from django.core.management import call_command

from oneplan.stats.choices import BatchStatus
from oneplan.stats.models import ImportBatch
from oneplan.stats.tests.factories import indicator, stored, write_csv
from oneplan.testing.browser import SHOTS, log_in, thai_glyphs_drawn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEARS = range(2468, 2568)  # a hundred Buddhist-Era years of one value each


def shoot(page, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def run_worker() -> None:
    """What `oneplan db_worker` does, once over the queue (its signal handlers put back)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def test_upload_wait_in_the_queue_and_watch_the_bar_fill(page, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path / "data"
    indicator("POP", name_th="จำนวนประชากร", min_value=0)
    rows = [["POP", "12", str(year), str(1000 + year)] for year in YEARS]
    path = write_csv(tmp_path, "ประชากร.csv", [["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"], *rows])

    log_in(page, "data.agri.nonthaburi")
    page.goto(page.base + "/data/imports/new/")
    page.set_input_files("input[name=file]", str(path))
    shoot(page, "import-upload.png")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#batch-status[data-status=queued]")
    assert page.locator("#batch-progress").get_attribute("value") is None  # indeterminate
    assert page.locator("#batch-body[hx-trigger]").count() == 1  # polling
    assert thai_glyphs_drawn(page, "h1")
    shoot(page, "import-queued.png")
    page.evaluate("window.notReloaded = true")

    run_worker()

    page.wait_for_selector("#batch-status[data-status=done]", timeout=15_000)
    assert page.evaluate("window.notReloaded === true")  # HTMX swapped the part, no reload
    assert page.locator("#batch-progress").get_attribute("value") == "100"
    assert page.locator("#batch-body[hx-trigger]").count() == 0  # polling stopped
    assert page.locator("#count-added").inner_text() == str(len(YEARS))
    assert page.locator("#undo-form button").is_visible()
    shoot(page, "import-done.png")
    batch = ImportBatch.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert batch.status == BatchStatus.DONE
    assert batch.source == "ประชากร.csv"
    assert len(stored("POP")) == len(YEARS)

    page.goto(page.base + "/data/imports/")
    assert page.locator(
        f"#batches tr[data-status=done] a[href='/data/imports/{batch.pk}/']"
    ).count()
    shoot(page, "import-list.png")

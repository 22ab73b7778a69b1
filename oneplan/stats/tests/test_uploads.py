"""Kept upload files go once every batch using them ended long enough ago: on each new upload
and on demand (``oneplan prune_uploads``); the batches' records stay."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from oneplan.stats.choices import BatchStatus
from oneplan.stats.models import ImportBatch
from oneplan.stats.tests.factories import indicator
from oneplan.stats.uploads import prune, upload_path, uploads

pytestmark = pytest.mark.usefixtures("reference_db")


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.ONEPLAN_UPLOAD_KEEP_DAYS = 30
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def kept(name: str, status: str, days_ago: int, *, upload: str = "") -> ImportBatch:
    """A batch that ended (or, when active, was created) ``days_ago``, with its file kept."""
    when = timezone.now() - timedelta(days=days_ago)
    batch = ImportBatch.objects.create(source=name, status=status, upload=upload)
    ended = None if status in (BatchStatus.QUEUED, BatchStatus.RUNNING) else when
    ImportBatch.objects.filter(pk=batch.pk).update(created=when, finished=ended)
    if not upload:
        batch.upload = uploads().save(f"{batch.pk}/{name}", ContentFile(b"a,b\n"))
        batch.save(update_fields=["upload"])
    batch.refresh_from_db()
    return batch


def test_a_file_goes_once_every_batch_using_it_ended_long_enough_ago(db: Any) -> None:
    old = kept("old.csv", BatchStatus.DONE, 40)
    checked = kept("checked.csv", BatchStatus.CHECKED, 40)
    kept("checked.csv", BatchStatus.DONE, 5, upload=checked.upload)  # loaded from it lately
    stuck = kept("stuck.csv", BatchStatus.RUNNING, 40)
    recent = kept("recent.csv", BatchStatus.REJECTED, 10)

    assert prune() == [old.upload]
    assert not upload_path(old).exists()
    assert not upload_path(old).parent.exists()  # its folder with it
    assert all(upload_path(b).is_file() for b in (checked, stuck, recent))
    assert ImportBatch.objects.filter(pk=old.pk).exists()  # the record stays

    assert prune(days=3) == sorted([checked.upload, recent.upload])
    assert upload_path(stuck).is_file()  # never while a batch may still read it


def test_a_new_upload_tidies_up_and_a_checked_file_gone_is_said(
    client: Client, cast: Any, settings: Any
) -> None:
    indicator("POP")
    old = kept("old.csv", BatchStatus.CHECKED, 31)
    old.user = cast.data_officer
    old.save(update_fields=["user"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cast.data_officer)
    data = "ตัวชี้วัด,พื้นที่,ช่วงเวลา,ค่า\nPOP,12,2567,42\n".encode()
    response = client.post(
        "/data/imports/new/", {"file": SimpleUploadedFile("new.csv", data, "text/csv")}
    )
    assert response.status_code == 302
    new = ImportBatch.objects.latest("pk")
    assert new.status == BatchStatus.DONE
    assert upload_path(new).is_file()
    assert not upload_path(old).exists()
    text = client.get(f"/data/imports/{old.pk}/").content.decode()
    assert "Load it now" not in text


def test_the_command_names_what_it_deleted(db: Any) -> None:
    old = kept("old.csv", BatchStatus.FAILED, 2)
    out = io.StringIO()
    call_command("prune_uploads", "--days", "1", stdout=out)
    assert out.getvalue().splitlines() == [f"deleted {old.upload}", "1 kept uploads deleted"]

"""Loading a file from the web: the upload page queues a batch, the task loads or checks it,
the batch page shows progress, every problem, the error file, "load it now" and undo; the list
of batches; who may do what. Tasks run in the request (ImmediateBackend) except in the test
that goes through the database queue and ``db_worker``."""

from __future__ import annotations

import csv
import io
import json
import re
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from oneplan.stats import tasks
from oneplan.stats.choices import BatchStatus
from oneplan.stats.models import Dataset, ImportBatch, Observation, PriorValue
from oneplan.stats.running import Running
from oneplan.stats.tests.factories import indicator, stored, write_xlsx
from oneplan.stats.views.imports import PROBLEMS_PER_PAGE

pytestmark = pytest.mark.usefixtures("reference_db")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HEADER = ["ตัวชี้วัด", "พื้นที่", "ช่วงเวลา", "ค่า"]


@pytest.fixture(autouse=True)
def setup(settings, tmp_path, client, cast):
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path / "data"
    # The English switch: the messages checked below are the English source texts.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    indicator("POP", min_value=0)


def csv_file(rows, name="values.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), "text/csv")


def upload(client, user, rows, **fields):
    client.force_login(user)
    data = {"file": csv_file(rows) if rows is not None else fields.pop("file"), **fields}
    return client.post("/data/imports/new/", data)


def last_batch() -> ImportBatch:
    return ImportBatch.objects.latest("pk")


def found(pattern: str, text: str) -> str:
    """The first match of ``pattern`` in ``text`` (failing the test when there is none)."""
    match = re.search(pattern, text, re.S)
    assert match is not None, pattern
    return match.group(0)


def page(client, batch, query="") -> str:
    response = client.get(f"/data/imports/{batch.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_valid_file_is_kept_loaded_in_the_background_and_shown_done(client, cast, settings):
    response = upload(client, cast.data_officer, [["POP", "12", "2567", "100"]])
    batch = last_batch()
    assert response.status_code == 302
    assert response["Location"] == f"/data/imports/{batch.pk}/"
    assert batch.status == BatchStatus.DONE
    assert (batch.added, batch.changed, batch.rejected) == (1, 0, 0)
    assert batch.user == cast.data_officer
    assert batch.source == "values.csv"
    assert (settings.DATA_DIR / "uploads" / batch.upload).is_file()
    assert stored("POP") == {("12", "2024"): 100}
    html = page(client, batch)
    assert 'value="100"' in found(r"<progress[^>]*>", html)
    assert "every 1s" not in html  # finished: no more polling
    assert 'id="undo-form"' in html
    del client.cookies["oneplan_language"]  # Thai first: dates in the Buddhist Era
    assert str(timezone.localdate().year + 543) in page(client, batch)


def test_a_file_with_problems_lists_each_row_and_column_and_writes_nothing(client, cast):
    upload(
        client,
        cast.data_officer,
        [["POP", "12", "2567", "abc"], ["POP", "12", "2566", "5"], ["POP", "ไม่มีที่นี่", "2567", "1"]],
    )
    batch = last_batch()
    assert batch.status == BatchStatus.REJECTED
    assert batch.rejected == 2
    assert Observation.objects.count() == 0
    assert PriorValue.objects.count() == 0
    html = page(client, batch)
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    assert [(r, c) for r, c, _m in rows] == [("2", "D (ค่า)"), ("4", "B (พื้นที่)")]
    assert "abc" in rows[0][2]
    assert "ไม่มีที่นี่" in rows[1][2]
    assert "nothing was written" in html
    assert 'id="undo-form"' not in html


def test_accept_valid_loads_the_good_rows_and_offers_the_error_file(client, cast):
    upload(
        client,
        cast.data_officer,
        [["POP", "12", "2567", "100"], ["POP", "12", "2566", "-5"]],
        accept_valid="on",
    )
    batch = last_batch()
    assert batch.status == BatchStatus.DONE
    assert (batch.added, batch.rejected) == (1, 1)
    assert stored("POP") == {("12", "2024"): 100}
    assert f'href="/data/imports/{batch.pk}/errors.csv"' in page(client, batch)
    response = client.get(f"/data/imports/{batch.pk}/errors.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][1:5] == HEADER
    assert [r[:5] for r in rows[1:]] == [["3", "POP", "12", "2566", "-5"]]
    assert "-5" in rows[1][5]


def test_no_error_file_for_a_clean_load(client, cast):
    upload(client, cast.data_officer, [["POP", "12", "2567", "100"]])
    assert client.get(f"/data/imports/{last_batch().pk}/errors.csv").status_code == 404


def test_a_dry_run_writes_nothing_and_load_it_now_loads_the_same_file_once(client, cast):
    upload(client, cast.data_officer, [["POP", "12", "2567", "100"]])
    upload(
        client,
        cast.data_officer,
        [["POP", "12", "2567", "150"], ["POP", "12", "2566", "7"], ["POP", "12", "2565", "1"]],
        dry_run="on",
    )
    checked = last_batch()
    assert checked.status == BatchStatus.CHECKED
    assert (checked.added, checked.changed, checked.unchanged) == (2, 1, 0)
    assert stored("POP") == {("12", "2024"): 100}  # nothing written
    html = page(client, checked)
    preview = found(r'<table id="preview">.*?</table>', html)
    assert re.search(r"<td>2024</td><td></td><td>100</td><td>150</td>", preview)
    assert preview.count("<tr>") == 1 + 3
    assert 'id="undo-form"' not in html

    response = client.post(f"/data/imports/{checked.pk}/load/")
    loaded = last_batch()
    assert response["Location"] == f"/data/imports/{loaded.pk}/"
    assert loaded.pk != checked.pk
    assert loaded.status == BatchStatus.DONE
    assert loaded.upload == checked.upload
    assert (loaded.added, loaded.changed) == (2, 1)
    assert stored("POP") == {("12", "2024"): 150, ("12", "2023"): 7, ("12", "2022"): 1}
    html = page(client, checked)
    assert 'id="load-form"' not in html
    assert f'href="/data/imports/{loaded.pk}/"' in html

    again = client.post(f"/data/imports/{checked.pk}/load/", follow=True).content.decode()
    assert f"already loaded as batch #{loaded.pk}" in again
    assert ImportBatch.objects.count() == 3


def test_a_dry_run_lists_problems_and_can_then_load_the_valid_rows(client, cast):
    upload(
        client,
        cast.data_officer,
        [["POP", "12", "2567", "5"], ["POP", "12", "x", "6"]],
        dry_run="on",
    )
    checked = last_batch()
    assert checked.status == BatchStatus.CHECKED
    assert [(p["row"], p["column"]) for p in checked.problems] == [(3, "C (ช่วงเวลา)")]
    html = page(client, checked)
    assert 'id="load-form"' in html
    assert f'href="/data/imports/{checked.pk}/errors.csv"' in html
    client.post(f"/data/imports/{checked.pk}/load/", {"accept_valid": "1"})
    loaded = last_batch()
    assert (loaded.status, loaded.added, loaded.rejected) == (BatchStatus.DONE, 1, 1)
    assert stored("POP") == {("12", "2024"): 5}


def test_undo_is_refused_while_a_later_batch_changed_the_values_then_allowed(client, cast):
    upload(client, cast.data_officer, [["POP", "12", "2567", "100"]])
    first = last_batch()
    upload(client, cast.data_officer, [["POP", "12", "2567", "200"]])
    second = last_batch()
    refused = client.post(f"/data/imports/{first.pk}/undo/", follow=True).content.decode()
    assert f"Batch #{second.pk} changed values that batch #{first.pk} loaded" in refused
    first.refresh_from_db()
    assert first.status == BatchStatus.DONE
    assert stored("POP") == {("12", "2024"): 200}
    client.post(f"/data/imports/{second.pk}/undo/")
    assert stored("POP") == {("12", "2024"): 100}
    done = client.post(f"/data/imports/{first.pk}/undo/", follow=True).content.decode()
    assert f"Batch #{first.pk} undone: 1 values removed" in done
    assert stored("POP") == {}
    first.refresh_from_db()
    assert first.status == BatchStatus.UNDONE


def test_a_crash_in_the_task_marks_the_batch_failed_with_the_message(client, cast, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("disk full at row 7")

    monkeypatch.setattr(tasks, "load_file", crash)
    upload(client, cast.data_officer, [["POP", "12", "2567", "100"]])
    batch = last_batch()
    assert batch.status == BatchStatus.FAILED
    assert batch.message == "RuntimeError: disk full at row 7"
    assert batch.finished is not None
    assert "disk full at row 7" in page(client, batch)


def test_a_data_officer_may_load_values_only_within_scope(client, cast):
    upload(client, cast.data_officer, [["POP", "54", "2567", "9"]])  # Phrae: out of scope
    out = last_batch()
    assert out.status == BatchStatus.REJECTED
    assert [(p["row"], p["column"]) for p in out.problems] == [(2, "B (พื้นที่)")]
    upload(client, cast.data_officer, [["POP", "1201", "2567", "9"]])  # too fine for POP
    assert last_batch().status == BatchStatus.REJECTED
    upload(client, cast.data_officer, [["POP", "12", "2567", "9"]])  # Nonthaburi
    assert last_batch().status == BatchStatus.DONE
    assert stored("POP") == {("12", "2024"): 9}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # upload page, list, the data officer's batch, its error file, undo it
        ("anonymous", (302, 302, 302, 302, 403)),
        ("viewer", (403, 403, 403, 403, 403)),
        ("planner_phrae", (200, 200, 403, 403, 403)),  # loads data, not this batch's owner
        ("data_officer", (200, 200, 200, 200, 302)),
        ("admin", (200, 200, 200, 200, 302)),
    ],
)
def test_who_may_see_and_change_batches(client, cast, who, expected):
    upload(
        client,
        cast.data_officer,
        [["POP", "12", "2567", "1"], ["POP", "12", "2566", "x"]],
        accept_valid="on",
    )
    batch = last_batch()
    client.logout()
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    codes = (
        client.get("/data/imports/new/").status_code,
        client.get("/data/imports/").status_code,
        client.get(f"/data/imports/{batch.pk}/").status_code,
        client.get(f"/data/imports/{batch.pk}/errors.csv").status_code,
        client.post(f"/data/imports/{batch.pk}/undo/").status_code,
    )
    assert codes == expected
    batch.refresh_from_db()
    assert (batch.status == BatchStatus.UNDONE) == (expected[4] == 302)
    if who == "anonymous":
        assert client.get("/data/imports/new/")["Location"].startswith("/accounts/login/")


def test_only_the_checker_or_an_administrator_may_load_a_checked_file(client, cast):
    upload(client, cast.data_officer, [["POP", "12", "2567", "1"]], dry_run="on")
    checked = last_batch()
    client.force_login(cast.planner_phrae)
    assert client.post(f"/data/imports/{checked.pk}/load/").status_code == 403
    assert client.get(f"/data/imports/{checked.pk}/load/").status_code == 405
    assert ImportBatch.objects.count() == 1
    client.force_login(cast.admin)
    client.post(f"/data/imports/{checked.pk}/load/")
    assert last_batch().user == cast.admin  # the loader is whoever pressed the button
    assert last_batch().status == BatchStatus.DONE


def test_form_problems_name_the_field_and_the_place_and_queue_nothing(client, cast):
    client.force_login(cast.data_officer)

    def errors(**data) -> str:
        data.setdefault("file", csv_file([["POP", "12", "2567", "1"]]))
        response = client.post("/data/imports/new/", data)
        assert response.status_code == 200
        return response.content.decode()

    doc = SimpleUploadedFile("values.docx", b"PK\x03\x04", "application/octet-stream")
    assert "values.docx: a data file must be" in errors(file=doc)
    assert "The submitted file is empty" in errors(file=SimpleUploadedFile("values.csv", b""))
    bad_toml = errors(mapping_text='layout = "wide"\narea = \n')
    assert "pasted mapping: " in bad_toml
    assert "line 2" in bad_toml
    assert "unknown key colour" in errors(mapping_text='colour = "blue"')
    bad_json = SimpleUploadedFile("m.json", b'{"layout": "long",}')
    assert re.search(r"m\.json: .*line 1 column", errors(mapping_file=bad_json))
    toml = SimpleUploadedFile("m.toml", b"layout = 'long'")
    both = errors(mapping_text="layout = 'long'", mapping_file=toml)
    assert "not both" in both
    assert "is not a workbook" in errors(sheet="Sheet1")
    assert "Select a valid choice" in errors(dataset="no-such-dataset")
    assert ImportBatch.objects.count() == 0


def test_a_pasted_mapping_a_sheet_and_a_dataset_choice_are_used(client, cast, tmp_path):
    Dataset.objects.create(code="pop-12", name_th="ประชากร")
    book = write_xlsx(
        tmp_path, "book.xlsx", [["จังหวัด", "ปี", "คน"], ["12", 2567, 321]], sheet="ข้อมูล"
    )
    mapping = {"indicator": {"value": "POP"}, "area": "จังหวัด", "period": "ปี", "value": "คน"}
    client.force_login(cast.data_officer)
    client.post(
        "/data/imports/new/",
        {
            "file": SimpleUploadedFile("book.xlsx", book.read_bytes()),
            "mapping_text": json.dumps(mapping, ensure_ascii=False),
            "sheet": "ข้อมูล",
            "dataset": "pop-12",
        },
    )
    batch = last_batch()
    assert batch.status == BatchStatus.DONE, batch.problems
    assert batch.mapping["sheet"] == "ข้อมูล"
    assert batch.mapping["dataset"] == "pop-12"
    assert Observation.objects.get().dataset.code == "pop-12"
    client.post(
        "/data/imports/new/",
        {"file": SimpleUploadedFile("book.xlsx", book.read_bytes()), "sheet": "ไม่มี"},
    )
    missing = last_batch()
    assert missing.status == BatchStatus.REJECTED
    assert "ไม่มี" in missing.problems[0]["message"]


def test_problems_are_paged(client, cast):
    rows = [["POP", "12", str(2000 + i), "bad"] for i in range(PROBLEMS_PER_PAGE + 5)]
    upload(client, cast.data_officer, rows)
    batch = last_batch()
    assert len(batch.problems) == PROBLEMS_PER_PAGE + 5

    def listed(query: str) -> list[str]:
        html = page(client, batch, query)
        table = found(r'<table id="problems">.*?</table>', html)
        return re.findall(r"<tr><td>(\d+)</td>", table)

    assert listed("") == [str(r) for r in range(2, PROBLEMS_PER_PAGE + 2)]
    assert listed("?page=2") == [
        str(r) for r in range(PROBLEMS_PER_PAGE + 2, PROBLEMS_PER_PAGE + 7)
    ]


def test_the_batch_page_polls_while_queued_and_stops_when_done(client, cast):
    batch = ImportBatch.objects.create(source="x.csv", user=cast.data_officer)
    client.force_login(cast.data_officer)
    html = page(client, batch)
    assert 'hx-trigger="every 1s"' in html
    assert "value=" not in found(r"<progress[^>]*>", html)  # indeterminate
    batch.status, batch.rows_total, batch.rows_done = BatchStatus.RUNNING, 200, 50
    batch.save()
    with Running(batch.pk):  # a worker at it (one that is gone is marked failed: test_running)
        fragment = client.get(f"/data/imports/{batch.pk}/", HTTP_HX_REQUEST="true").content
    fragment = fragment.decode()
    assert fragment.startswith('<div id="batch-body"')
    assert "<html" not in fragment
    assert 'value="25"' in fragment
    assert 'hx-trigger="every 1s"' in fragment
    batch.status, batch.rows_done, batch.finished = BatchStatus.DONE, 200, timezone.now()
    batch.save()
    fragment = client.get(f"/data/imports/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert 'value="100"' in fragment


def test_the_list_is_newest_first_filtered_and_each_loader_sees_their_own(
    client, cast, django_assert_max_num_queries
):
    mine = [
        ImportBatch.objects.create(source=f"f{i}.csv", user=cast.data_officer, status=status)
        for i, status in enumerate([BatchStatus.DONE, BatchStatus.REJECTED, BatchStatus.DONE])
    ]
    theirs = ImportBatch.objects.create(source="phrae.csv", user=cast.planner_phrae)
    old = ImportBatch.objects.filter(pk=mine[0].pk)
    old.update(created=timezone.now().replace(year=2020, month=3, day=15))

    def listed(user, query="") -> list[int]:
        client.force_login(user)
        html = client.get(f"/data/imports/{query}").content.decode()
        return [int(pk) for pk in re.findall(r'<tr data-status="\w+"><td><a[^>]*>(\d+)</a>', html)]

    assert listed(cast.data_officer) == [mine[2].pk, mine[1].pk, mine[0].pk]
    assert listed(cast.admin) == [theirs.pk, mine[2].pk, mine[1].pk, mine[0].pk]
    assert listed(cast.admin, "?status=rejected") == [mine[1].pk]
    assert listed(cast.admin, "?user=planner_phrae") == [theirs.pk]
    assert listed(cast.admin, "?date=มี.ค.+2563") == [mine[0].pk]
    assert listed(cast.admin, "?date=2563") == [mine[0].pk]
    for i in range(20):
        ImportBatch.objects.create(source=f"more{i}.csv", user=cast.planner_phrae)
    client.force_login(cast.admin)
    with django_assert_max_num_queries(12):
        assert client.get("/data/imports/").status_code == 200


def test_progress_is_written_every_step_or_second_and_at_the_end(cast):
    now = [0.0]
    written: list[tuple[int, int]] = []
    progress = tasks.BatchProgress(1, step=0.1, seconds=1.0, clock=lambda: now[0])
    progress._write = lambda done, total: written.append((done, total))
    for done in range(0, 1001, 10):  # 101 calls, 1% apart, no time passing
        progress(done, 1000)
    # the first call, then every 10% of the file; the last one is the end
    assert written == [(done, 1000) for done in range(0, 1001, 100)]
    written.clear()
    progress(1000, 1000)
    assert written == []  # nothing new, nothing written
    slow = tasks.BatchProgress(1, step=0.5, seconds=1.0, clock=lambda: now[0])
    slow._write = lambda done, total: written.append((done, total))
    slow(1, 1000)
    slow(2, 1000)
    now[0] = 1.5
    slow(3, 1000)
    assert written == [(1, 1000), (3, 1000)]  # the first call, then one more after a second


@pytest.mark.django_db(transaction=True)
def test_progress_reaches_the_batch_row_where_the_database_allows(cast):
    batch = ImportBatch.objects.create(source="x.csv", user=cast.data_officer)
    with tasks.BatchProgress(batch.pk) as progress:
        progress(10, 100)
    assert ImportBatch.objects.get(pk=batch.pk).rows_done == 10
    with transaction.atomic(), tasks.BatchProgress(batch.pk) as progress:  # as load_file does
        progress(40, 100)
        inside = ImportBatch.objects.get(pk=batch.pk).rows_done
        transaction.set_rollback(True)
    after = ImportBatch.objects.get(pk=batch.pk).rows_done
    if connection.vendor == "postgresql":
        # Written and committed by a second connection: the page sees it during the load.
        assert (inside, after) == (40, 40)
    else:
        # SQLite: the load's transaction holds the only write lock; nothing is attempted.
        assert (inside, after) == (10, 10)


# The worker closes connections left outside autocommit, as a test's transaction would be.
@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_the_load_until_db_worker_runs_it(client, cast, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE
    upload(client, cast.data_officer, [["POP", "12", "2567", "42"]])
    batch = last_batch()
    assert batch.status == BatchStatus.QUEUED
    assert Observation.objects.count() == 0
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "oneplan.stats.tasks.load_upload"
    assert 'hx-trigger="every 1s"' in page(client, batch)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert stored("POP") == {("12", "2024"): 42}
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == BatchStatus.DONE
